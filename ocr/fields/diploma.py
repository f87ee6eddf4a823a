"""Fields of a diploma, which states them in prose rather than behind labels.

A diploma reads like a sentence spread over centred lines: the institution
as heading, "hereby certifies that" / "verklaart dat" / "certifie que" /
"bescheinigt, dass", the holder's name, "has been awarded the degree of" /
"het diploma van" / "a obtenu le diplôme de" / "den akademischen Grad", the
degree, and "Awarded on" / "Uitgereikt op" / "Délivré le" / "Verliehen am"
with the date. Each value is what follows its phrase, on the same line or
the next. A birth date is also on the page, so the award date is only taken
after its own phrase; an award date that would make the holder a child is
flagged, since a misread year passes every other check.
"""

from __future__ import annotations

import re
from datetime import date

from ocr.fields.lines import Line, page_lines
from ocr.fields.normalize import find_date
from ocr.model import Check, Extraction, Field, OcrResult
from ocr.text import fold

REQUIRED = ("holder_name", "institution", "degree", "award_date")

_INSTITUTION = re.compile(
    r"universi|hogeschool|haute ecole|hochschule|college|institut|academ|akademie|ecole|"
    r"school|louvain|leuven"
)
_CERTIFIES = re.compile(
    r"certif(?:y|ies) that|verklaart dat|certifie que|atteste que|bescheinigt,? dass|"
    r"confers? (?:up)?on|conferred (?:up)?on|is awarded to"
)
_DEGREE = re.compile(
    r"(?:has been )?awarded the degree of|the degree of|het diploma van|de graad van|"
    r"het getuigschrift van|a obtenu le diplome de|a obtenu le grade de|le diplome de|"
    r"le grade de|den akademischen grad|den grad|the degree"
)
_COMPLETED = re.compile(r"\s*(?:heeft behaald|behaald heeft|erworben hat|verliehen)\W*$")
_AWARDED = re.compile(
    r"awarded on|conferred on|given (?:at|on)|uitgereikt op|gegeven te|delivre le|"
    r"decerne le|fait a|verliehen am|ausgestellt am"
)
# The birth date printed on the diploma: "born on", "geboren op", "né(e) le", "geboren am".
_BORN = re.compile(r"born on|geboren op|nee? le|geboren am")
MIN_AWARD_AGE = 14
_NOT_A_NAME = re.compile(r"\d|" + _DEGREE.pattern)


def extract_diploma(pages: list[tuple[int, OcrResult]]) -> Extraction:
    """The diploma fields found on the document's pages, given as (page index, text)."""
    lines = [line for index, result in pages for line in page_lines(index, result)]
    fields: dict[str, Field] = {}
    institution = next((line for line in lines if _INSTITUTION.search(fold(line.text))), None)
    if institution is not None:
        fields["institution"] = _whole(institution, institution.text)
    holder = _after_phrase(lines, _CERTIFIES)
    if holder is not None and not _NOT_A_NAME.search(fold(holder[0].text[holder[1] :])):
        fields["holder_name"] = _rest(*holder)
    degree = _after_phrase(lines, _DEGREE)
    if degree is not None:
        line, start = degree
        text = _COMPLETED.sub("", line.text[start:])
        if text.strip():
            fields["degree"] = _whole(line, text, start)
    award = _date_after(lines, _AWARDED)
    if award is not None:
        fields["award_date"] = award
    missing = [name for name in REQUIRED if name not in fields]
    checks = (
        [Check("required_fields", False, f"Not found: {', '.join(missing)}.")] if missing else []
    )
    born = _date_after(lines, _BORN)
    if award is not None and born is not None:
        checks.append(_award_age_check(award.value, born.value))
    return Extraction({name: fields[name] for name in REQUIRED if name in fields}, tuple(checks))


def _date_after(lines: list[Line], phrase: re.Pattern[str]) -> Field | None:
    """The first date that follows `phrase` on the phrase's line."""
    for line in lines:
        found_phrase = phrase.search(fold(line.text))
        found = find_date(line.text[found_phrase.end() :]) if found_phrase else None
        if found_phrase is not None and found is not None:
            offset = found_phrase.end()
            return line.field(offset + found.start, offset + found.end, found.value)
    return None


def _award_age_check(award: str, born: str) -> Check:
    """A diploma awarded before its holder was MIN_AWARD_AGE is a misread year (1939 for 1989),
    which no digit check would catch."""
    age = _years_between(date.fromisoformat(born), date.fromisoformat(award))
    if age < MIN_AWARD_AGE:
        return Check(
            "award_date_plausible",
            False,
            f"Awarded on {award} to a holder born on {born} (age {age}): check the award date.",
        )
    return Check("award_date_plausible", True, f"Awarded at age {age}.")


def _years_between(earlier: date, later: date) -> int:
    return later.year - earlier.year - ((later.month, later.day) < (earlier.month, earlier.day))


def _after_phrase(lines: list[Line], phrase: re.Pattern[str]) -> tuple[Line, int] | None:
    """Where the text after `phrase` starts: later on its line, or else the next line."""
    for index, line in enumerate(lines):
        m = phrase.search(fold(line.text))
        if m is None:
            continue
        if line.text[m.end() :].strip(" :,.-"):
            return line, m.end()
        following = lines[index + 1] if index + 1 < len(lines) else None
        return (following, 0) if following is not None else None
    return None


def _rest(line: Line, start: int) -> Field:
    return _whole(line, line.text[start:], start)


def _whole(line: Line, text: str, offset: int = 0) -> Field:
    """The field for `text` (found at `offset` in the line), trimmed of spaces and punctuation."""
    value = text.strip(" :,.;-")
    start = offset + text.index(value) if value else offset
    return line.field(start, start + len(value), value)
