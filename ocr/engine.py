"""The one seam through which the project runs OCR.

Tesseract runs as a subprocess through pytesseract. Every call has a timeout
(pytesseract has none by default, and a stuck call would hold a worker
forever); an empty page is a result with no words, not an error.
OMP_THREAD_LIMIT=1 is expected in the process environment (set at process
entry, see `intake.runtime`): one Tesseract per core beats one that spreads
over all of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import pytesseract

from ocr.model import OcrResult, Word

# The languages pages may be written in; the first is read first (see `ocr.language`).
DEFAULT_LANGUAGES = ("nld", "fra", "deu", "eng")


class OcrTimeout(RuntimeError):
    """Tesseract did not finish within its time limit."""


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
                raise OcrTimeout(f"Tesseract took longer than {self.timeout:.0f} s") from exc
            raise
        return result_from_tsv(data)


def result_from_tsv(data: dict[str, list]) -> OcrResult:
    """Turn Tesseract's TSV columns into words grouped by line, in reading order."""
    words: list[Word] = []
    for i, raw in enumerate(data["text"]):
        text = str(raw).strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        words.append(
            Word(
                text=text,
                confidence=max(0.0, min(1.0, conf / 100.0)),
                bbox=(
                    int(data["left"][i]),
                    int(data["top"][i]),
                    int(data["width"][i]),
                    int(data["height"][i]),
                ),
                line=(int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i])),
            )
        )
    mean = sum(w.confidence for w in words) / len(words) if words else 0.0
    return OcrResult(
        text=text_of_words(words), words=tuple(words), source="ocr", mean_confidence=mean
    )


def text_of_words(words: Iterable[Word]) -> str:
    """The page text: words joined by spaces within a line, lines by newlines."""
    lines: list[str] = []
    current: tuple[int, int, int] | None = None
    for word in words:
        if word.line != current:
            lines.append(word.text)
            current = word.line
        else:
            lines[-1] += " " + word.text
    return "\n".join(lines)


def tesseract_version() -> str:
    """The installed Tesseract version, probed once at start-up for /readyz."""
    return str(pytesseract.get_tesseract_version())
