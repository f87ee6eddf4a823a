"""Repair OCR confusions in an MRZ, but only where the check digits or the glyphs confirm it.

OCR of an MRZ fails in predictable ways: `<` becomes K, O and 0 swap, and so
on. Every position has a character class, so a letter in a date can only be
a misread digit and is mapped back outright. In the alphanumeric document
number a confusion can only be settled by the check digits: substitutions
are searched (at most two) and a repair is kept only when it makes *every*
check digit hold and no other repair of the same size does. Where check
digits cannot decide, optional glyph evidence (the cell image compared with
OCR-B) may break the tie or veto a repair - never create a passing MRZ on
its own.
"""

from __future__ import annotations

import itertools
import re
import string
from collections import Counter
from collections.abc import Mapping
from typing import Protocol

from ocr.mrz.layout import (
    ALLOWED,
    CharClass,
    Layout,
    all_hold,
    char_classes,
    check_groups,
    field_at,
    protected,
)
from ocr.mrz.numbers import fits_issuer

UNREADABLE = "?"
MAX_SUBSTITUTIONS = 2
# How much better (correlation) a glyph must match one character than another to decide.
GLYPH_MARGIN = 0.08
INVISIBLE_MARGIN = 0.15
# A glyph this much closer to another character than to the one read proposes it as a
# repair (to be confirmed by the check digits).
PROPOSAL_MARGIN = 0.2
# A glyph this much closer to another character than to the one read puts the reading in
# doubt: two misreadings can cancel out in a check digit. Lower than the proposal margin,
# since a doubt only sends the document to review. Measured on generated scans, the true
# character loses to another by this much in well under 1% of cells (O/0 excluded).
VETO_MARGIN = 0.12
# A character no reading saw (a repair) must be the glyph's best match, or be in doubt.
REPAIR_MARGIN = 0.01

# A letter in a digit-only position, and a digit in a letter-only position, has one reading.
_TO_DIGIT = str.maketrans("OQDILZSBGA", "0001125864")
_TO_LETTER = str.maketrans("0124568", "OIZASGB")
# Alphanumeric confusions of OCR on OCR-B that check digits can settle (6/G, 1/L, 8/S and
# P/F differ by a multiple of 10 in check value, so no check digit tells them apart). The
# list is deliberately wide: when the true correction is among the candidates, another
# substitution that happens to satisfy the check digit makes a tie, and a tie is reported
# instead of repaired.
_ALTERNATIVES = {
    "0": "ODQ",
    "O": "0DQ",
    "D": "0O",
    "Q": "0O",
    "1": "IT",
    "I": "1T",
    "T": "1I7",
    "7": "T",
    "2": "Z",
    "Z": "2",
    "5": "S",
    "S": "5",
    "8": "B",
    "B": "8",
    "4": "A",
    "A": "4",
    "E": "F",
    "F": "E",
    "C": "G",
    "G": "C",
    "M": "N",
    "N": "M",
    "U": "V",
    "V": "U",
}
# Look-alikes whose check-digit values are equal modulo 10: no check digit can catch them.
_INVISIBLE = {"8": "S", "S": "8", "6": "G", "G": "6", "1": "L", "L": "1", "F": "P", "P": "F"}
# O and 0 differ by a few percent in height in OCR-B, less than blur changes: never judged.
_UNJUDGED = (frozenset("0O"),)


class GlyphEvidence(Protocol):
    """What the image says about single MRZ characters (positions index the joined lines)."""

    def scores(self, position: int) -> Mapping[str, float]:
        """How well the glyph matches each MRZ character (correlation); empty if unknown."""
        ...


def normalise(chars: list[str], layout: Layout) -> bool:
    """Class mapping and filler repair in place; True if a name had to be guessed at."""
    for i, (char, cls) in enumerate(zip(chars, char_classes(layout), strict=True)):
        if cls == "N":
            chars[i] = char.translate(_TO_DIGIT)
        elif cls == "C":
            chars[i] = "<" if char == "K" else char.translate(_TO_DIGIT)
        elif cls == "A":
            chars[i] = char.translate(_TO_LETTER)
    for part in (layout.number, *layout.optional):
        _trailing_fillers(chars, part)
        if set(chars[part]) == {"<", "K"}:
            chars[part] = ["<"] * (part.stop - part.start)
    for part in (layout.issuing_state, layout.nationality):
        if chars[part.start] == "D" and set(chars[part.start + 1 : part.stop]) <= {"<", "K"}:
            chars[part] = ["D", "<", "<"]
    return _trailing_fillers(chars, layout.name, run=3)


