"""What is on the page: which pixels are ink, how much of it there is, and whether it runs
off the edge of the image.

Ink is found with an adaptive threshold, not a global (Otsu) one: a pixel is ink when it is
clearly darker than the brightest paper around it. A global threshold splits any histogram
in two, so on a blank page it turns paper noise into "ink", and on a passport it calls the
tinted background ink; the local comparison does neither, and still finds ink on a page
that is uniformly too dark or washed out, which the exposure checks then judge.
"""

from __future__ import annotations

import cv2
import numpy as np

# Neighbourhood in which the paper level is taken (pixels of the image it is applied to,
# normally the half-scale page): wider than the strokes of bold headings, so the local
# maximum is paper, not ink.
BACKGROUND_WINDOW = 25
# Ink is darker than the local paper by at least this fraction of the paper level, and by
# at least MIN_INK_STEP grey levels: relative, so a dark page keeps its ink; well above the
# sensor noise and the fine background print of ID documents.
INK_STEP_FRACTION = 0.2
MIN_INK_STEP = 12
# Width of the border strip, as a fraction of the image side it runs along.
BORDER_FRACTION = 0.01


def half_scale(gray: np.ndarray, times: int = 1) -> np.ndarray:
    """Area-averaged copy halved `times` times: enough detail for ink at a quarter of the
    pixels per halving. Exact halvings of even sizes take OpenCV's fast 2x2 path; other
    factors do not."""
    for _ in range(times):
        h, w = gray.shape
        if h < 2 or w < 2:
            break
        even = gray[: h - h % 2, : w - w % 2]  # an odd last row or column would cost 20x
        gray = cv2.resize(even, (w // 2, h // 2), interpolation=cv2.INTER_AREA)
    return gray


def paper_level(gray: np.ndarray) -> np.ndarray:
    """Local paper level: the brightest pixel within BACKGROUND_WINDOW (a grey dilation)."""
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (BACKGROUND_WINDOW, BACKGROUND_WINDOW))
    return cv2.dilate(gray, kernel)


def ink_step(paper: np.ndarray) -> np.ndarray:
    """How much darker than the local paper a pixel must be to count as ink."""
    lut = np.maximum(MIN_INK_STEP, np.arange(256) * INK_STEP_FRACTION).astype(np.uint8)
    return cv2.LUT(paper, lut)


def ink_mask(gray: np.ndarray, paper: np.ndarray | None = None) -> np.ndarray:
    """Boolean mask of pixels that are markedly darker than the paper around them."""
    if paper is None:
        paper = paper_level(gray)
    return np.asarray(cv2.subtract(paper, gray) >= ink_step(paper))


def ink_fraction(ink: np.ndarray) -> float:
    """Share of the page that is ink: a blank page is near 0, a dense text page ~0.05-0.1."""
    return float(np.count_nonzero(ink)) / ink.size if ink.size else 0.0


def edge_ink(ink: np.ndarray) -> float:
    """How far content runs into the image border: for each side, the share of positions
    along it whose border strip (the outer 1%) holds ink; the largest of the four sides.

    Counting positions along the side rather than ink area makes a cut through a text
    block stand out (each text line that runs off the edge counts over its full height)
    while an isolated speck counts only its own size. A scan with a white margin gives 0.
    """
    h, w = ink.shape
    sh = max(1, round(h * BORDER_FRACTION))
    sw = max(1, round(w * BORDER_FRACTION))
    sides = (
        ink[:, :sw].any(axis=1),
        ink[:, w - sw :].any(axis=1),
        ink[:sh, :].any(axis=0),
        ink[h - sh :, :].any(axis=0),
    )
    return max(float(side.mean()) for side in sides)
