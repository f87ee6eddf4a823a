"""Synthetic passports, employment contracts and diplomas with known ground truth.

Tests, benchmarks, accuracy reports and the README demo render their sample scans here instead
of shipping real identity documents, which could never be committed. Every generator is seeded:
the same seed gives the same pixels and the same truth.
"""

from .contract import contract
from .diploma import diploma
from .distort import (
    crop,
    cut_corner,
    exposure,
    gaussian_blur,
    glare,
    jpeg,
    motion_blur,
    phone_photo,
    rescale,
    rotate,
)
from .passport import check_digit, passport
from .sample import Sample
from .writers import born_digital_pdf, scanned_pdf, to_jpeg, to_png, to_tiff

__all__ = [
    "Sample",
    "born_digital_pdf",
    "check_digit",
    "contract",
    "crop",
    "cut_corner",
    "diploma",
    "exposure",
    "gaussian_blur",
    "glare",
    "jpeg",
    "motion_blur",
    "passport",
    "phone_photo",
    "rescale",
    "rotate",
    "scanned_pdf",
    "to_jpeg",
    "to_png",
    "to_tiff",
]