def _trailing_fillers(chars: list[str], part: slice, run: int = 1) -> bool:
    """Fillers only trail a field: a K after `run` trailing `<` in a row is a filler too.

    Names need `run` = 3, since "<<" separates surname and given names and a
    given name may be the initial K. A trailing run of three or more K is
    taken as fillers as well: no name or number ends that way, while OCR
    reading every `<` as K does.
    """
    text = "".join(chars[part])
    suffix = re.search(r"[<K]*$", text)
    assert suffix is not None
    tail = suffix.group()
    first = tail.find("<" * run)
    if "KKK" in tail:
        first = tail.find("KKK") if first < 0 else min(first, tail.find("KKK"))
    if first < 0:
        return False
    fixed = tail[:first] + "<" * (len(tail) - first)
    if fixed == tail:
        return False
    chars[part] = list(text[: suffix.start()] + fixed)
    return True


def search(
    chars: list[str], layout: Layout, glyphs: GlyphEvidence | None, *, must_fit: bool = False
) -> list[str] | None:
    """The unique smallest set of substitutions that makes every check digit hold.

    Alternatives per position: look-alikes in alphanumeric fields; any digit
    where a digit field holds something unreadable (the check digit then
    determines it, the composite confirms it); characters the glyph clearly
    shows. When several sets of the same size work, the check digits cannot
    tell them apart and the glyph evidence must refute all but one; if it
    refutes all, larger sets are tried. None when no set of at most
    MAX_SUBSTITUTIONS works or a tie remains that the issuer's number format does not
    settle. With `must_fit`, only repairs whose number has its issuer's shape count.
    """
    options = _options(chars, layout, glyphs)
    for size in range(1, MAX_SUBSTITUTIONS + 1):
        found: list[list[str]] = []
        for where in itertools.combinations(sorted(options), size):
            for replacement in itertools.product(*(options[i] for i in where)):
                trial = list(chars)
                for i, char in zip(where, replacement, strict=True):
                    trial[i] = char
                if all_hold(layout, trial) and (not must_fit or fits_number_format(layout, trial)):
                    found.append(trial)
        survivors = _unrefuted(layout, chars, found, glyphs)
        if len(survivors) > 1:
            survivors = [t for t in survivors if fits_number_format(layout, t)] or survivors
        if survivors:
            return survivors[0] if len(survivors) == 1 else None
    return None


def fits_number_format(layout: Layout, chars: list[str]) -> bool:
    """Whether the document number has the shape its issuer gives numbers (False if unknown)."""
    return bool(_number_format(layout, chars))


def settle_number_format(layout: Layout, chars: list[str], glyphs: GlyphEvidence | None) -> bool:
    """Repair (in place) a number whose check digits hold but whose shape its issuer never
    gives: two misreadings can cancel out in the check digit ("CZOTZZHZ5" for the German
    "CZ01ZZHZ5": O for 0 and T for 1). False when such a number stays unsettled."""
    if _number_format(layout, chars) is not False or not all_hold(layout, chars):
        return True
    repaired = search(chars, layout, glyphs, must_fit=True)
    if repaired is None:
        return False
    chars[:] = repaired
    return True


def _number_format(layout: Layout, chars: list[str]) -> bool | None:
    text = "".join(chars)
    return fits_issuer(
        text[layout.doc_code].replace("<", ""),
        text[layout.issuing_state].replace("<", ""),
        text[layout.number].replace("<", ""),
    )


