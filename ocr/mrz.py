"""Parse an ICAO 9303 machine-readable zone (TD1, TD2, TD3) from OCR'd lines.

OCR of an MRZ fails in predictable ways: `<` becomes K, O and 0 swap, and so
on. Every position has a character class, so a letter in a date can only be
a misread digit and is mapped back outright. The document number and the
optional data are alphanumeric, so there a confusion can only be settled by
the check digits: substitutions are searched (at most two) and a repair is
kept only when it makes *every* check digit hold and no other repair of the
same size does. A wrong MRZ is never reported with passing check digits
because of a repair made here.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Literal

from ocr.checkdigit import MRZ_ALPHABET, check_digit_holds
from ocr.model import BBox, Check, Field

MrzFormat = Literal["TD1", "TD2", "TD3"]

HIGH_CONFIDENCE = 0.99
LOW_CONFIDENCE = 0.5
# Names are not covered by any check digit; a name we had to guess at is less certain.
GUESSED_NAME_CONFIDENCE = 0.9
MAX_SUBSTITUTIONS = 2
MAX_LENGTH_SLACK = 3

# A letter in a digit-only position, and a digit in a letter-only position, has one reading.
_TO_DIGIT = str.maketrans("OQDILZSBGA", "0001125864")
_TO_LETTER = str.maketrans("0124568", "OIZASGB")
# Alphanumeric confusions the check digits can settle. 6/G and 1/L differ by 10 in
# check-digit value, so no check digit tells them apart and they are not searched.
_ALTERNATIVES = {"0": "O", "O": "0", "1": "I", "I": "1", "2": "Z", "Z": "2",
                 "5": "S", "S": "5", "8": "B", "B": "8"}
_OCR_LOOKALIKES = str.maketrans({"«": "<<", "‹": "<", "(": "<", "[": "<", "{": "<"})

# Character classes: A letters (and filler), N digits, C check digit, X alphanumeric.
_Class = Literal["A", "N", "C", "X"]


@dataclass(frozen=True)
class _Layout:
    format: MrzFormat
    length: int
    lines: int
    doc_code: slice
    issuing_state: slice
    name: slice
    number: slice
    number_check: int
    nationality: slice
    birth: slice
    birth_check: int
    sex: int
    expiry: slice
    expiry_check: int
    optional: tuple[slice, ...]
    optional_check: int | None
    composite: tuple[slice, ...]
    composite_check: int
    # TD1/TD2: a number longer than 9 characters continues in the optional data.
    long_number: bool


_TD3 = _Layout("TD3", 44, 2, slice(0, 2), slice(2, 5), slice(5, 44), slice(44, 53), 53,
               slice(54, 57), slice(57, 63), 63, 64, slice(65, 71), 71, (slice(72, 86),), 86,
               (slice(44, 54), slice(57, 64), slice(65, 87)), 87, False)
_TD2 = _Layout("TD2", 36, 2, slice(0, 2), slice(2, 5), slice(5, 36), slice(36, 45), 45,
               slice(46, 49), slice(49, 55), 55, 56, slice(57, 63), 63, (slice(64, 71),), None,
               (slice(36, 46), slice(49, 56), slice(57, 71)), 71, True)
_TD1 = _Layout("TD1", 30, 3, slice(0, 2), slice(2, 5), slice(60, 90), slice(5, 14), 14,
               slice(45, 48), slice(30, 36), 36, 37, slice(38, 44), 44,
               (slice(15, 30), slice(48, 59)), None,
               (slice(5, 30), slice(30, 37), slice(38, 45), slice(48, 59)), 59, True)
LAYOUTS: dict[MrzFormat, _Layout] = {"TD1": _TD1, "TD2": _TD2, "TD3": _TD3}


@dataclass(frozen=True)
class MrzResult:
    """A parsed MRZ: corrected lines, fields, and whether the check digits hold."""

    format: MrzFormat
    lines: tuple[str, ...]
    document_code: str
    fields: dict[str, Field]
    checks: tuple[Check, ...]
    repaired: bool
    bbox: BBox | None = None  # where the band was found on the page, when read from an image

    @property
    def check_digits_ok(self) -> bool:
        return any(c.code == "mrz_check_digits" and c.ok for c in self.checks)

    @property
    def checks_passed(self) -> int:
        """How many of the individual check digits hold; ranks candidate readings."""
        return _count_passed(self)


@dataclass(frozen=True)
class _Group:
    name: str
    data: tuple[int, ...]
    check: int

    def holds(self, chars: list[str]) -> bool:
        return check_digit_holds("".join(chars[i] for i in self.data), chars[self.check])


def clean_line(raw: str) -> str:
    """Upper-case, drop spaces, map look-alikes of `<`, and drop anything else foreign."""
    text = re.sub(r"\s+", "", raw.upper().translate(_OCR_LOOKALIKES))
    return "".join(c for c in text if c in MRZ_ALPHABET)


def parse_mrz(lines: list[str], today: date) -> MrzResult | None:
    """Parse the MRZ among `lines` (OCR output, possibly with extra lines), or None.

    Lines are matched to a format by count and length; lengths off by a few
    fillers are fitted by adding or removing `<` in filler runs, and the
    fitting that makes most check digits hold wins.
    """
    cleaned = [c for c in (clean_line(raw) for raw in lines) if len(c) >= 20]
    best: MrzResult | None = None
    for layout, window in _windows(cleaned):
        for fitted in itertools.product(*(_fit(line, layout.length) for line in window)):
            result = _parse_fitted(layout, list(fitted), window, today)
            if best is None or _rank(result) > _rank(best):
                best = result
    return best


def _rank(result: MrzResult) -> tuple[bool, int, bool]:
    return result.check_digits_ok, result.checks_passed, not result.repaired


def _count_passed(result: MrzResult) -> int:
    chars = list("".join(result.lines))
    layout = LAYOUTS[result.format]
    return sum(g.holds(chars) for g in _groups(layout, chars))


def _windows(lines: list[str]) -> Iterator[tuple[_Layout, list[str]]]:
    for layout in (_TD3, _TD2, _TD1):
        for start in range(len(lines) - layout.lines + 1):
            window = lines[start : start + layout.lines]
            if all(abs(len(line) - layout.length) <= MAX_LENGTH_SLACK for line in window):
                yield layout, window


def _fit(line: str, length: int) -> list[str]:
    """Candidate readings of `line` at exactly `length`, trailing changes first."""
    diff = length - len(line)
    if diff == 0:
        return [line]
    runs = [m.span() for m in re.finditer(r"<+", line)]
    if diff > 0:
        out = [line + "<" * diff] + [line[:e] + "<" * diff + line[e:] for _, e in runs]
    else:
        cut = -diff
        out = [line[:length]] + [line[: e - cut] + line[e:] for s, e in runs if e - s > cut]
    return list(dict.fromkeys(out))


def _classes(layout: _Layout) -> list[_Class]:
    classes: list[_Class] = ["A"] * layout.length * layout.lines
    for part in (layout.number, *layout.optional):
        classes[part] = ["X"] * (part.stop - part.start)
    for part in (layout.birth, layout.expiry):
        classes[part] = ["N"] * (part.stop - part.start)
    checks = [layout.number_check, layout.birth_check, layout.expiry_check, layout.composite_check]
    if layout.optional_check is not None:
        checks.append(layout.optional_check)
    for pos in checks:
        classes[pos] = "C"
    return classes


def _force_classes(chars: list[str], classes: list[_Class]) -> None:
    for i, (c, cls) in enumerate(zip(chars, classes, strict=True)):
        if cls == "N":
            chars[i] = c.translate(_TO_DIGIT)
        elif cls == "C":
            chars[i] = "<" if c == "K" else c.translate(_TO_DIGIT)
        elif cls == "A":
            chars[i] = c.translate(_TO_LETTER)


def _trailing_fillers(chars: list[str], part: slice) -> bool:
    """Fillers only trail a field, so a K after the first trailing `<` is a filler too.

    A trailing run of three or more K is taken as fillers as well: no name or
    number ends that way, while OCR reading every `<` as K does.
    """
    text = "".join(chars[part])
    suffix = re.search(r"[<K]*$", text)
    assert suffix is not None
    tail = suffix.group()
    first = 0 if "KKK" in tail else tail.find("<")
    if first < 0:
        return False
    fixed = tail[:first] + "<" * (len(tail) - first)
    if fixed == tail:
        return False
    chars[part] = list(text[: suffix.start()] + fixed)
    return True


def _repair_fillers(chars: list[str], layout: _Layout) -> bool:
    """Repair `<` read as K where the MRZ structure allows only fillers; True if names changed."""
    for part in (layout.number, *layout.optional):
        _trailing_fillers(chars, part)
        if set(chars[part]) == {"<", "K"}:
            chars[part] = ["<"] * (part.stop - part.start)
    for part in (layout.issuing_state, layout.nationality):
        if chars[part.start] == "D" and set(chars[part.start + 1 : part.stop]) <= {"<", "K"}:
            chars[part] = ["D", "<", "<"]
    return _trailing_fillers(chars, layout.name)


def _groups(layout: _Layout, chars: list[str]) -> list[_Group]:
    number = tuple(range(layout.number.start, layout.number.stop))
    number_check = layout.number_check
    extension_field = layout.optional[0]
    if layout.long_number and chars[number_check] == "<" and chars[extension_field.start] != "<":
        tail = "".join(chars[extension_field]).split("<", 1)[0]
        extension = tuple(range(extension_field.start, extension_field.start + len(tail)))
        number, number_check = number + extension[:-1], extension[-1]
    groups = [
        _Group("document number", number, number_check),
        _Group("date of birth", _positions(layout.birth), layout.birth_check),
        _Group("expiry date", _positions(layout.expiry), layout.expiry_check),
    ]
    if layout.optional_check is not None:
        groups.append(_Group("optional data", _positions(layout.optional[0]),
                             layout.optional_check))
    composite = tuple(i for part in layout.composite for i in _positions(part))
    groups.append(_Group("composite", composite, layout.composite_check))
    return groups


def _positions(part: slice) -> tuple[int, ...]:
    return tuple(range(part.start, part.stop))


def _search(chars: list[str], layout: _Layout, classes: list[_Class]) -> list[str] | None:
    """The unique smallest set of alphanumeric substitutions that makes every check hold.

    None when no set of at most MAX_SUBSTITUTIONS does, or when two different
    sets of the same size do (the check digits cannot tell which is right).
    """
    candidates = [i for i, cls in enumerate(classes) if cls == "X" and chars[i] in _ALTERNATIVES]
    for size in range(MAX_SUBSTITUTIONS + 1):
        found: list[list[str]] = []
        for positions in itertools.combinations(candidates, size):
            trial = list(chars)
            for pos in positions:
                trial[pos] = _ALTERNATIVES[trial[pos]]
            if all(g.holds(trial) for g in _groups(layout, trial)):
                found.append(trial)
        if len(found) == 1:
            return found[0]
        if found:
            return None
    return None


def _parse_fitted(layout: _Layout, fitted: list[str], raw: list[str], today: date) -> MrzResult:
    chars = list("".join(fitted))
    classes = _classes(layout)
    _force_classes(chars, classes)
    name_guessed = _repair_fillers(chars, layout)
    if not all(g.holds(chars) for g in _groups(layout, chars)):
        chars = _search(chars, layout, classes) or chars
    groups = _groups(layout, chars)
    failing = [g.name for g in groups if not g.holds(chars)]
    text = "".join(chars)
    lines = tuple(text[i : i + layout.length] for i in range(0, len(text), layout.length))
    fields = _fields(layout, text, groups, valid=not failing, name_guessed=name_guessed,
                     today=today)
    checks = [_check_digits_check(failing)]
    expiry = fields.get("expiry_date")
    if expiry is not None:
        expired = date.fromisoformat(expiry.value) < today
        message = f"Document expired on {expiry.value}." if expired else (
            f"Document valid until {expiry.value}.")
        checks.append(Check("document_expired", not expired, message))
    return MrzResult(layout.format, lines, text[layout.doc_code].replace("<", ""), fields,
                     tuple(checks), repaired=lines != tuple(raw))


def _check_digits_check(failing: list[str]) -> Check:
    if not failing:
        return Check("mrz_check_digits", True, "All MRZ check digits hold.")
    return Check("mrz_check_digits", False, f"MRZ check digits fail for: {', '.join(failing)}.")


def _fields(layout: _Layout, text: str, groups: list[_Group], *, valid: bool,
            name_guessed: bool, today: date) -> dict[str, Field]:
    confidence = HIGH_CONFIDENCE if valid else LOW_CONFIDENCE
    name_confidence = min(confidence, GUESSED_NAME_CONFIDENCE) if name_guessed else confidence
    number = "".join(text[i] for i in groups[0].data).rstrip("<")
    surname, _, given = text[layout.name].strip("<").partition("<<")
    sex = text[layout.sex]
    values = {
        "document_number": number,
        "surname": _words(surname),
        "given_names": _words(given),
        "nationality": text[layout.nationality].replace("<", ""),
        "date_of_birth": _birth_date(text[layout.birth], today),
        "sex": sex if sex in "MF" else "X",
        "expiry_date": _expiry_date(text[layout.expiry]),
        "issuing_state": text[layout.issuing_state].replace("<", ""),
    }
    fields = {}
    for key, value in values.items():
        if value is None:
            continue
        conf = name_confidence if key in ("surname", "given_names") else confidence
        fields[key] = Field(value, conf, "mrz")
    return fields


def _words(part: str) -> str:
    return " ".join(part.replace("<", " ").split())


def _yymmdd(text: str, century: int) -> date | None:
    if not text.isdigit():
        return None
    try:
        return date(century + int(text[:2]), int(text[2:4]), int(text[4:6]))
    except ValueError:
        return None


def _birth_date(text: str, today: date) -> str | None:
    """Birth dates lie in the past: the latest century that does not put one in the future."""
    century = today.year // 100 * 100
    born = _yymmdd(text, century)
    if born is not None and born > today:
        born = _yymmdd(text, century - 100)
    return born.isoformat() if born else None


def _expiry_date(text: str) -> str | None:
    expiry = _yymmdd(text, 2000)
    return expiry.isoformat() if expiry else None
