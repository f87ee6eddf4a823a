"""Skew of a page (text lines not horizontal) and its correction.

Angles are in degrees, counter-clockwise positive as seen on screen: content turned with
`cv2.getRotationMatrix2D(centre, +a, 1)` has skew +a, and `deskew(img, a)` undoes it.

Method: projection profiles of the ink. Rotating the ink coordinates back by the right
angle lines the text up in rows, so the histogram of their y coordinates is peaky; the sum
of squared bin counts measures that. All candidate angles are scored at once with one
`np.bincount` over (angle, bin) pairs, coarse to fine. Candidates cover a half turn: lines
that are more vertical than horizontal score at an angle beyond +-45 degrees and are
reported as the equivalent angle within +-45 (the page is then on its side, which is the
orientation check's business, not skew's).
"""

from __future__ import annotations

import cv2
import numpy as np

from quality.content import half_scale, ink_mask

# Working resolution: about 1000 px on the long side, where text lines are a few pixels
# apart and hundreds long (one pixel over a line is ~0.1 degree); finer costs more and
# gains nothing measurable.
WORK_LONG_SIDE = 1000
COARSE_POINTS = 4000
FINE_POINTS = 10000
# (half-width of the search range, step) per stage, in degrees; the first stage spans
# the half turn.
STAGES = ((90.0, 1.0), (1.5, 0.1), (0.15, 0.01))


def _profile_scores(xs: np.ndarray, ys: np.ndarray, angles: np.ndarray) -> np.ndarray:
    """Sum of squared row counts of the points after rotating them back by each angle."""
    rad = np.deg2rad(angles).astype(np.float32)[:, None]
    rows = xs[None, :] * np.sin(rad) + ys[None, :] * np.cos(rad)
    reach = float(np.hypot(xs.max(initial=0.0), ys.max(initial=0.0))) + 2.0
    nbins = int(2 * reach) + 1
    bins = (rows + reach).astype(np.int64) + (np.arange(angles.size) * nbins)[:, None]
    counts = np.bincount(bins.reshape(-1), minlength=angles.size * nbins)
    counts = counts.reshape(angles.size, nbins)
    return (counts * counts).sum(axis=1).astype(np.float64)


def _subsample(ys: np.ndarray, xs: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    step = max(1, ys.size // n)
    return xs[::step].astype(np.float32), ys[::step].astype(np.float32)


def skew_from_ink(ink: np.ndarray) -> float:
    """Skew angle of the ink in a boolean mask; 0.0 when there is no ink.

    The mask is subsampled to about WORK_LONG_SIDE on its long side first.
    """
    stride = max(1, -(-max(ink.shape) // WORK_LONG_SIDE))
    ys, xs = np.nonzero(ink[::stride, ::stride])
    if ys.size < 2:
        return 0.0
    best = 0.0
    for i, (span, step) in enumerate(STAGES):
        px, py = _subsample(ys, xs, COARSE_POINTS if i == 0 else FINE_POINTS)
        angles = best + np.arange(-span, span + (0 if i == 0 else step / 2), step)
        scores = _profile_scores(px, py, angles)
        k = int(np.argmax(scores))
        best = float(angles[k])
        if 0 < k < angles.size - 1:
            left, mid, right = scores[k - 1], scores[k], scores[k + 1]
            curvature = left - 2 * mid + right
            if curvature < 0:
                best += 0.5 * step * (left - right) / curvature
    return (best + 45.0) % 90.0 - 45.0


def estimate_skew(gray: np.ndarray) -> float:
    """Skew of the text on a grey page in degrees, counter-clockwise positive, in +-45."""
    if gray.dtype != np.uint8 or gray.ndim != 2:
        raise ValueError(f"expected a 2-D uint8 image, got {gray.ndim}-D {gray.dtype}")
    work = half_scale(gray) if max(gray.shape) > 2 * WORK_LONG_SIDE else gray
    return skew_from_ink(ink_mask(work))


def deskew(gray: np.ndarray, angle: float) -> np.ndarray:
    """Rotate by -angle about the centre on a canvas grown to keep every corner, white fill.

    Bilinear: bicubic costs 2.5 times as much on a 300 dpi page for no gain in OCR.
    """
    if angle == 0.0:
        return gray.copy()
    return turn_back(gray, angle, cv2.INTER_LINEAR, fill=255)


def turn_back(image: np.ndarray, angle: float, interpolation: int, fill: int) -> np.ndarray:
    """Rotate by -angle about the centre on a canvas grown to keep every corner."""
    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    # The epsilon keeps float noise (cos 90 is 6e-17, not 0) from adding a pixel.
    nw = int(np.ceil(w * cos + h * sin - 1e-6))
    nh = int(np.ceil(w * sin + h * cos - 1e-6))
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    return cv2.warpAffine(
        image, m, (nw, nh), flags=interpolation, borderMode=cv2.BORDER_CONSTANT, borderValue=fill
    )
