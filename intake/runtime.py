"""What a process builds once from its settings: policy, OCR engine, split limits."""

from __future__ import annotations

import os
from dataclasses import dataclass

from intake.errors import ConfigError
from intake.policy_source import PolicySource
from intake.settings import Settings
from intake.split import SplitLimits
from intake.thresholds import Policy
from ocr.engine import OcrEngine, TesseractEngine
from ocr.tesserocr_engine import TesserocrEngine, TesserocrUnavailable


def configure_process() -> None:
    """Process-wide environment, set once at entry before any thread starts.

    Tesseract's OpenMP threads fight each other when several pages are read at
    once; one thread per Tesseract and one Tesseract per core is faster.
    """
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@dataclass(frozen=True)
class PipelineContext:
    policies: PolicySource
    engine: OcrEngine
    limits: SplitLimits

    @property
    def policy(self) -> Policy:
        """The thresholds in force now; read once per page, so a reload applies from the
        next page on."""
        return self.policies.current()


def make_ocr_engine(settings: Settings) -> OcrEngine:
    """The engine INTAKE_OCR_ENGINE names; a ConfigError at start-up, not on the first page,
    when tesserocr or its language data is missing."""
    languages = tuple(settings.ocr_languages.split("+"))
    if settings.ocr_engine == "tesseract":
        return TesseractEngine(languages=languages, timeout=settings.ocr_timeout_seconds)
    try:
        return TesserocrEngine(languages=languages, timeout=settings.ocr_timeout_seconds)
    except TesserocrUnavailable as exc:
        raise ConfigError(f"INTAKE_OCR_ENGINE=tesserocr: {exc}") from exc


def pipeline_context(settings: Settings) -> PipelineContext:
    """Raises ConfigError, naming the key, when the thresholds file is invalid."""
    return PipelineContext(
        policies=PolicySource(settings.thresholds_file),
        engine=make_ocr_engine(settings),
        limits=SplitLimits(
            max_pages=settings.max_pages_per_file,
            max_image_pixels=settings.max_image_pixels,
            render_dpi=settings.pdf_render_dpi,
        ),
    )
