"""Scan defects as pure functions on grey uint8 images.

Each returns a new array and leaves its input untouched, so one clean render can be degraded in
many ways and scored against the same ground truth.
"""

from __future__ import annotations

import math

import cv2
import numpy as np


def _grey(img: np.ndarray) -> np.ndarray:
    """Return `img` after checking it is a 2-D uint8 page, the only input these accept."""
    if img.ndim != 2 or img.dtype != np.uint8:
        raise ValueError(f"expected a 2-D uint8 grey image, got {img.dtype} {img.shape}")
    return img


def gaussian_blur(img: np.ndarray, sigma: float) -> np.ndarray:
    """Out-of-focus camera or a dirty scanner glass; sigma in pixels, 0 returns a copy."""
    if sigma <= 0:
        return _grey(img).copy()
    return cv2.GaussianBlur(_grey(img), (0, 0), sigmaX=sigma, sigmaY=sigma)


def motion_blur(img: np.ndarray, length: int, angle: float = 0.0) -> np.ndarray:
    """Hand shake during a phone capture: average along a `length`-pixel line at `angle` degrees.

    The angle follows the screen convention of `rotate`: 0 is horizontal, positive turns
    counter-clockwise.
    """
    _grey(img)
    if length <= 1:
        return img.copy()
    kernel = np.zeros((length, length), dtype=np.float32)
    centre = (length - 1) / 2
    dx, dy = math.cos(math.radians(angle)), -math.sin(math.radians(angle))
    half = (length - 1) / 2
    start = (round(centre - dx * half), round(centre - dy * half))
    end = (round(centre + dx * half), round(centre + dy * half))
    cv2.line(kernel, start, end, 1.0, 1)
    kernel /= kernel.sum()
    return cv2.filter2D(img, -1, kernel, borderType=cv2.BORDER_REPLICATE)


def rotate(img: np.ndarray, degrees: float) -> np.ndarray:
    """A page put crooked on the glass: turn counter-clockwise (as seen) by `degrees`.

    The canvas grows so no content is cut, and the uncovered corners are white like a scanner lid.
    """
    h, w = _grey(img).shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_w = math.ceil(w * cos + h * sin - 1e-6)
    new_h = math.ceil(w * sin + h * cos - 1e-6)
    matrix[0, 2] += new_w / 2 - w / 2
    matrix[1, 2] += new_h / 2 - h / 2
    return cv2.warpAffine(
        img,
        matrix,
        (new_w, new_h),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=255,
    )


def jpeg(img: np.ndarray, quality: int) -> np.ndarray:
    """Round-trip through a JPEG encoder, as phones and cheap scanners do before upload."""
    ok, encoded = cv2.imencode(".jpg", _grey(img), [cv2.IMWRITE_JPEG_QUALITY, int(quality)])
    if not ok:
        raise ValueError("JPEG encoding failed")
    decoded = cv2.imdecode(encoded, cv2.IMREAD_GRAYSCALE)
    if decoded is None:
        raise ValueError("JPEG decoding failed")
    return decoded


def exposure(img: np.ndarray, gain: float, offset: float) -> np.ndarray:
    """Over- or under-exposure and washed-out contrast: clip(img * gain + offset) to 0-255."""
    out = _grey(img).astype(np.float32) * gain + offset
    return np.clip(np.rint(out), 0, 255).astype(np.uint8)


def rescale(img: np.ndarray, factor: float) -> np.ndarray:
    """The same page scanned at `factor` times the resolution (multiply the dpi by it too).

    Area averaging when shrinking mimics a sensor's larger pixels; cubic when enlarging mimics
    a scanner's interpolated resolutions.
    """
    h, w = _grey(img).shape
    if factor <= 0:
        raise ValueError("factor must be positive")
    size = (max(1, round(w * factor)), max(1, round(h * factor)))
    interpolation = cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC
    return cv2.resize(img, size, interpolation=interpolation)