def _options(chars: list[str], layout: Layout, glyphs: GlyphEvidence | None) -> dict[int, str]:
    options: dict[int, str] = {}
    for i, (char, cls) in enumerate(zip(chars, char_classes(layout), strict=True)):
        if cls == "X" and char != "<":
            options[i] = _ALTERNATIVES.get(char, "") + rivals(glyphs, i, char, cls, PROPOSAL_MARGIN)
        elif cls in "NC" and i != layout.composite_check:
            if not char.isdigit() and char != "<":
                options[i] = string.digits
            elif char.isdigit():
                options[i] = rivals(glyphs, i, char, "N", GLYPH_MARGIN)
    return {
        i: "".join(dict.fromkeys(alternatives))
        for i, alternatives in options.items()
        if alternatives
    }


def _unrefuted(
    layout: Layout, chars: list[str], found: list[list[str]], glyphs: GlyphEvidence | None
) -> list[list[str]]:
    """The repairs the glyph evidence does not contradict.

    A repair is contradicted where the glyph clearly shows another of the
    competing characters, where a substituted character is clearly not what
    the glyph shows (a repair is a guess and must look right), or where any
    character the check digits cover clearly looks like something else
    (errors that cancel out in the sum).
    """
    if glyphs is None:
        return found
    classes = char_classes(layout)
    found = [
        trial
        for trial in found
        if not any(
            rivals(glyphs, i, c, classes[i], GLYPH_MARGIN)
            for i, c in enumerate(trial)
            if c != chars[i]
        )
    ]
    readings = [chars, *found]
    disputed = {
        i: {r[i] for r in readings} - {UNREADABLE}
        for i in range(len(chars))
        if len({r[i] for r in readings}) > 1
    }
    return [
        trial
        for trial in found
        if not any(
            prefer(glyphs, i, trial[i], other, GLYPH_MARGIN) == other
            for i, seen in disputed.items()
            for other in seen - {trial[i]}
        )
        and not contradicted(layout, trial, glyphs, protected(layout, trial))
    ]


def contradicted(
    layout: Layout, chars: list[str], glyphs: GlyphEvidence, where: set[int]
) -> set[int]:
    """Positions in `where` whose glyph clearly shows another allowed character."""
    classes = char_classes(layout)
    return {i for i in where if rivals(glyphs, i, chars[i], classes[i], VETO_MARGIN)}


def prefer(glyphs: GlyphEvidence | None, i: int, a: str, b: str, margin: float) -> str | None:
    """`a` or `b`, whichever the glyph matches better by at least `margin`; None if unclear."""
    if glyphs is None or frozenset((a, b)) in _UNJUDGED:
        return None
    scores = glyphs.scores(i)
    if a not in scores or b not in scores:
        return None
    if scores[a] - scores[b] >= margin:
        return a
    return b if scores[b] - scores[a] >= margin else None


def rivals(glyphs: GlyphEvidence | None, i: int, have: str, cls: CharClass, margin: float) -> str:
    """Characters allowed at a position that the glyph matches clearly better than `have`."""
    if glyphs is None:
        return ""
    scores = glyphs.scores(i)
    if have not in scores:
        return ""
    return "".join(
        c
        for c, score in sorted(scores.items(), key=lambda kv: -kv[1])
        if c in ALLOWED[cls]
        and c != have
        and score - scores[have] >= margin
        and frozenset((c, have)) not in _UNJUDGED
    )


