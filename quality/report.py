"""Plain value types of the scan-quality gate.

Measuring and judging are separate on purpose: `measure` turns pixels into
`QualityMetrics` once, `evaluate` holds those metrics to `QualityThresholds`.
The record store keeps the metrics, so a changed threshold can be replayed
against stored pages without touching an image again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ReasonCode = Literal[
    "blurry",
    "low_resolution",
    "too_dark",
    "too_bright",
    "low_contrast",
    "blank_page",
    "cropped",
    "glare",
    "skewed",
]
Verdict = Literal["pass", "reject"]


@dataclass(frozen=True)
class QualityMetrics:
    """What was measured on one page image, independent of any threshold.

    `blur_score` is the variance of the Laplacian at the 300 dpi reference
    scale, the median over the tiles that carry ink (see `quality.blur`);
    `motion_blur_ratio` is the least over the most gradient energy of any
    direction (1 = none preferred, towards 0 = smeared along one);
    `skew_degrees` is the angle found on the input, counter-clockwise
    positive; `dpi` is the
    effective resolution (from file metadata where plausible, else estimated
    from the text) or None when neither is known. Grey levels are 0-255:
    `dark_level` is the ink level (5th percentile over content), `bright_level`
    the paper level (95th percentile), `contrast` their difference. Fractions
    are of the page area, except `edge_ink`: the share of the worst side along
    which content runs into the border.
    """

    blur_score: float
    skew_degrees: float
    dpi: float | None
    width: int
    height: int
    brightness: float
    dark_level: float
    bright_level: float
    contrast: float
    ink_fraction: float
    edge_ink: float
    glare_fraction: float
    motion_blur_ratio: float = 1.0
    # The quarter turn (0, 90, 180, 270, counter-clockwise as seen) the page shows, and how
    # sure that is (0..1); see `quality.orientation`.
    orientation: int = 0
    orientation_confidence: float = 0.0
    # Where `dpi` comes from: "metadata" (the file's, confirmed by the text), "mrz" (the
    # pitch of an MRZ's characters, fixed by ICAO 9303), "text" (the x-height estimate) or
    # None (no dpi).
    dpi_source: str | None = None
    # Rows of an MRZ the gate found by its geometry (0: none). With one, `edge_text` is the
    # share of the worst side along which the document's text runs off the image (1.0 when
    # the document its MRZ places runs off a side), and the `cropped` check holds that to
    # `max_edge_ink` instead of `edge_ink`: a document that fills the frame is not cut off.
    mrz_rows: int = 0
    edge_text: float | None = None


@dataclass(frozen=True)
class QualityThresholds:
    """Limits for one document type, in the units of `QualityMetrics`.

    The defaults are for an unknown document type, tuned on synthetic scans
    (contracts, diplomas, text pages, passport data pages and ID cards at
    200-600 dpi, also JPEG 70-90 and phone photos; see
    `python -m benchmarks.quality_accuracy`): they pass sharp pages, mild blur
    (Gaussian sigma 1 px at 300 dpi) and crops of blank margin, and reject blur
    of sigma 3 px, motion blur of 12 px and more, blank pages, pages cut
    through their content, glared pages and pages at 30% of normal exposure,
    dark or washed out. `min_blur` is the one to set per document type:
    text-dense pages score far higher than ID cards.
    """

    min_blur: float = 25.0
    min_dpi: float = 150.0
    min_brightness: float = 100.0
    max_dark_level: float = 160.0
    min_contrast: float = 80.0
    min_ink_fraction: float = 0.0005
    max_edge_ink: float = 0.01
    max_glare_fraction: float = 0.005
    max_skew_degrees: float = 30.0
    min_motion_blur_ratio: float = 0.25


@dataclass(frozen=True)
class Reason:
    """Why a page fails one check: the measured value against its threshold."""

    code: ReasonCode
    message: str
    message_nl: str
    value: float
    threshold: float


@dataclass(frozen=True)
class QualityReport:
    metrics: QualityMetrics
    verdict: Verdict
    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    @property
    def passed(self) -> bool:
        return self.verdict == "pass"