_SIDES = ("left", "right", "top", "bottom")
_CORNERS = ("top-left", "top-right", "bottom-left", "bottom-right")


def crop(img: np.ndarray, side: str, fraction: float) -> np.ndarray:
    """The document overhangs the glass (or the phone frame) on one side: drop `fraction` of the
    image on `side` ("left", "right", "top" or "bottom"). What is dropped is simply not in the
    upload, so whatever was printed there runs off the new edge."""
    h, w = _grey(img).shape
    if side not in _SIDES:
        raise ValueError(f"side must be one of {_SIDES}, not {side!r}")
    if not 0 <= fraction < 1:
        raise ValueError("fraction must be in [0, 1)")
    dy, dx = round(h * fraction), round(w * fraction)
    cut = {
        "left": img[:, dx:],
        "right": img[:, : w - dx],
        "top": img[dy:, :],
        "bottom": img[: h - dy, :],
    }[side]
    return np.ascontiguousarray(cut)


def cut_corner(
    img: np.ndarray, corner: str, fraction: float, fraction_y: float | None = None
) -> np.ndarray:
    """A document laid over a corner of the glass, or a card photographed off-centre: one of
    its corners is outside the frame. `fraction` of the width and `fraction_y` (default: the
    same) of the height are dropped on the two sides that meet at `corner` ("top-left",
    "top-right", "bottom-left" or "bottom-right")."""
    if corner not in _CORNERS:
        raise ValueError(f"corner must be one of {_CORNERS}, not {corner!r}")
    vertical, horizontal = corner.split("-")
    fy = fraction if fraction_y is None else fraction_y
    return crop(crop(img, horizontal, fraction), vertical, fy)


def glare(
    img: np.ndarray, cx: float, cy: float, rx: float, ry: float, angle: float = 0.0
) -> np.ndarray:
    """A specular highlight, like a phone flash on a laminated passport: inside the ellipse
    centred at (cx, cy) with semi-axes `rx`, `ry` px (turned by `angle` degrees,
    counter-clockwise) the sensor saturates at 255; over as much again outside it the
    highlight fades linearly into the image."""
    h, w = _grey(img).shape
    if rx <= 0 or ry <= 0:
        raise ValueError("the semi-axes must be positive")
    reach = 2 * max(rx, ry)
    x0, x1 = max(0, math.floor(cx - reach)), min(w, math.ceil(cx + reach) + 1)
    y0, y1 = max(0, math.floor(cy - reach)), min(h, math.ceil(cy + reach) + 1)
    out = img.copy()
    if x0 >= x1 or y0 >= y1:
        return out
    yy, xx = np.mgrid[y0:y1, x0:x1].astype(np.float32)
    cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    dx, dy = xx - cx, yy - cy
    # Screen convention: y grows downwards, so a counter-clockwise turn flips the sign of dy.
    u, v = dx * cos - dy * sin, dx * sin + dy * cos
    r = np.sqrt((u / rx) ** 2 + (v / ry) ** 2)
    boost = np.clip(2.0 - r, 0.0, 1.0)
    region = out[y0:y1, x0:x1].astype(np.float32)
    out[y0:y1, x0:x1] = np.clip(np.rint(region + (255.0 - region) * boost), 0, 255)
    return out


