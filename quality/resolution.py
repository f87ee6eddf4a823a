"""Effective resolution of a scan, from its metadata or, failing that, from its text.

Assumption behind the estimate: documents in this portal are set in body text of about
10-11 pt, whose x-height (the height of a, e, o, n...) is about 1.9 mm in common fonts
(Arial 10.5 pt: 1.92 mm; DejaVu Sans: 2.03 mm; Times is smaller, 1.66 mm). Lower-case
letters without ascenders or descenders are the most frequent character shapes, so the
median height of character-like ink blobs is close to the x-height. Text set much larger
or smaller than that (posters, fine print only) shifts the estimate in proportion: it is
meant to catch a page scanned at 100 dpi, not to tell 280 from 300 dpi. On the synthetic
documents it reads 0.98-1.14x the true dpi on contracts and text pages, 1.07-1.25x on
passports (caps and the MRZ), 1.1-1.5x on diplomas (large type).

Blobs are cut at the half-way grey level between the local paper and the local ink, so
that blur, which spreads ink symmetrically around that level, hardly changes their size.

An identity document's MRZ gives a far better figure: its characters sit at a pitch fixed by
ICAO 9303 (2.54 mm, see `quality.mrz`). File metadata is trusted only where it agrees with
what the text shows: within MRZ_AGREEMENT of the MRZ's figure, or, without an MRZ, unless the
x-height estimate (only that rough) is more than TEXT_AGREEMENT times higher. A screenshot or
web export labelled 72 or 96 dpi whose MRZ characters are 25 px apart is a 250 dpi image, and
is judged as one; a page whose text is genuinely small in pixels is still `low_resolution`.
"""

from __future__ import annotations

import cv2
import numpy as np

from quality.content import BACKGROUND_WINDOW, half_scale, ink_step, paper_level

MM_PER_INCH = 25.4
ASSUMED_X_HEIGHT_MM = 1.9
PLAUSIBLE_DPI = (50.0, 1200.0)
# At the claimed dpi the image must fit on an A3 sheet (plus a margin); many programs write
# 72 dpi into files of any size, which would make an A4 page at 300 dpi a poster.
MAX_PAGE_MM = 460.0
MIN_CHARACTERS = 20
BAND_ROWS = 64
BAND_EVERY = 3
# Blobs shorter than this fraction of the tall letters are small print, not the main text.
SMALL_PRINT_RATIO = 0.5
# Below this x-height (px) at half scale, letters start to merge and heights to quantise:
# measure at full scale instead (it is a small image then).
MIN_HALF_SCALE_X_HEIGHT = 10.0
# Metadata that disagrees with the text by more than these factors is not believed.
MRZ_AGREEMENT = 1.25
TEXT_AGREEMENT = 2.0


def plausible_metadata_dpi(dpi: float | None, shape: tuple[int, ...]) -> float | None:
    """The metadata dpi if it is in the plausible range and gives a plausible page size."""
    if dpi is None or not PLAUSIBLE_DPI[0] <= dpi <= PLAUSIBLE_DPI[1]:
        return None
    if max(shape) / dpi * MM_PER_INCH > MAX_PAGE_MM:
        return None
    return float(dpi)


def character_mask(gray: np.ndarray, paper: np.ndarray | None = None) -> np.ndarray:
    """Pixels darker than half-way between the local paper and the local ink level, where
    the two differ as much as ink and paper do (see `quality.content.ink_mask`)."""
    if paper is None:
        paper = paper_level(gray)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (BACKGROUND_WINDOW, BACKGROUND_WINDOW))
    ink = cv2.erode(gray, kernel)
    midway = cv2.addWeighted(paper, 0.5, ink, 0.5, 0.0)
    return np.asarray((gray < midway) & (cv2.subtract(paper, ink) >= ink_step(paper)))


