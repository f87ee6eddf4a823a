"""MRZ lines rebuilt from OCR words on the cell grid, and pooled across readings.

Tesseract returns words with boxes; the grid of `ocr.mrz.geometry` says
which cell each box covers and which cells are fillers. Placing words by
position rather than concatenating text keeps every character in its
column, which is what the check digits and the field positions rely on.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence

from ocr.model import Word
from ocr.mrz.geometry import Grid
from ocr.mrz.parse import clean_line
from ocr.mrz.repair import UNREADABLE

# How many ways of undoing doubled look-alikes one reading may offer.
MAX_UNDOUBLED = 8
_LOOKALIKES = ("0O", "0Q", "0D", "1I", "1L", "2Z", "5S", "6G", "8B")
# How well the glyph in (row, column) matches each MRZ character; empty when unknown.
CellScores = Callable[[int, int], Mapping[str, float]]
_DOUBLE = re.compile("(?=(" + "|".join(f"{p}|{p[::-1]}" for p in _LOOKALIKES) + "))")


def lines_from_words(
    cells: Grid, words: Sequence[Word], glyphs: CellScores | None = None
) -> list[list[str]]:
    """Candidate MRZ lines rebuilt from OCR'd words placed into the cell grid by position.

    Filler cells are `<`; a word fills the non-filler cells it covers when its
    length matches their count. In the first candidate, cells no word could
    fill are `?`, so a dropped or doubled character is an unknown rather than
    a shifted line. Where Tesseract read one glyph twice as a look-alike pair
    ("S5", "O0") and it is unclear which pair, further candidates undo each
    possibility; the check digits pick among them. Where it dropped one glyph
    (a leading S, on some scans), `glyphs` (each cell compared with OCR-B) say
    where the gap is and what it holds; the check digits then confirm or refute.
    """
    base = [["<" if filler else UNREADABLE for filler in row] for row in cells.fillers]
    ambiguous: list[tuple[int, list[int], list[str]]] = []
    for word in words:
        x, y, w, h = word.bbox
        row = min(range(len(cells.rows)), key=lambda r: abs(cells.rows[r].center - y - h / 2))
        first, last = cells.cell_span(row, x, x + w)
        targets = [
            i
            for i in range(max(first, 0), min(last, cells.length - 1) + 1)
            if not cells.fillers[row][i]
        ]
        texts = _undoubled(clean_line(word.text), len(targets))
        if not texts and glyphs is not None:
            texts = _with_dropped_glyph(clean_line(word.text), row, targets, glyphs)
        if len(texts) == 1:
            _place(base, row, targets, texts[0])
        elif texts:
            ambiguous.append((row, targets, texts))
    candidates = [base]
    choices = itertools.product(*(texts for _, _, texts in ambiguous))
    for choice in itertools.islice(choices, MAX_UNDOUBLED) if ambiguous else ():
        variant = [list(line) for line in base]
        for (row, targets, _), text in zip(ambiguous, choice, strict=True):
            _place(variant, row, targets, text)
        candidates.append(variant)
    return [["".join(line) for line in candidate] for candidate in candidates]


def _with_dropped_glyph(text: str, row: int, targets: list[int], glyphs: CellScores) -> list[str]:
    """`text` with the one glyph OCR dropped put back: the gap goes where the characters
    match their cells' glyphs best, and is filled with that cell's best-matching character."""
    if len(text) != len(targets) - 1:
        return []
    scores = [glyphs(row, column) for column in targets]
    if not all(scores):
        return []

    def fit(gap: int) -> float:
        cells = scores[:gap] + scores[gap + 1 :]
        return sum(cell.get(char, 0.0) for cell, char in zip(cells, text, strict=True))

    gap = max(range(len(targets)), key=fit)
    best = max(scores[gap], key=scores[gap].__getitem__)
    return [text[:gap] + best + text[gap:]]


def _place(lines: list[list[str]], row: int, targets: list[int], text: str) -> None:
    for i, char in zip(targets, text, strict=True):
        lines[row][i] = char


def _undoubled(text: str, length: int) -> list[str]:
    """`text` at `length` characters by dropping one character of look-alike pairs.

    Which of the pair to keep is unknown ("DO0118" may be D0118 or DO118), so
    both are offered.
    """
    excess = len(text) - length
    if excess == 0:
        return [text]
    pairs = [m.start() for m in _DOUBLE.finditer(text)]
    if excess < 0 or len(pairs) < excess:
        return []
    out = []
    for chosen in itertools.combinations(pairs, excess):
        if any(b - a < 2 for a, b in itertools.pairwise(chosen)):
            continue
        for dropped in itertools.product(*((p, p + 1) for p in chosen)):
            out.append("".join(c for i, c in enumerate(text) if i not in dropped))
    return list(dict.fromkeys(out))


def consensus(readings: list[list[str]]) -> list[str]:
    """Per position, the character most readings agree on (unreadable ones abstain).

    Ties go to the earliest reading. Readings whose line lengths differ from
    the first one's are not on the same grid and are left out.
    """
    shape = [len(line) for line in readings[0]]
    aligned = [r for r in readings if [len(line) for line in r] == shape]
    lines = []
    for row, length in enumerate(shape):
        chars = []
        for i in range(length):
            seen = [r[row][i] for r in aligned if r[row][i] != UNREADABLE]
            counts = Counter(seen)
            chars.append(max(seen, key=lambda c: counts[c]) if seen else UNREADABLE)
        lines.append("".join(chars))
    return lines
