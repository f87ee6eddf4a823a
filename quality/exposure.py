"""Exposure of a scan: how bright the paper is, how dark the ink, and glare.

Levels come from a 256-bin histogram (one `np.bincount` pass, no sort) of every fourth pixel
in each direction (half a million on an A4 page at 300 dpi, plenty for a percentile):
percentiles need true pixel values, which subsampling keeps and area averaging would not
(averaging greys thin strokes and raises the ink level).

The ink level (`dark_level`, the 5th percentile) is taken over the tiles that hold content
only: on a page with wide white margins, 5% of all pixels reaches into the paper, while
within text tiles it lands on the ink. A faint or washed-out scan has a high ink level.

Brightness is that of the document's paper, where the paper level is known (`paper`, the
local paper level of `quality.content.paper_level`): its mean over the content tiles. The
mean of all pixels said more about what is printed on the paper than about the light: a
passport page's background security print and portrait pulled well-exposed scans below the
limit, and so did a dark desk around a photographed page. Ink is left out by the paper
level itself; a really under-exposed page has dark paper too.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from quality.content import half_scale

SAMPLE_STEP = 4
DARK_PERCENTILE = 5.0
BRIGHT_PERCENTILE = 95.0
SATURATED = 250
# Glare is judged on a copy halved this many times (1/8 of the image given), where text is
# averaged away and highlights remain.
GLARE_HALVINGS = 3
# A highlight must stand out from the document around it: the ring around the blob has a
# median at least this much below saturation (white paper around a white margin does not).
# Phone cameras expose white paper at up to ~95% of full scale (242), so a flash highlight
# on paper stands only 10-15 levels above it; at 1/8 scale sensor noise is well below that.
GLARE_STEP = 10
# Blobs smaller than this share of the page are specks, larger than MAX_GLARE_BLOB are
# the paper itself (e.g. a page photographed on a dark table), not a highlight on it.
MIN_GLARE_BLOB = 0.0005
MAX_GLARE_BLOB = 0.25
# A card on a white bed: its unsaturated area covers this much of the image at least, and
# this much of its own convex hull (a highlight bay takes a few percent).
MIN_CARD = 0.1
CARD_SOLIDITY = 0.9


@dataclass(frozen=True)
class Exposure:
    brightness: float
    dark_level: float
    bright_level: float
    contrast: float


def histogram(pixels: np.ndarray) -> np.ndarray:
    """256-bin histogram of uint8 pixels."""
    return np.bincount(pixels.reshape(-1), minlength=256)


def percentile(hist: np.ndarray, q: float) -> float:
    """Lowest grey level with at least `q` percent of the histogram's pixels at or below it
    (numpy's "inverted_cdf" percentile, without sorting)."""
    cumulative = np.cumsum(hist)
    if cumulative[-1] == 0:
        return 0.0
    needed = max(cumulative[-1] * q / 100.0, 1.0)
    return float(np.searchsorted(cumulative, needed))


def measure_exposure(
    gray: np.ndarray, content: np.ndarray | None = None, paper: np.ndarray | None = None
) -> Exposure:
    """Brightness, ink and paper levels and their difference.

    `content` is an optional boolean grid of tiles over `gray` (tile size = image size //
    grid size) marking tiles that carry content; the ink level is taken over those, and so
    is the brightness when `paper` (the local paper level, of `gray` or a scaled copy) is
    given. Without either, brightness is the mean of all pixels.
    """
    sample = gray[::SAMPLE_STEP, ::SAMPLE_STEP]
    whole = histogram(sample)
    dark_hist = whole
    if content is not None and content.any():
        ny, nx = content.shape
        ty, tx = sample.shape[0] // ny, sample.shape[1] // nx
        tiles = sample[: ny * ty, : nx * tx].reshape(ny, ty, nx, tx).transpose(0, 2, 1, 3)
        dark_hist = histogram(tiles[content])
    levels = np.arange(256)
    brightness = float(levels @ whole) / max(int(whole.sum()), 1)
    if paper is not None and content is not None and content.any():
        brightness = _paper_brightness(paper, content)
    dark = percentile(dark_hist, DARK_PERCENTILE)
    bright = percentile(whole, BRIGHT_PERCENTILE)
    return Exposure(
        brightness=brightness, dark_level=dark, bright_level=bright, contrast=bright - dark
    )


def _paper_brightness(paper: np.ndarray, content: np.ndarray) -> float:
    """Mean paper level over the content tiles (tile size = paper size // grid size)."""
    ny, nx = content.shape
    ty, tx = max(1, paper.shape[0] // ny), max(1, paper.shape[1] // nx)
    step = max(1, min(ty, tx) // 8)
    sample = paper[: ny * ty : step, : nx * tx : step]
    sy, sx = sample.shape[0] // ny, sample.shape[1] // nx
    if sy == 0 or sx == 0:
        return float(paper.mean())
    tiles = sample[: ny * sy, : nx * sx].reshape(ny, sy, nx, sx).transpose(0, 2, 1, 3)
    return float(tiles[content].mean())


def _card(saturated: np.ndarray) -> np.ndarray | None:
    """Where the document is when it is a card or page on a white (saturated) bed: the
    convex hull of the largest unsaturated region, if that covers at least MIN_CARD of the
    image and fills at least CARD_SOLIDITY of its hull; else None.

    A highlight near the edge of a laminated card runs into the white bed around it and
    becomes one blob with it, which touches the image border. Within the card's outline
    the highlight is a blob of its own again: a bay in an otherwise convex document.
    """
    unsaturated = (~saturated).view(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(unsaturated, connectivity=4)
    if count < 2:
        return None
    largest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    size = int(stats[largest, cv2.CC_STAT_AREA])
    if size < MIN_CARD * saturated.size or size == int(unsaturated.sum()) == saturated.size:
        return None
    contours, _ = cv2.findContours(
        (labels == largest).view(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE
    )
    hull = np.zeros_like(unsaturated)
    cv2.fillConvexPoly(hull, cv2.convexHull(np.concatenate(contours)), 1)
    if size < CARD_SOLIDITY * int(hull.sum()):
        return None
    return hull.view(bool)


def glare_fraction(gray: np.ndarray) -> float:
    """Share of the page covered by specular highlights on a non-white document.

    A highlight is a compact saturated (>= 250) blob that does not touch the image border
    (saturated paper margins and a white scanner lid do), is neither a speck nor most of
    the page, and is clearly brighter than the ring of document around it, in which hardly
    any other pixel is saturated: white paper between lines of text is ringed by more white
    paper, a highlight on a tinted card by the tint. White paper cannot show glare against
    itself, and there it does not hide anything either. On a card lying on a white bed,
    blobs and rings are taken within the card's outline (see `_card`), so that a highlight
    running into the bed is still seen.
    """
    small = half_scale(gray, GLARE_HALVINGS)
    saturated = small >= SATURATED
    card = _card(saturated)
    candidates = saturated if card is None else saturated & card
    count, labels, stats, _ = cv2.connectedComponentsWithStats(
        candidates.view(np.uint8), connectivity=8
    )
    sh, sw = small.shape
    area = float(sh * sw)
    glare = 0
    for i in range(1, count):
        x, y, bw, bh, n = (int(v) for v in stats[i])
        if n < MIN_GLARE_BLOB * area or n > MAX_GLARE_BLOB * area:
            continue
        if x == 0 or y == 0 or x + bw == sw or y + bh == sh:
            continue
        if min(bw, bh) < 3 or n < 0.4 * bw * bh:  # not a compact spot: a strip of paper
            continue
        pad = max(2, round(0.5 * np.sqrt(n)))
        window = np.s_[max(0, y - pad) : y + bh + pad, max(0, x - pad) : x + bw + pad]
        ring = labels[window] != i
        if card is not None:
            ring &= card[window]
        around = small[window][ring]
        if around.size == 0:
            continue
        if np.median(around) <= SATURATED - GLARE_STEP and np.mean(around >= SATURATED) < 0.05:
            glare += n
    return glare / area