def _band_heights(band: np.ndarray) -> np.ndarray:
    """Heights of the character-like blobs in one band of a character mask.

    Character-like: not touching the band's edges (it may be cut), at least 3 px tall,
    neither far wider than tall (merged words, rules) nor a thin line, neither a solid
    block nor a sparse tangle.
    """
    count, _, stats, _ = cv2.connectedComponentsWithStats(band.astype(np.uint8), connectivity=8)
    x, y, w, h, area = (stats[1:count, k] for k in range(5))
    bh, bw = band.shape
    fill = area / np.maximum(w * h, 1)
    keep = (
        (x > 0)
        & (y > 0)
        & (x + w < bw)
        & (y + h < bh)
        & (h >= 3)
        & (w <= 2 * h)
        & (w * 8 >= h)
        & (fill >= 0.15)
        & (fill <= 0.9)
    )
    return np.asarray(h[keep])


def x_height_px(mask: np.ndarray) -> float | None:
    """Median height, in pixels of `mask`, of the main text's characters; None if too few.

    Blobs are labelled in bands of BAND_ROWS rows, one band in BAND_EVERY (labelling is
    the costly step and a third of a page holds plenty of characters). Small print
    (punctuation, dots, form labels, '<' fillers) is left out: only blobs at least half
    as tall as the tall letters (90th percentile) count.
    """
    step = BAND_ROWS * BAND_EVERY
    bands = [mask[top : top + BAND_ROWS] for top in range(0, mask.shape[0], step)]
    heights = np.concatenate([_band_heights(b) for b in bands]) if bands else np.empty(0)
    if heights.size < MIN_CHARACTERS:
        return None
    main = heights[heights >= SMALL_PRINT_RATIO * np.percentile(heights, 90)]
    return float(np.median(main))


def estimate_dpi(
    gray: np.ndarray, half: np.ndarray | None = None, half_paper: np.ndarray | None = None
) -> float | None:
    """dpi implied by the x-height of the text on a grey page, or None without text.

    Measured on the half-scale page (pass it as `half`, with its `paper_level`, if already
    made), or on the page itself when the text is too small there.
    """
    if half is None:
        half = half_scale(gray)
    height = x_height_px(character_mask(half, half_paper))
    scale = gray.shape[0] / half.shape[0]
    if height is None or height < MIN_HALF_SCALE_X_HEIGHT:
        height = x_height_px(character_mask(gray))
        scale = 1.0
    if height is None:
        return None
    return height * scale / ASSUMED_X_HEIGHT_MM * MM_PER_INCH


def _agrees(a: float, b: float, factor: float) -> bool:
    return max(a, b) <= factor * min(a, b)


def effective_dpi(
    metadata_dpi: float | None,
    gray: np.ndarray,
    half: np.ndarray | None = None,
    half_paper: np.ndarray | None = None,
    mrz_dpi: float | None = None,
) -> tuple[float | None, bool]:
    """(dpi, trusted): the resolution the page is judged at, and whether it is exact enough
    to normalise focus with (metadata that the text confirms, or an MRZ's pitch).

    With an MRZ (`mrz_dpi`, from `quality.mrz`): the metadata where it agrees with it, else
    the MRZ's figure. Without: the metadata unless the x-height estimate is more than
    TEXT_AGREEMENT times higher, else the estimate, untrusted.
    """
    trusted = plausible_metadata_dpi(metadata_dpi, gray.shape)
    if mrz_dpi is not None:
        if trusted is not None and _agrees(trusted, mrz_dpi, MRZ_AGREEMENT):
            return trusted, True
        return mrz_dpi, True
    estimate = estimate_dpi(gray, half, half_paper)
    # Only letters larger than the metadata allows overrule it (a screenshot labelled 96 dpi):
    # small letters are as often fine print, or a page with little text, as a wrong label.
    if trusted is not None and (estimate is None or estimate <= TEXT_AGREEMENT * trusted):
        return trusted, True
    return estimate, False
