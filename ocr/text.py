"""Text helpers shared by the engines, the classifier and the extractors.

OCR output and PDF text layers disagree on accents, apostrophes and the many
Unicode spaces (French thousands separators are often narrow no-break
spaces). `fold` maps all of that to plain lower-case ASCII-ish text *one
character per character*, so an offset found in the folded text is the same
offset in the original, and a match can be traced back to its OCR words.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from ocr.model import Word

_SPACES = "\u00a0\u2007\u2009\u202f\u2002\u2003\u2004\u2005\u2006\u2008\u200a\t"
_SPECIAL = {"ß": "s", "’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'", "–": "-", "—": "-"}


def fold(text: str) -> str:
    """Lower-case, accents stripped, quotes and spaces unified; same length as `text`."""
    return "".join(_fold_char(c) for c in text)


def _fold_char(char: str) -> str:
    if char in _SPACES:
        return " "
    if char in _SPECIAL:
        return _SPECIAL[char]
    base = unicodedata.normalize("NFKD", char)[:1] or char
    return base.lower()[:1] or char


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
