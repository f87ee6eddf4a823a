"""Capture conditions: how a clean page reaches the portal, acceptably or not.

Written apart from `benchmarks.synth.distort` on purpose: a gate tuned on one implementation of
"a phone photo" should be scored on another. Good captures are what careful uploaders send (a
flatbed scan, a reasonable phone photo); bad ones are what the gate exists to refuse, each named
with the rejection reasons the portal's documentation gives for it.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np


def _as_page(img: np.ndarray) -> np.ndarray:
    if img.ndim != 2 or img.dtype != np.uint8:
        raise ValueError(f"expected a 2-D uint8 grey image, got {img.dtype} {img.shape}")
    return img


def _turn(img: np.ndarray, degrees: float, border: int) -> np.ndarray:
    """Rotate about the centre on an enlarged canvas, so nothing is cut off."""
    h, w = img.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    size = (math.ceil(w * cos + h * sin), math.ceil(w * sin + h * cos))
    matrix[:, 2] += (size[0] - w) / 2, (size[1] - h) / 2
    return cv2.warpAffine(img, matrix, size, flags=cv2.INTER_LINEAR, borderValue=border)


def _noise(img: np.ndarray, rng: random.Random, sigma: float) -> np.ndarray:
    grain = np.random.default_rng(rng.getrandbits(32)).normal(0.0, sigma, img.shape)
    return np.clip(img.astype(np.float32) + grain, 0, 255).astype(np.uint8)


def flatbed(img: np.ndarray, rng: random.Random) -> np.ndarray:
    """An office scanner: paper slightly off-white, the sheet a little crooked, sensor grain."""
    paper = _as_page(img).astype(np.float32) * rng.uniform(0.94, 0.99) + rng.uniform(0, 6)
    soft = cv2.GaussianBlur(paper, (0, 0), rng.uniform(0.4, 0.7))
    turned = _turn(np.clip(soft, 0, 255).astype(np.uint8), rng.uniform(-1.5, 1.5), 252)
    return _noise(turned, rng, rng.uniform(1.5, 3.0))


def phone(img: np.ndarray, rng: random.Random) -> np.ndarray:
    """A handheld phone photo of a page on a desk, before the phone's JPEG encoder.

    The page fills 85-92% of the frame, seen a little obliquely (each corner moved by up to 4%
    of the frame), lit from one side (up to 25% fall-off) with darker corners, slightly soft and
    grainy. The frame has the page's own pixel size.
    """
    page = _as_page(img)
    h, w = page.shape
    fill = rng.uniform(0.85, 0.92)
    cx, cy = w / 2, h / 2
    corners = []
    for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
        x = cx + sx * w * fill / 2 + rng.uniform(-0.04, 0.04) * w
        y = cy + sy * h * fill / 2 + rng.uniform(-0.04, 0.04) * h
        corners.append((x, y))
    source = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(source, np.array(corners, dtype=np.float32))
    desk_level = rng.uniform(60, 140)
    scene = cv2.warpPerspective(
        page.astype(np.float32), matrix, (w, h), flags=cv2.INTER_AREA, borderValue=desk_level
    )
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    u, v = (xx - cx) / w, (yy - cy) / h
    direction = rng.uniform(0, 2 * math.pi)
    side = 1.0 - rng.uniform(0.05, 0.25) * (0.5 + u * math.cos(direction) + v * math.sin(direction))
    corners_dark = 1.0 - rng.uniform(0.05, 0.25) * (u**2 + v**2) * 2
    scene *= side * corners_dark * rng.uniform(0.9, 1.0)
    scene = cv2.GaussianBlur(scene, (0, 0), rng.uniform(0.6, 1.1))
    return _noise(np.clip(scene, 0, 255).astype(np.uint8), rng, rng.uniform(2.0, 4.0))


# ----- captures the gate must refuse ---------------------------------------------------------


def defocused(img: np.ndarray, rng: random.Random) -> np.ndarray:
    """Badly out of focus (Gaussian sigma 4-7 px), every other one also held crooked."""
    blurred = cv2.GaussianBlur(_as_page(img), (0, 0), rng.uniform(4.0, 7.0))
    if rng.random() < 0.5:
        return _turn(blurred, rng.choice((-1, 1)) * rng.uniform(3, 8), 250)
    return blurred


def shaken(img: np.ndarray, rng: random.Random) -> np.ndarray:
    """The phone moved during the exposure: a 25-50 px streak in a random direction."""
    length = rng.randint(25, 50)
    angle = rng.uniform(0, math.pi)
    kernel = np.zeros((length, length), np.float32)
    centre = (length - 1) / 2
    for t in np.linspace(-centre, centre, length * 2):
        kernel[round(centre + t * math.sin(angle)), round(centre + t * math.cos(angle))] = 1.0
    kernel /= kernel.sum()
    return cv2.filter2D(_as_page(img), -1, kernel, borderType=cv2.BORDER_REPLICATE)


def underexposed(img: np.ndarray, rng: random.Random) -> np.ndarray:
    """A photo in a dim room without flash: white paper comes out at a fifth of full scale."""
    gain = rng.uniform(0.12, 0.25)
    return np.clip(_as_page(img).astype(np.float32) * gain, 0, 255).astype(np.uint8)


def overexposed(img: np.ndarray, rng: random.Random) -> np.ndarray:
    """Flash or a bright window: the ink washes out to a pale grey on clipped white."""
    lift = rng.uniform(215, 235)
    page = _as_page(img).astype(np.float32) * (255 - lift) / 255 + lift
    return np.clip(page, 0, 255).astype(np.uint8)


def halved(img: np.ndarray, rng: random.Random) -> np.ndarray:
    """Only half of the document made it into the picture, cut through the text."""
    h, w = _as_page(img).shape
    side = rng.choice(("top", "bottom", "left", "right"))
    if side == "top":
        return img[: h // 2].copy()
    if side == "bottom":
        return img[h // 2 :].copy()
    if side == "left":
        return img[:, : w // 2].copy()
    return img[:, w // 2 :].copy()


@dataclass(frozen=True)
class BadCapture:
    """A defect, the reasons the gate may give for refusing it, and the dpi left afterwards."""

    name: str
    reasons: tuple[str, ...]
    apply: Callable[[np.ndarray, random.Random], np.ndarray]
    dpi_factor: float = 1.0


_THUMBNAIL = 0.22


def _low_resolution(img: np.ndarray, rng: random.Random) -> np.ndarray:
    """A thumbnail forwarded by a messaging app: 66 dpi left of a 300 dpi scan."""
    factor = _THUMBNAIL
    h, w = _as_page(img).shape
    return cv2.resize(img, (round(w * factor), round(h * factor)), interpolation=cv2.INTER_AREA)


BAD_CAPTURES: tuple[BadCapture, ...] = (
    BadCapture("defocused", ("blurry",), defocused),
    BadCapture("motion blur", ("blurry",), shaken),
    BadCapture("underexposed", ("too_dark", "low_contrast"), underexposed),
    BadCapture("overexposed", ("too_bright", "low_contrast"), overexposed),
    BadCapture("cut in half", ("cropped",), halved),
    BadCapture("low resolution", ("low_resolution",), _low_resolution, dpi_factor=_THUMBNAIL),
)
