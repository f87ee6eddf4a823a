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
