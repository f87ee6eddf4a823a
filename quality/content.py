"""What is on the page: which pixels are ink, how much of it there is, and whether it runs
off the edge of the image.

Ink is found with an adaptive threshold, not a global (Otsu) one: a pixel is ink when it is
clearly darker than the paper around it. A global threshold splits any histogram in two, so
on a blank page it turns paper noise into "ink", and on a passport it calls the tinted
background ink; the local comparison does neither, and still finds ink on a page that is
uniformly too dark or washed out, which the exposure checks then judge.

Ink is print: strokes, rules and lines, narrow in at least one direction. The paper level is
therefore a grey closing (the brightest level around, then the darkest of those), which
fills in marks narrower than its window but leaves dark surfaces wider than it in both
directions as they are: the desk around a photographed page, a punch hole with the dark lid
behind it, the dark parts of a portrait. Those are not text, and counting them as ink made a
page photographed on a desk look cut off, and a blank page with a punch hole look written on.
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
# Background darker than this share of the page's bright paper is a desk, not paper.
MIN_PAPER_SHARE = 0.5
PAPER_SAMPLE = 8
# Width of the border strip, as a fraction of the image side it runs along.
BORDER_FRACTION = 0.01
# Within the border strip, a mark longer than this fraction of the side that does not reach
# the border is a rule or frame line of a document whose margin was cropped, not a cut.
RULE_FRACTION = 0.08
# A mark cut by the border counts over at least this fraction of the side: about a character
# of body text along the long side of an A4 page.
MIN_CUT_MARK = 0.006


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
    """Local paper level: a grey closing over BACKGROUND_WINDOW, so at least the level of the
    pixel itself, and the paper around any mark narrower than the window.

    The image is continued beyond its border by replication: a surface cut by the border (the
    desk in a tightly framed photo) continues outside it, as it does in the scene, and stays
    a surface instead of turning into a thin dark strip along the edge.
    """
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (BACKGROUND_WINDOW, BACKGROUND_WINDOW))
    # Padded explicitly: a closing that replicates at each of its two steps would extend the
    # dilated image, in which the paper next to a thin strip of desk has already spread.
    pad = 2 * (BACKGROUND_WINDOW // 2)
    wide = cv2.copyMakeBorder(gray, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
    closed = cv2.morphologyEx(wide, cv2.MORPH_CLOSE, kernel, borderType=cv2.BORDER_REPLICATE)
    return closed[pad:-pad, pad:-pad]


def ink_step(paper: np.ndarray) -> np.ndarray:
    """How much darker than the local paper a pixel must be to count as ink."""
    lut = np.maximum(MIN_INK_STEP, np.arange(256) * INK_STEP_FRACTION).astype(np.uint8)
    return cv2.LUT(paper, lut)


def _darker_along(line: np.ndarray, floor: float) -> np.ndarray:
    """Pixels of a 1-D grey line markedly darker than the brightest within BACKGROUND_WINDOW
    along it, where that brightest is paper (at least `floor`)."""
    row = np.ascontiguousarray(line).reshape(1, -1)
    brightest = cv2.dilate(row, np.ones((1, BACKGROUND_WINDOW), np.uint8))
    darker = (cv2.subtract(brightest, row) >= ink_step(brightest)) & (brightest >= floor)
    return np.asarray(darker).reshape(-1)


def paper_floor(paper: np.ndarray) -> float:
    """The darkest local background still taken for paper: MIN_PAPER_SHARE of the page's
    bright paper. A dark desk or lid around a photographed page is no paper, and the noise on
    it is no ink; an under-exposed page has all its paper darker, and keeps its ink."""
    return MIN_PAPER_SHARE * float(np.percentile(paper[::PAPER_SAMPLE, ::PAPER_SAMPLE], 95))


def ink_mask(gray: np.ndarray, paper: np.ndarray | None = None) -> np.ndarray:
    """Boolean mask of pixels that are markedly darker than the paper around them.

    On the image border the paper around a mark can only be seen along the border, so there
    a pixel is also ink when it is markedly darker than the brightest pixel near it on the
    border line. A dark area that the border cuts (a portrait, a dark logo) is a surface to
    the closing, but where its outline meets the border, the border passes from paper to
    dark: content running off the edge. A desk or lid that frames the page runs along the
    border without paper beside it, and stays what it is.
    """
    if paper is None:
        paper = paper_level(gray)
    floor = paper_floor(paper)
    ink = np.asarray((cv2.subtract(paper, gray) >= ink_step(paper)) & (paper >= floor))
    h, w = gray.shape
    if h >= 2 and w >= 2:
        ink[0] |= _darker_along(gray[0], floor)
        ink[h - 1] |= _darker_along(gray[h - 1], floor)
        ink[:, 0] |= _darker_along(gray[:, 0], floor)
        ink[:, w - 1] |= _darker_along(gray[:, w - 1], floor)
    return ink


def ink_fraction(ink: np.ndarray) -> float:
    """Share of the page that is ink: a blank page is near 0, a dense text page ~0.05-0.1."""
    return float(np.count_nonzero(ink)) / ink.size if ink.size else 0.0


def _cut_share(strip: np.ndarray) -> float:
    """Share of positions along a border strip covered by cut or loose content.

    `strip` is boolean, rows running from the border line (row 0) inwards, columns along the
    side. Ink that touches the border line is cut: it always counts, and over at least
    MIN_CUT_MARK of the side, however little of it is left in the image. It is the visible
    end of something that goes on beyond the border: a cut just below a line of text leaves
    only the tails of its descenders, a cut across a frame only the line's width. Ink that
    does not touch the border counts over its own extent (text a few millimetres from the
    edge of an image is text whose page goes on), except a line running along the side for
    more than RULE_FRACTION of it: a frame or a rule that stops short of the border belongs
    to a whole document whose margin was cropped away.
    """
    if not strip.any():
        return 0.0
    _, labels, stats, _ = cv2.connectedComponentsWithStats(strip.view(np.uint8), connectivity=8)
    cut = np.zeros(stats.shape[0], bool)
    cut[labels[0]] = True
    cut[0] = False
    loose = (stats[:, cv2.CC_STAT_WIDTH] < RULE_FRACTION * strip.shape[1]) & ~cut
    loose[0] = False
    # Cut marks narrower than MIN_CUT_MARK count over that much, centred on themselves.
    n = strip.shape[1]
    reach = max(1, round(MIN_CUT_MARK * n))
    left, width = stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_WIDTH]
    thin = cut & (width < reach)
    start = np.clip(np.rint(left + (width - reach) / 2).astype(np.intp), 0, n)
    ends = np.zeros(n + 1, np.intp)
    np.add.at(ends, start[thin], 1)
    np.add.at(ends, np.minimum(start[thin] + reach, n), -1)
    widened = np.cumsum(ends[:n]) > 0
    return float((widened | (cut | loose)[labels].any(axis=0)).mean())


def edge_ink(ink: np.ndarray) -> float:
    """How far content runs off the image: for each side, the share of positions along it
    at which the border strip (the outer 1%) holds content; the largest of the four sides.

    Counting positions along the side rather than ink area makes a cut through a text
    block stand out (each text line that runs off the edge counts over its full height)
    while an isolated speck counts only its own size. Ink that reaches the border always
    counts; a long line parallel to the side that does not reach it does not (see
    `_cut_share`). A scan with a white margin gives 0.
    """
    h, w = ink.shape
    sh = max(1, round(h * BORDER_FRACTION))
    sw = max(1, round(w * BORDER_FRACTION))
    strips = (
        ink[:, :sw].T,
        ink[:, w - sw :][:, ::-1].T,
        ink[:sh, :],
        ink[h - sh :, :][::-1],
    )
    return max(_cut_share(np.ascontiguousarray(strip)) for strip in strips)