def vote(
    layout: Layout, chars: list[str], readings: list[list[str]], glyphs: GlyphEvidence | None
) -> set[str]:
    """Settle `chars` (in place) by the votes of other readings; the fields left in doubt.

    Whole check-digit groups first: another reading whose group holds too but
    says something else (two errors can cancel out in a check digit) either
    outvotes ours or puts the field in doubt. Then per position, readings vote
    among the characters that keep every check digit holding; a tie goes to
    the glyph evidence. A position outside the check digits is confirmed
    only when two readings agree on it, or one does and the glyph clearly
    shows that character. Then a look-alike with equal check
    value is swapped in where the glyph clearly shows it, and a character the
    glyph clearly contradicts puts its field in doubt - as does a character
    no reading saw (it came from a repair) that is not the glyph's best match.
    """
    doubtful = _vote_groups(layout, chars, readings)
    covered = protected(layout, chars)
    classes = char_classes(layout)
    for i, ours in enumerate(list(chars)):
        votes = Counter(
            r[i]
            for r in readings
            if r[i] != UNREADABLE and (r[i] == ours or _holds_with(layout, chars, i, r[i]))
        )
        if i in covered and set(votes) <= {ours}:
            continue
        chosen, confirmed = _decide(votes, i, ours, classes[i], glyphs)
        if chosen is not None:
            chars[i] = chosen
        if not confirmed and (name := field_at(layout, chars, i)) is not None:
            doubtful.add(name)
    if glyphs is not None:
        _swap_invisible(layout, chars, glyphs)
        unread = {i for i, c in enumerate(chars) if all(r[i] != c for r in readings)}
        for i in contradicted(layout, chars, glyphs, set(range(len(chars)))) | {
            i for i in unread if rivals(glyphs, i, chars[i], classes[i], REPAIR_MARGIN)
        }:
            name = field_at(layout, chars, i)
            if name is not None:
                doubtful.add(name)
    return doubtful


def _vote_groups(layout: Layout, chars: list[str], readings: list[list[str]]) -> set[str]:
    doubtful: set[str] = set()
    for group in check_groups(layout, chars)[:-1]:
        span = (*group.data, group.check)
        ours = tuple(chars[i] for i in span)
        variants = Counter(
            tuple(r[i] for i in span)
            for r in readings
            if UNREADABLE not in (r[i] for i in span) and group.holds(r)
        )
        others = [(count, variant) for variant, count in variants.items() if variant != ours]
        if not others:
            continue
        count, variant = max(others)
        trial = list(chars)
        for i, char in zip(span, variant, strict=True):
            trial[i] = char
        if count > variants[ours] and all_hold(layout, trial):
            chars[:] = trial
        elif count >= variants[ours]:
            doubtful.update(n for i in span if (n := field_at(layout, chars, i)) is not None)
    return doubtful


def _decide(
    votes: Counter[str], i: int, ours: str, cls: CharClass, glyphs: GlyphEvidence | None
) -> tuple[str | None, bool]:
    """The character the readings settle on at position i, and whether it is confirmed:
    by two readings, or by one reading and a glyph that clearly shows that character."""
    ranked = votes.most_common()
    if not ranked:
        return None, _glyph_confirms(glyphs, i, ours, cls)
    if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
        char, count = ranked[0]
        return char, count >= 2 or _glyph_confirms(glyphs, i, char, cls)
    first, second = ranked[0][0], ranked[1][0]
    preferred = prefer(glyphs, i, first, second, GLYPH_MARGIN)
    if preferred is not None:
        return preferred, True
    scores = glyphs.scores(i) if glyphs else {}
    return max((first, second), key=lambda c: scores.get(c, 0.0)), False


def _glyph_confirms(glyphs: GlyphEvidence | None, i: int, char: str, cls: CharClass) -> bool:
    """Whether `char` is the glyph's clearly best match among the characters allowed there."""
    if glyphs is None:
        return False
    scores = {c: v for c, v in glyphs.scores(i).items() if c in ALLOWED[cls]}
    if char not in scores:
        return False
    others = [v for c, v in scores.items() if c != char and frozenset((c, char)) not in _UNJUDGED]
    return not others or scores[char] - max(others) >= GLYPH_MARGIN


def _holds_with(layout: Layout, chars: list[str], i: int, char: str) -> bool:
    trial = list(chars)
    trial[i] = char
    return all_hold(layout, trial)


def _swap_invisible(layout: Layout, chars: list[str], glyphs: GlyphEvidence) -> None:
    """Replace a character the glyph clearly shows to be its equal-check-value look-alike."""
    classes = char_classes(layout)
    for i, char in enumerate(chars):
        for alternative in _INVISIBLE.get(char, ""):
            allowed = alternative.isdigit() if classes[i] in "NC" else classes[i] == "X"
            if allowed and prefer(glyphs, i, char, alternative, INVISIBLE_MARGIN) == alternative:
                chars[i] = alternative
                break
