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

    `blur_score` is the variance of the Laplacian at the reference scale
    (see `quality.blur`); `skew_degrees` is the angle found on the input,
    counter-clockwise positive; `dpi` is the effective resolution (from file
    metadata where present, else estimated) or None when neither is known.
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


@dataclass(frozen=True)
class QualityThresholds:
    """Limits for one document type, in the units of `QualityMetrics`."""

    min_blur: float = 120.0
    min_dpi: float = 150.0
    min_brightness: float = 60.0
    max_dark_level: float = 200.0
    min_contrast: float = 60.0
    min_ink_fraction: float = 0.002
    max_edge_ink: float = 0.25
    max_glare_fraction: float = 0.02
    max_skew_degrees: float = 45.0


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
