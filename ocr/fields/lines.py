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

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import median

from ocr.model import BBox, Field, FieldSource, OcrResult, Word

TEXT_LAYER_CONFIDENCE = 0.99
# Two lines side by side share a row when they overlap vertically by this much of the smaller.
SAME_ROW_OVERLAP = 0.5
# A gutter between two columns: a space this many letter heights wide, shared by this many lines.
GUTTER_HEIGHTS = 2.5
MIN_GUTTER_LINES = 3


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


@dataclass(frozen=True)
class Passage:
    """Consecutive lines read as one text, joined by spaces: prose wraps mid-sentence.

    A span of `text` becomes a field of the words of every line it covers.
    """

    text: str
    lines: tuple[Line, ...]
    starts: tuple[int, ...]  # where each line begins in `text`

    @classmethod
    def of(cls, lines: Iterable[Line]) -> Passage:
        kept = tuple(lines)
        starts, position = [], 0
        for line in kept:
            starts.append(position)
            position += len(line.text) + 1
        return cls(" ".join(line.text for line in kept), kept, tuple(starts))

    def field(self, start: int, end: int, value: str) -> Field:
        parts = [
            line.field(max(start, at) - at, min(end, at + len(line.text)) - at, value)
            for line, at in zip(self.lines, self.starts, strict=True)
            if start < at + len(line.text) and end > at
        ]
        if not parts:
            raise ValueError(f"span {start}:{end} is outside the passage")
        boxes = [p.bbox for p in parts if p.bbox is not None]
        return Field(
            value,
            min(p.confidence for p in parts),
            parts[0].source,
            parts[0].page,
            _union(boxes) if boxes else None,
        )


def page_lines(page: int | None, result: OcrResult, *, by_block: bool = False) -> list[Line]:
    """The non-empty lines of one page, top to bottom.

    `by_block` keeps Tesseract's own lines in its reading order instead: a page
    set in two columns (a bilingual diploma) is then read one column after the
    other, where rows rebuilt across the page would run the columns together.
    """
    if not result.words:
        confidence = (
            TEXT_LAYER_CONFIDENCE if result.source == "text_layer" else (result.mean_confidence)
        )
        return [
            Line(t.strip(), page, result.source, fallback_confidence=confidence)
            for t in result.text.splitlines()
            if t.strip()
        ]
    if by_block:
        grouped: dict[tuple[int, int, int], list[Word]] = {}
        for word in result.words:
            grouped.setdefault(word.line, []).append(word)
        rows = [sorted(words, key=lambda w: w.bbox[0]) for words in grouped.values()]
    else:
        rows = _rows(result.words)
    return [_line(row, page, result.source) for row in rows]


def _line(words: list[Word], page: int | None, source: FieldSource) -> Line:
    spans = []
    position = 0
    for word in words:
        spans.append((position, position + len(word.text)))
        position += len(word.text) + 1
    text = " ".join(w.text for w in words)
    return Line(text, page, source, tuple(words), tuple(spans))


def in_columns(lines: list[Line]) -> list[Line]:
    """`lines` read column by column when the page is set in two (a bilingual certificate):
    each line cut at the gutter, the left column top to bottom, then the right.

    Tesseract may run two centred columns together into one line, so the gutter is
    found from the lines: a gap of several letter heights between two words that
    at least MIN_GUTTER_LINES lines share at one place. Without one, `lines` as given.
    """
    gaps = [gap for line in lines if (gap := _widest_gap(line)) is not None]
    if len(gaps) < MIN_GUTTER_LINES:
        return lines
    gutter = median((left + right) / 2 for left, right in gaps)
    split = sum(left < gutter < right for left, right in gaps)
    # A centred page with a signature block in two columns has a few such gaps too, but its
    # text lines run across the middle; two columns have few or none that do.
    if split < MIN_GUTTER_LINES or sum(_crosses(line, gutter) for line in lines) >= split:
        return lines
    left_column, right_column = [], []
    for line in lines:
        if not line.words:
            left_column.append(line)
            continue
        left = [w for w in line.words if w.bbox[0] + w.bbox[2] / 2 < gutter]
        right = [w for w in line.words if w.bbox[0] + w.bbox[2] / 2 >= gutter]
        left_column += [_line(left, line.page, line.source)] if left else []
        right_column += [_line(right, line.page, line.source)] if right else []
    return left_column + right_column


def _crosses(line: Line, x: float) -> bool:
    """Whether the line's text runs across `x`: words on both sides, not apart at `x`."""
    left = [w for w in line.words if w.bbox[0] + w.bbox[2] <= x]
    right = [w for w in line.words if w.bbox[0] >= x]
    if len(left) + len(right) < len(line.words):
        return True  # a word stands on x
    if not left or not right:
        return False
    height = median(w.bbox[3] for w in line.words)
    return right[0].bbox[0] - (left[-1].bbox[0] + left[-1].bbox[2]) < GUTTER_HEIGHTS * height


def _widest_gap(line: Line) -> tuple[float, float] | None:
    """The widest space between two words of the line, if it is wide enough for a gutter."""
    if len(line.words) < 2:
        return None
    height = median(w.bbox[3] for w in line.words)
    ends = [(w.bbox[0] + w.bbox[2], n.bbox[0]) for w, n in itertools.pairwise(line.words)]
    left, right = max(ends, key=lambda gap: gap[1] - gap[0])
    return (left, right) if right - left >= GUTTER_HEIGHTS * height else None


def _rows(words: tuple[Word, ...]) -> list[list[Word]]:
    """Tesseract's lines, with those side by side on one row joined, each row left to right.

    Tesseract follows a line that tilts across a phone photo, where grouping
    words by height alone mixed two lines; it also puts a label and a value
    far to its right in different blocks, which share a row and are joined.
    """
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word)
    rows: list[tuple[BBox, list[Word]]] = []
    for line in sorted(lines.values(), key=lambda ws: _center(_box(ws))):
        box = _box(line)
        for i, (row_box, row) in enumerate(rows):
            if _same_row(row_box, box):
                rows[i] = (_union((row_box, box)), row + line)
                break
        else:
            rows.append((box, line))
    return [sorted(row, key=lambda w: w.bbox[0]) for _, row in rows]


def _same_row(a: BBox, b: BBox) -> bool:
    """Side by side (no horizontal overlap) and mostly at one height."""
    overlap = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    apart = a[0] + a[2] <= b[0] or b[0] + b[2] <= a[0]
    return apart and overlap >= SAME_ROW_OVERLAP * min(a[3], b[3])


def _box(words: list[Word]) -> BBox:
    return _union(w.bbox for w in words)


def _center(box: BBox) -> float:
    return box[1] + box[3] / 2


def _union(boxes: Iterable[BBox]) -> BBox:
    items = list(boxes)
    left = min(b[0] for b in items)
    top = min(b[1] for b in items)
    right = max(b[0] + b[2] for b in items)
    bottom = max(b[1] + b[3] for b in items)
    return left, top, right - left, bottom - top
