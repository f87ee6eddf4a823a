"""Tesseract as a subprocess through pytesseract: the default `ocr.seam.OcrEngine`.

Every call has a timeout (pytesseract has none by default, and a stuck call
would hold a worker forever); an empty page is a result with no words, not an
error. OMP_THREAD_LIMIT=1 is expected in the process environment (set at process
entry, see `intake.build`): one Tesseract per core beats one that spreads
over all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytesseract

from ocr.engines.tsv import result_from_tsv
from ocr.model import OcrResult
from ocr.seam import DEFAULT_LANGUAGES, OcrTimeout


@dataclass(frozen=True)
class TesseractEngine:
    """Tesseract through pytesseract, with a per-call timeout in seconds."""

    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    timeout: float = 120.0

    def recognize(
        self,
        gray: np.ndarray,
        *,
        languages: tuple[str, ...] | None = None,
        psm: int = 3,
        whitelist: str | None = None,
    ) -> OcrResult:
        config = f"--psm {psm}"
        if whitelist is not None:
            config += f" -c tessedit_char_whitelist={whitelist}"
            config += " -c load_system_dawg=0 -c load_freq_dawg=0"
        try:
            data = pytesseract.image_to_data(
                gray,
                lang="+".join(languages or self.languages),
                config=config,
                timeout=self.timeout,
                output_type=pytesseract.Output.DICT,
            )
        except RuntimeError as exc:
            if "timeout" in str(exc).lower():
                raise OcrTimeout(f"Tesseract took longer than {self.timeout:g} s") from exc
            raise
        return result_from_tsv(data)


def tesseract_version() -> str:
    """The installed Tesseract version, probed once at start-up for /readyz."""
    return str(pytesseract.get_tesseract_version())
