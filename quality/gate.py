"""The scan-quality gate: measure a page once, then judge the measures against thresholds.

`measure` is the only function that touches pixels. It works at the scale each measure
needs: focus at the 300 dpi reference (full detail), ink, text size and skew on the
half-scale page (skew on a quarter of its pixels), exposure on every fourth pixel in each
direction, glare on a 1/16-scale copy.

`evaluate` turns metrics into reasons a person can act on. Some checks are meaningless
when another one fails, and their reasons would send the uploader after the wrong fix:
on a blank page there is no text to be blurry or faint, so a blank page gets only
`blank_page`; a page that is too dark or washed out has weak edges however well focused it
is (the Laplacian scales with contrast), so `blurry` is left out there unless the page
would still be blurry at full contrast (its score scaled by (255 / contrast)^2: heavy blur
itself lifts the ink level until the page also reads as washed out), and `low_contrast`,
which is then the same defect in other words, is left out too. Low contrast alone does not
hide `blurry`: heavy blur itself lowers contrast, and then blur is the cause to name.
"""

from __future__ import annotations

import cv2
import numpy as np

from quality.blur import REFERENCE_DPI, TILE, measure_blur
from quality.content import edge_ink, half_scale, ink_fraction, ink_mask, paper_level
from quality.exposure import glare_fraction, measure_exposure
from quality.messages import MessageKey, message
from quality.mrz import MrzGeometry, find_mrz, text_cut_share
from quality.orientation import orientation_from_ink
from quality.report import QualityMetrics, QualityReport, QualityThresholds, Reason, ReasonCode
from quality.resolution import character_mask, effective_dpi
from quality.skew import skew_from_ink

# An estimated dpi is rough (font sizes vary) and biased upwards by the very blur being
# measured (blurred letters look bigger), and shrinking a page makes it look sharper; so
# focus is normalised with an estimate only when it is clearly a high-resolution scan.
ESTIMATE_RESCALE_DPI = 1.5 * REFERENCE_DPI
# Heavy blur swells letters, and with them the x-height estimate (a sigma 5 px blur read a
# 600 dpi diploma as 880 dpi, and shrinking it by that much made it look sharp): an estimate
# is discounted by this factor before it is used to normalise focus.
ESTIMATE_BLUR_BIAS = 1.3
# The MRZ is looked for on the page halved as often as keeps its long side at least this
# long (an A4 page at 300 dpi: a quarter, MRZ characters ~7 px; a passport page: a half; small
# screenshots and web exports: the page itself). Labelling costs in proportion to pixels.
MRZ_MIN_SIDE = 800
# A tile holds content when this share of its half-scale pixels is ink (a few letters).
CONTENT_TILE_INK = 0.02


def _content_tiles(ink: np.ndarray) -> np.ndarray:
    """Boolean grid of TILE x TILE (full-scale) tiles that hold ink, from a half-scale mask."""
    t = TILE // 2
    ny, nx = ink.shape[0] // t, ink.shape[1] // t
    if ny == 0 or nx == 0:
        return np.zeros((1, 1), bool)
    cover = cv2.resize(
        ink[: ny * t, : nx * t].astype(np.float32), (nx, ny), interpolation=cv2.INTER_AREA
    )
    return np.asarray(cover >= CONTENT_TILE_INK)


def measure(gray: np.ndarray, dpi: float | None = None) -> QualityMetrics:
    """All quality measures of one grey page; `dpi` is the file's metadata, if any.

    Raises ValueError for anything but a 2-D uint8 image of at least 8 x 8 pixels.
    """
    if not isinstance(gray, np.ndarray) or gray.dtype != np.uint8 or gray.ndim != 2:
        raise ValueError("measure expects a 2-D uint8 grey image")
    if min(gray.shape) < 8:
        raise ValueError(f"image too small to judge: {gray.shape}")
    half = half_scale(gray)
    paper = paper_level(half)
    ink = ink_mask(half, paper)
    skew = skew_from_ink(ink)
    mrz, chars, mrz_scale = _find_mrz(gray, half, paper, skew)
    mrz_dpi = mrz.dpi * mrz_scale if mrz is not None else None
    page_dpi, trusted = effective_dpi(dpi, gray, half, paper, mrz_dpi)
    if trusted:
        focus_dpi = page_dpi
    else:
        discounted = (page_dpi or 0.0) / ESTIMATE_BLUR_BIAS
        focus_dpi = discounted if discounted >= ESTIMATE_RESCALE_DPI else None
    focus = measure_blur(gray, focus_dpi)
    exposure = measure_exposure(gray, _content_tiles(ink), paper)
    turn = orientation_from_ink(ink, skew)
    h, w = gray.shape
    return QualityMetrics(
        blur_score=focus.score,
        skew_degrees=skew,
        dpi=page_dpi,
        width=w,
        height=h,
        brightness=exposure.brightness,
        dark_level=exposure.dark_level,
        bright_level=exposure.bright_level,
        contrast=exposure.contrast,
        ink_fraction=ink_fraction(ink),
        edge_ink=edge_ink(ink),
        glare_fraction=glare_fraction(half),
        motion_blur_ratio=focus.motion_ratio,
        orientation=turn.rotation,
        orientation_confidence=turn.confidence,
        dpi_source=_dpi_source(page_dpi, trusted, mrz_dpi, dpi),
        mrz_rows=len(mrz.rows) if mrz is not None else 0,
        edge_text=text_cut_share(chars, mrz) if mrz is not None else None,
    )


