"""Scan-quality gate: pure functions on grey page images (2-D uint8 NumPy arrays).

`measure` a page once, `evaluate` the metrics against the thresholds of its document
type; `estimate_skew` and `deskew` straighten a page before OCR.
"""

from quality.blur import blur_score, laplacian_variance, motion_blur_ratio
from quality.gate import evaluate, measure
from quality.orientation import Orientation, estimate_orientation, upright
from quality.report import QualityMetrics, QualityReport, QualityThresholds, Reason
from quality.skew import deskew, estimate_skew

__all__ = [
    "Orientation",
    "QualityMetrics",
    "QualityReport",
    "QualityThresholds",
    "Reason",
    "blur_score",
    "deskew",
    "estimate_orientation",
    "estimate_skew",
    "evaluate",
    "laplacian_variance",
    "measure",
    "motion_blur_ratio",
    "upright",
]
