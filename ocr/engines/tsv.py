"""Tesseract's TSV columns as an `OcrResult`: one parser for both engines.

The subprocess engine gets the columns from pytesseract, the tesserocr engine
from Tesseract's own TSV renderer; parsing both here makes their words,
confidences, boxes and line ids identical, so every extractor works with either.
"""

from __future__ import annotations

from ocr.model import OcrResult, Word
from ocr.text import text_of_words


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
