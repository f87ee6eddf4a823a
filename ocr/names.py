"""Is a free-text name the passport holder's? Tolerant of spelling, strict on identity.

The passport (or ID card) holder comes from the MRZ: upper case, no
diacritics, `<` read as spaces, and possibly truncated where the name field
(30, 31 or 39 characters) is full. The other name is free text as a contract,
diploma or the portal writes it. Both are folded to upper-case ASCII words
(NFKD plus the ICAO 9303 transliterations, both the plain and the ICAO
spelling of Ä, Ö, Ü, Å, Ø being tried), then words are paired one to one:

* a pair needs a word similarity (`rapidfuzz.fuzz.ratio`) of at least
  `NAME_WORD_MIN_SIMILARITY` (80: one misread letter in a word of five or
  more letters, one dropped or added letter in a word of four or more);
  words of fewer than four letters must be equal (Jan and Jos are two
  names). When the name field may be full, the MRZ's last word also
  matches the start of a word (truncation). Adjacent words joined on one
  side ("VANDENBROECK") are paired with the run on the other;
* every word of the side with fewer words must be paired, so a middle name
  may be missing on either side but no word may be different;
* at least one given name and one surname word (not a particle like VAN or
  DE) of the passport must be paired, so a shared surname alone never makes
  two people one;
* the score, `fuzz.ratio` of the paired words (plus the unpaired words of
  the shorter side, which count as mismatches), must reach `NAME_MIN_SCORE`
  (90: one misread letter costs 1/n of a name of n characters, spaces
  included, so a name of ten or more characters survives one).

`fuzz.token_set_ratio` alone is not used: it scores 100 whenever the words of
one name are a subset of the other ("PEETERS" against "PEETERS MARIA"), which
is exactly the shared-surname case that must fail.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz

from ocr.model import Check

NAME_WORD_MIN_SIMILARITY = 80.0
NAME_MIN_SCORE = 90.0
# Shorter words (Jan, Jos, Ann, Eva) are different names after one changed letter.
MIN_FUZZY_WORD_LENGTH = 4
# The shortest MRZ name field (TD1, 30 characters): a name this long may have been cut off.
SHORTEST_MRZ_NAME_FIELD = 30
# Words that alone do not identify a surname.
SURNAME_PARTICLES = frozenset(
    {"AL", "BEN", "BIN", "D", "DA", "DAS", "DE", "DEL", "DELA", "DELLA", "DEN", "DER", "DI"}
    | {"DO", "DOS", "DU", "E", "EL", "LA", "LE", "ST", "TEN", "TER", "VAN", "VON", "Y"}
)

# ICAO 9303 part 3 allows either spelling for these; the MRZ may use one or the other.
_ICAO_SPELLING = {"Ä": "AE", "Ö": "OE", "Ü": "UE", "Å": "AA", "Ø": "OE"}
_PLAIN_SPELLING = {"Ä": "A", "Ö": "O", "Ü": "U", "Å": "A", "Ø": "O"}
# Letters NFKD does not decompose; ß needs nothing (upper() makes it SS).
_TRANSLITERATIONS = {"Æ": "AE", "Œ": "OE", "Þ": "TH", "Ð": "D", "Đ": "D", "Ł": "L", "Ħ": "H"}
# Apostrophes vanish in the MRZ (O'Connor is OCONNOR); other punctuation separates words.
_APOSTROPHES = frozenset("'’‘`´ʼ")
# A digit in a name is an OCR misreading of the letter it resembles.
_DIGIT_LETTERS = {"0": "O", "1": "I", "5": "S", "8": "B"}


@dataclass(frozen=True)
class NameComparison:
    """How a free-text name compares with an MRZ name; `reason` says why it does not match."""

    matched: bool
    score: float  # 0..100
    reason: str = ""


@dataclass(frozen=True)
class _Pair:
    name_index: int
    mrz_index: int
    similarity: float
    shown: str  # the name's word as compared (cut to the MRZ word's length when truncated)


def fold_name(text: str, spelling: Mapping[str, str] | None = None) -> list[str]:
    """The words of a name in MRZ letters: upper case, A-Z only, apostrophes dropped.

    `spelling` chooses how Ä, Ö, Ü, Å and Ø are written (plain by default);
    a name written in the MRZ alphabet comes back unchanged.
    """
    table = {**_TRANSLITERATIONS, **(_PLAIN_SPELLING if spelling is None else spelling)}
    out: list[str] = []
    for char in text.upper():
        if char in table:
            out.append(table[char])
        elif char in _APOSTROPHES:
            continue
        elif char in _DIGIT_LETTERS:
            out.append(_DIGIT_LETTERS[char])
        else:
            letters = [c for c in unicodedata.normalize("NFKD", char) if "A" <= c <= "Z"]
            out.append("".join(letters) if letters else " ")
    return "".join(out).split()


def _spellings(text: str) -> list[list[str]]:
    """The folded words of `text` in plain and in ICAO spelling (one list if they agree)."""
    plain, icao = fold_name(text, _PLAIN_SPELLING), fold_name(text, _ICAO_SPELLING)
    return [plain] if plain == icao else [plain, icao]


def compare_names(name: str, surname: str, given_names: str) -> NameComparison:
    """Compare a free-text name with the MRZ surname and given names (see the module doc)."""
    mrz_surname, mrz_given = fold_name(surname), fold_name(given_names)
    if not mrz_surname and not mrz_given:
        return NameComparison(False, 0.0, "the passport gives no name")
    spellings = [words for words in _spellings(name) if words]
    if not spellings:
        return NameComparison(False, 0.0, "the name has no letters that can be compared")
    truncated = _may_be_truncated(surname, given_names)
    results = [_compare(words, mrz_surname, mrz_given, truncated) for words in spellings]
    return max(results, key=lambda r: (r.matched, r.score))


def _may_be_truncated(surname: str, given_names: str) -> bool:
    """Whether the MRZ name field may be full, i.e. its last word possibly cut off."""
    length = len(surname.strip()) + (2 + len(given_names.strip()) if given_names.strip() else 0)
    return length >= SHORTEST_MRZ_NAME_FIELD


def _merge_runs(words: list[str], other: set[str]) -> list[str]:
    """Join runs of two or three adjacent words that the other name writes as one word."""
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in (3, 2):
            joined = "".join(words[i : i + size])
            if i + size <= len(words) and joined in other:
                out.append(joined)
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return out


def _word_ratio(word: str, mrz_word: str) -> float:
    """`fuzz.ratio`, except that words shorter than `MIN_FUZZY_WORD_LENGTH` must be equal."""
    if word == mrz_word:
        return 100.0
    if min(len(word), len(mrz_word)) < MIN_FUZZY_WORD_LENGTH:
        return 0.0
    return fuzz.ratio(word, mrz_word)


def _similarity(word: str, mrz_word: str, prefix: bool) -> tuple[float, str]:
    """Similarity of two words; with `prefix`, the MRZ word may be the start of `word`."""
    score = _word_ratio(word, mrz_word)
    if prefix and len(word) > len(mrz_word):
        start = word[: len(mrz_word)]
        cut = _word_ratio(start, mrz_word)
        if cut > score:
            return cut, start
    return score, word


def _pair(name: list[str], mrz: list[str], truncated: bool) -> list[_Pair]:
    """Pair words one to one, most similar first, ignoring pairs below the word minimum."""
    last = len(mrz) - 1 if truncated else -1
    candidates = []
    for i, word in enumerate(name):
        for j, mrz_word in enumerate(mrz):
            similarity, shown = _similarity(word, mrz_word, j == last)
            if similarity >= NAME_WORD_MIN_SIMILARITY:
                candidates.append(_Pair(i, j, similarity, shown))
    candidates.sort(key=lambda p: (-p.similarity, abs(p.name_index - p.mrz_index)))
    pairs: list[_Pair] = []
    used_name: set[int] = set()
    used_mrz: set[int] = set()
    for pair in candidates:
        if pair.name_index not in used_name and pair.mrz_index not in used_mrz:
            pairs.append(pair)
            used_name.add(pair.name_index)
            used_mrz.add(pair.mrz_index)
    return sorted(pairs, key=lambda p: p.mrz_index)


def _compare(
    words: list[str], mrz_surname: list[str], mrz_given: list[str], truncated: bool
) -> NameComparison:
    name = _merge_runs(words, {*mrz_surname, *mrz_given})
    surname = _merge_runs(mrz_surname, set(words))
    given = _merge_runs(mrz_given, set(words))
    mrz = surname + given
    pairs = _pair(name, mrz, truncated)
    paired_name = {p.name_index for p in pairs}
    paired_mrz = {p.mrz_index for p in pairs}
    unpaired_name = [w for i, w in enumerate(name) if i not in paired_name]
    unpaired_mrz = [w for j, w in enumerate(mrz) if j not in paired_mrz]
    # Unpaired words of the longer name are missing middle names; of the shorter, mismatches.
    left = [p.shown for p in pairs] + (unpaired_name if len(name) <= len(mrz) else [])
    right = [mrz[p.mrz_index] for p in pairs] + (unpaired_mrz if len(mrz) <= len(name) else [])
    score = fuzz.ratio(" ".join(left), " ".join(right))
    if len(pairs) < min(len(name), len(mrz)):
        missing = unpaired_name if len(name) <= len(mrz) else unpaired_mrz
        listed = ", ".join(missing)
        return NameComparison(False, score, f"no word of the other name corresponds to {listed}")
    surname_paired = [surname[j] for j in paired_mrz if j < len(surname)]
    if not any(w not in SURNAME_PARTICLES for w in surname_paired) and not all(
        w in SURNAME_PARTICLES for w in surname
    ):
        return NameComparison(False, score, "the surnames differ")
    if given and not any(j >= len(surname) for j in paired_mrz):
        return NameComparison(
            False, score, "no given name corresponds; a shared surname alone is not enough"
        )
    if score < NAME_MIN_SCORE:
        return NameComparison(False, score, "too many letters differ")  # see NAME_MIN_SCORE
    return NameComparison(True, score)


def name_match_check(
    name: str,
    surname: str,
    given_names: str,
    *,
    code: str = "name_match",
    subject: str = "The contract's employee name",
) -> Check:
    """Whether `name` (free text) names the MRZ holder `surname`, `given_names`.

    `subject` says in the message whose name it is, e.g. "The declared
    applicant name" for `code="applicant_name_match"`.
    """
    result = compare_names(name, surname, given_names)
    holder = f"{surname}, {given_names}" if given_names.strip() else surname
    score = f"similarity {result.score:.0f} of 100"
    if result.matched:
        message = (
            f"{subject} '{name}' matches the passport holder {holder} ({score}; "
            f"{NAME_MIN_SCORE:.0f} needed)."
        )
    else:
        message = (
            f"{subject} '{name}' does not match the passport holder {holder}: {result.reason} "
            f"({score}; a match needs {NAME_MIN_SCORE:.0f} and a counterpart for every word of "
            "the shorter name)."
        )
    return Check(code, result.matched, message)


def printed_name_check(surname: str, given_names: str, page_text: str) -> Check:
    """Is the MRZ holder's name also printed on the page (the visual inspection zone)?

    A mismatch is the classic sign of a tampered or wrongly assembled document,
    and of an MRZ misread that no check digit covers (names have none). Every
    surname word and the first given name must appear among the page's words
    (same word tolerance as above; MRZ lines themselves are left out); later
    given names are not required, being the ones an MRZ truncates.
    """
    printed = [line for line in page_text.splitlines() if "<<" not in line]
    words = {w for line in printed for spelling in _spellings(line) for w in spelling}
    wanted = fold_name(surname) + fold_name(given_names)[:1]
    shown = f"{surname.strip()}, {given_names.strip()}".strip(", ")
    if not wanted:
        return Check("printed_name_match", False, "The machine-readable zone gives no name.")
    missing = [
        w
        for w in wanted
        if not any(_word_ratio(w, word) >= NAME_WORD_MIN_SIMILARITY for word in words)
    ]
    if missing:
        return Check(
            "printed_name_match",
            False,
            f"The name in the machine-readable zone ({shown}) was not found printed on the "
            f"document (missing: {' '.join(missing)}); compare the two.",
        )
    return Check(
        "printed_name_match",
        True,
        f"The name in the machine-readable zone ({shown}) is also printed on the document.",
    )