def _find_mrz(
    gray: np.ndarray, half: np.ndarray, half_paper: np.ndarray, skew: float
) -> tuple[MrzGeometry | None, np.ndarray, float]:
    """(the MRZ's geometry or None, the character mask it was found on, that mask's scale
    down from the page)."""
    if max(half.shape) >= 2 * MRZ_MIN_SIDE:
        quarter = half_scale(half)
        chars = character_mask(quarter)
        scale = gray.shape[0] / quarter.shape[0]
    elif max(half.shape) >= MRZ_MIN_SIDE:
        chars = character_mask(half, half_paper)
        scale = gray.shape[0] / half.shape[0]
    else:
        chars = character_mask(gray)
        scale = 1.0
    return find_mrz(chars, skew), chars, scale


def _dpi_source(
    page_dpi: float | None, trusted: bool, mrz_dpi: float | None, metadata: float | None
) -> str | None:
    if page_dpi is None:
        return None
    if trusted and mrz_dpi is not None and page_dpi == mrz_dpi:
        return "mrz"
    if trusted and page_dpi == metadata:
        return "metadata"
    return "text"


def _reason(
    code: ReasonCode, value: float, threshold: float, key: MessageKey | None = None
) -> Reason:
    english, dutch = message(key or code)
    return Reason(
        code=code, message=english, message_nl=dutch, value=float(value), threshold=float(threshold)
    )


def _blurry_at_full_contrast(m: QualityMetrics, t: QualityThresholds) -> bool:
    """Whether the focus score, scaled up to a full 0-255 ink-to-paper contrast (the
    Laplacian's variance grows with its square), still fails: then the page is blurred,
    not merely badly exposed."""
    return m.blur_score * (255.0 / max(m.contrast, 1.0)) ** 2 < t.min_blur


def evaluate(metrics: QualityMetrics, thresholds: QualityThresholds) -> QualityReport:
    """Hold the metrics to the thresholds; reject with every applicable reason."""
    m, t = metrics, thresholds
    if m.ink_fraction < t.min_ink_fraction:
        blank = _reason("blank_page", m.ink_fraction, t.min_ink_fraction)
        return QualityReport(metrics=m, verdict="reject", reasons=(blank,))
    reasons: list[Reason] = []
    if m.blur_score < t.min_blur:
        reasons.append(_reason("blurry", m.blur_score, t.min_blur))
    elif m.motion_blur_ratio < t.min_motion_blur_ratio:
        reasons.append(
            _reason("blurry", m.motion_blur_ratio, t.min_motion_blur_ratio, "motion_blur")
        )
    if m.dpi is not None and m.dpi < t.min_dpi:
        reasons.append(_reason("low_resolution", m.dpi, t.min_dpi))
    exposure: list[Reason] = []
    if m.brightness < t.min_brightness:
        exposure.append(_reason("too_dark", m.brightness, t.min_brightness))
    if m.dark_level > t.max_dark_level:
        exposure.append(_reason("too_bright", m.dark_level, t.max_dark_level))
    if exposure:
        if not _blurry_at_full_contrast(m, t):
            reasons = [r for r in reasons if r.code != "blurry"]
        reasons += exposure
    elif m.contrast < t.min_contrast:
        reasons.append(_reason("low_contrast", m.contrast, t.min_contrast))
    cut = m.edge_ink if m.edge_text is None else m.edge_text
    if cut > t.max_edge_ink:
        reasons.append(_reason("cropped", cut, t.max_edge_ink))
    if m.glare_fraction > t.max_glare_fraction:
        reasons.append(_reason("glare", m.glare_fraction, t.max_glare_fraction))
    if abs(m.skew_degrees) > t.max_skew_degrees:
        reasons.append(_reason("skewed", abs(m.skew_degrees), t.max_skew_degrees))
    return QualityReport(metrics=m, verdict="reject" if reasons else "pass", reasons=tuple(reasons))
