"""What a process builds once from its settings: policy, OCR engine, split limits, object store."""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from intake.errors import ConfigError
from intake.policy_source import PolicySource
from intake.rules.policy import Policy
from intake.sandbox import SandboxLimits
from intake.settings import Settings
from intake.split import SplitLimits
from ocr.engines.tesseract import TesseractEngine
from ocr.engines.tesserocr import TesserocrEngine, TesserocrUnavailable
from ocr.refine import NAME_MODEL
from ocr.seam import OcrEngine
from storage.objects import LocalObjectStore, ObjectStore
from storage.s3 import S3ObjectStore


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
    sandbox: SandboxLimits

    @property
    def policy(self) -> Policy:
        """The thresholds in force now; read once per page, so a reload applies from the
        next page on."""
        return self.policies.current()


def make_ocr_engine(settings: Settings) -> OcrEngine:
    """The engine INTAKE_OCR_ENGINE names; a ConfigError at start-up, not on the first page,
    when tesserocr or its language data is missing."""
    languages = tuple(settings.ocr_languages.split("+"))
    engine: OcrEngine
    if settings.ocr_engine == "tesseract":
        engine = TesseractEngine(languages=languages, timeout=settings.ocr_timeout_seconds)
    else:
        try:
            engine = TesserocrEngine(languages=languages, timeout=settings.ocr_timeout_seconds)
        except TesserocrUnavailable as exc:
            raise ConfigError(f"INTAKE_OCR_ENGINE=tesserocr: {exc}") from exc
    _probe_name_model(engine)
    return engine


def _probe_name_model(engine: OcrEngine) -> None:
    """Names are re-read with the Latin-script model (`ocr.refine`): make sure it loads."""
    try:
        engine.recognize(np.full((32, 32), 255, np.uint8), languages=(NAME_MODEL,), psm=7)
    except Exception as exc:
        raise ConfigError(
            f"the OCR model {NAME_MODEL!r} for names does not load (Debian package "
            f"tesseract-ocr-script-latn): {exc}"
        ) from exc


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
        sandbox=SandboxLimits(
            memory_bytes=settings.split_memory_mb << 20, seconds=settings.split_seconds
        ),
    )


def make_object_store(settings: Settings) -> ObjectStore:
    """The store INTAKE_OBJECT_STORE names; a ConfigError naming the variable at start-up,
    not on the first upload, when a credential is missing or the endpoint or bucket name is
    malformed. Nothing is sent to the store here: it may come up after the service."""
    if settings.object_store == "local":
        return LocalObjectStore(settings.objects_dir)
    access_key = settings.s3_access_key
    secret_key = settings.s3_secret_key.get_secret_value() if settings.s3_secret_key else ""
    if not access_key:
        raise ConfigError("INTAKE_S3_ACCESS_KEY must be set when INTAKE_OBJECT_STORE=s3.")
    if not secret_key:
        raise ConfigError("INTAKE_S3_SECRET_KEY must be set when INTAKE_OBJECT_STORE=s3.")
    try:
        return S3ObjectStore(
            settings.s3_endpoint,
            settings.s3_bucket,
            access_key=access_key,
            secret_key=secret_key,
            secure=settings.s3_secure,
            region=settings.s3_region,
            encrypt=settings.s3_server_side_encryption,
            timeout=settings.s3_timeout_seconds,
        )
    except ValueError as exc:
        raise ConfigError(f"INTAKE_S3_ENDPOINT or INTAKE_S3_BUCKET: {exc}") from exc
