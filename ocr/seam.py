"""The one seam through which recognition runs OCR: what it asks of an engine.

The readers (`ocr.mrz`, `ocr.language`, `ocr.refine`) take an `OcrEngine` and
never know which program is behind it; the engines live in `ocr/engines/`
(Tesseract as a subprocess, or in-process through tesserocr). An engine gives
every call a timeout and raises `OcrTimeout` past it; an empty page is a result
with no words, not an error.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from ocr.model import OcrResult

# The languages pages may be written in; the first is read first (see `ocr.language`).
DEFAULT_LANGUAGES = ("nld", "fra", "deu", "eng")


class OcrTimeout(RuntimeError):
    """The engine did not finish within its time limit."""


class OcrEngine(Protocol):
    @property
    def languages(self) -> tuple[str, ...]: ...

    def recognize(
        self,
        gray: np.ndarray,
        *,
        languages: tuple[str, ...] | None = None,
        psm: int = 3,
        whitelist: str | None = None,
    ) -> OcrResult: ...
