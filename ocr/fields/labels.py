"""Recognise "Label: value" lines when the label may be misread or worded differently.

Real contracts word their labels freely ("Naam werkgever", "Salaire mensuel
brut", "Date d'entrée en service") and OCR bends letters ("Werkgcver;"), so
a label matches when it is close to a known wording: difflib ratio at least
MIN_RATIO on the accent-folded text. Each line goes to the label it matches
*best*, so "Werknemer" never ends up as "Werkgever". Labels of fields that
are not extracted (birth date, registered office) are known too, so that
their lines are recognised and not mistaken for a near neighbour.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from ocr.text import fold

MIN_RATIO = 0.8
# Without a separator the label is a guess at the first words: demand a closer match.
MIN_RATIO_WITHOUT_SEPARATOR = 0.9
MAX_LABEL_WORDS = 6
_SEPARATOR = re.compile(r"\s*[:;|]\s*")
_TRAILING = " .:;|-_*"


@dataclass(frozen=True)
class LabelMatch:
    key: str
    ratio: float
    value_start: int  # offset in the line where the value begins
    separated: bool  # the label ended in ":" (or an OCR variant of it)


def match_label(text: str, labels: Mapping[str, tuple[str, ...]]) -> LabelMatch | None:
    """The label `text` starts with, if any: key of `labels`, score and where the value starts.

    `labels` maps a key to its wordings, written accent-folded and lower-case.
    """
    folded = fold(text)
    candidates = []
    separator = _SEPARATOR.search(folded)
    if separator is not None and separator.start() > 0:
        candidates.append((folded[: separator.start()], separator.end(), True))
    words = list(re.finditer(r"\S+", folded))
    for count in range(1, min(MAX_LABEL_WORDS, len(words) - 1) + 1):
        candidates.append((folded[: words[count - 1].end()], words[count].start(), False))
    best: LabelMatch | None = None
    for label, value_start, separated in candidates:
        key, ratio = _closest(label.strip(_TRAILING), labels)
        needed = MIN_RATIO if separated else MIN_RATIO_WITHOUT_SEPARATOR
        if ratio >= needed and (best is None or (separated, ratio) > (best.separated, best.ratio)):
            best = LabelMatch(key, ratio, value_start, separated)
    return best


def _closest(label: str, labels: Mapping[str, tuple[str, ...]]) -> tuple[str, float]:
    best_key, best_ratio = "", 0.0
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(label)
    for key, wordings in labels.items():
        for wording in wordings:
            # The length bound is cheap and rules out most wordings before any matching.
            bound = 2 * min(len(label), len(wording)) / (len(label) + len(wording) or 1)
            if bound <= max(best_ratio, MIN_RATIO - 0.01):
                continue
            matcher.set_seq1(wording)
            if matcher.quick_ratio() <= best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best_key, best_ratio = key, ratio
    return best_key, best_ratio