def phone_photo(img: np.ndarray, seed: int) -> np.ndarray:
    """A realistic, acceptable phone capture of a page, the same size as the image given.

    The page covers 84-93% of the frame on a darker desk (a margin all round), seen slightly
    from below or aside (keystone: the far edge 0-6% shorter, corners off by up to 1.5%, a turn
    of up to 2 degrees); lit unevenly (a linear fall-off of up to 15% and vignetting of up to
    20% at the corners, with auto-exposure putting the brightest paper at 88-95% of full
    scale, so white paper is not clipped); slightly out of focus (Gaussian sigma 0.3-0.7 px);
    sensor noise (sigma 1.5-3 levels); and saved as JPEG at quality 75-85. Deterministic for
    a given seed.
    """
    h, w = _grey(img).shape
    rng = np.random.default_rng(seed)
    scale = rng.uniform(0.84, 0.93)
    pw, ph = w * scale, h * scale
    cx = w / 2 + rng.uniform(-0.25, 0.25) * (w - pw)
    cy = h / 2 + rng.uniform(-0.25, 0.25) * (h - ph)
    keystone = rng.uniform(0.0, 0.06)
    quad = np.array(
        [
            [-pw / 2 * (1 - keystone), -ph / 2],
            [pw / 2 * (1 - keystone), -ph / 2],
            [pw / 2, ph / 2],
            [-pw / 2, ph / 2],
        ]
    )
    if rng.random() < 0.5:  # seen from aside: the keystone runs along the other axis
        quad = np.array(
            [[-pw / 2, -ph / 2 * (1 - keystone)], [pw / 2, -ph / 2],
             [pw / 2, ph / 2], [-pw / 2, ph / 2 * (1 - keystone)]]
        )  # fmt: skip
    quad += rng.uniform(-0.015, 0.015, (4, 2)) * (w, h)
    turn = math.radians(rng.uniform(-2.0, 2.0))
    rotation = np.array([[math.cos(turn), -math.sin(turn)], [math.sin(turn), math.cos(turn)]])
    quad = quad @ rotation.T + (cx, cy)
    # Keep at least 2% of desk on every side: the whole page is in the picture.
    lo, hi = quad.min(axis=0), quad.max(axis=0)
    room = np.array([w, h]) * 0.96
    fit = min(1.0, float((room / (hi - lo)).min()))
    mid = (lo + hi) / 2
    half = (hi - lo) * fit / 2
    target = np.clip(mid, np.array([w, h]) * 0.02 + half, np.array([w, h]) * 0.98 - half)
    quad = (quad - mid) * fit + target
    source = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(source, quad.astype(np.float32))
    page = cv2.warpPerspective(
        img, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0
    )
    cover = cv2.warpPerspective(
        np.full((h, w), 255, np.uint8), matrix, (w, h), flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT, borderValue=0,
    )  # fmt: skip
    # A desk: a darker surface with its own gentle shading, under the same light.
    coarse = rng.normal(rng.uniform(60, 130), 6.0, (6, 6)).astype(np.float32)
    desk = cv2.resize(coarse, (w, h), interpolation=cv2.INTER_CUBIC)
    weight = cover.astype(np.float32)
    scene = cv2.blendLinear(page.astype(np.float32), desk, weight, 255.0 - weight)
    # Light: a linear fall-off in a random direction and vignetting, peak at the exposure.
    yy, xx = np.mgrid[0:h:8, 0:w:8].astype(np.float32)
    nx, ny = (xx - w / 2) / (w / 2), (yy - h / 2) / (h / 2)
    direction = rng.uniform(0, 2 * math.pi)
    ramp = rng.uniform(0.0, 0.15) * (nx * math.cos(direction) + ny * math.sin(direction) + 1) / 2
    vignette = rng.uniform(0.05, 0.20) * (nx**2 + ny**2) / 2
    light = 1.0 - ramp - vignette
    light *= rng.uniform(0.88, 0.95) / light.max()
    cv2.multiply(scene, cv2.resize(light, (w, h), interpolation=cv2.INTER_LINEAR), dst=scene)
    scene = cv2.GaussianBlur(scene, (0, 0), rng.uniform(0.3, 0.7))
    noise = rng.standard_normal((h, w), dtype=np.float32)
    cv2.scaleAdd(noise, rng.uniform(1.5, 3.0), scene, dst=scene)
    photo = scene.round().clip(0, 255).astype(np.uint8)
    return jpeg(photo, int(rng.integers(75, 86)))
