"""Text lines of a page, each able to turn a span of its text into a `Field`.

Extractors work on plain strings, but a field must carry the confidence and
position of the OCR words it came from. A `Line` keeps the words behind its
text with their character spans, so any regex match maps back to words.

OCR lines are rebuilt from word geometry rather than taken from Tesseract's
layout analysis: a contract typesets labels in one column and values in
another, and Tesseract then puts "Werkgever:" and its value in different
blocks. Words that share a row on the page belong to one line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from statistics import median

from ocr.model import BBox, Field, FieldSource, OcrResult, Word

TEXT_LAYER_CONFIDENCE = 0.99


@dataclass(frozen=True)
class Line:
    text: str
    page: int | None
    source: FieldSource
    words: tuple[Word, ...] = ()
    spans: tuple[tuple[int, int], ...] = ()
    fallback_confidence: float = TEXT_LAYER_CONFIDENCE

    def field(self, start: int, end: int, value: str) -> Field:
        """The field `value`, read from `text[start:end]`: confidence and box of its words.

        The confidence is that of the weakest word: one misread word is enough
        to make a name or an amount wrong.
        """
        covered = [
            w for w, (a, b) in zip(self.words, self.spans, strict=True) if a < end and b > start
        ]
        if self.source == "text_layer" or not covered:
            return Field(value, self.fallback_confidence, self.source, self.page, None)
        confidence = min(w.confidence for w in covered)
        return Field(value, confidence, self.source, self.page, _union(w.bbox for w in covered))


def page_lines(page: int | None, result: OcrResult) -> list[Line]:
    """The non-empty lines of one page, top to bottom."""
    if not result.words:
        confidence = (
            TEXT_LAYER_CONFIDENCE if result.source == "text_layer" else (result.mean_confidence)
        )
        return [
            Line(t.strip(), page, result.source, fallback_confidence=confidence)
            for t in result.text.splitlines()
            if t.strip()
        ]
    return [_line(row, page, result.source) for row in _rows(result.words)]


def _line(words: list[Word], page: int | None, source: FieldSource) -> Line:
    spans = []
    position = 0
    for word in words:
        spans.append((position, position + len(word.text)))
        position += len(word.text) + 1
    text = " ".join(w.text for w in words)
    return Line(text, page, source, tuple(words), tuple(spans))


def _rows(words: tuple[Word, ...]) -> list[list[Word]]:
    """Words grouped into rows by vertical position, each row left to right."""
    rows: list[list[Word]] = []
    for word in sorted(words, key=_center):
        row = rows[-1] if rows else None
        if row is not None:
            height = max(word.bbox[3], median(w.bbox[3] for w in row))
            if abs(_center(word) - median(_center(w) for w in row)) < 0.5 * height:
                row.append(word)
                continue
        rows.append([word])
    return [sorted(row, key=lambda w: w.bbox[0]) for row in rows]


def _center(word: Word) -> float:
    return word.bbox[1] + word.bbox[3] / 2


def _union(boxes: Iterable[BBox]) -> BBox:
    items = list(boxes)
    left = min(b[0] for b in items)
    top = min(b[1] for b in items)
    right = max(b[0] + b[2] for b in items)
    bottom = max(b[1] + b[3] for b in items)
    return left, top, right - left, bottom - top
