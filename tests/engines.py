"""An OCR engine for tests that wraps the real one and counts its calls.

Nothing is faked: every call reaches Tesseract. The count lets a test prove
that a page was, or was not, read (a rejected page must cost no OCR).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ocr.engine import OcrEngine, TesseractEngine
from ocr.model import OcrResult


@dataclass
class CountingEngine:
    inner: OcrEngine = field(default_factory=TesseractEngine)
    calls: int = 0

    def recognize(
        self,
        gray: np.ndarray,
        *,
        languages: tuple[str, ...] | None = None,
        psm: int = 3,
        whitelist: str | None = None,
    ) -> OcrResult:
        self.calls += 1
        return self.inner.recognize(gray, languages=languages, psm=psm, whitelist=whitelist)
