"""Parse an ICAO 9303 machine-readable zone (TD1, TD2, TD3) from OCR'd lines.

Lines are cleaned, matched to a format and fitted to its exact length, then
repaired where the check digits allow it (`ocr.mrz.repair`). The result
says which check digits fail; a wrong MRZ is never reported with passing
check digits because of a repair made here. Every field the check digits
cannot vouch for gets a lower confidence.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date

from ocr.model import BBox, Check, Field
from ocr.mrz.checkdigit import MRZ_ALPHABET
from ocr.mrz.countries import known_country
from ocr.mrz.layout import LAYOUTS, TD1, TD2, TD3, Layout, MrzFormat, all_hold, check_groups
from ocr.mrz.repair import (
    UNREADABLE,
    GlyphEvidence,
    normalise,
    search,
    settle_number_format,
    vote,
)

HIGH_CONFIDENCE = 0.99
LOW_CONFIDENCE = 0.5
# Names are not covered by any check digit; a name we had to guess at is less certain.
GUESSED_NAME_CONFIDENCE = 0.9
MAX_LENGTH_SLACK = 3
_OCR_LOOKALIKES = str.maketrans({"«": "<<", "‹": "<", "(": "<", "[": "<", "{": "<"})
_SEX = {"M": "M", "F": "F", "<": "X", "X": "X"}


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
        chars = list("".join(self.lines))
        layout = LAYOUTS[self.format]
        return sum(g.holds(chars) for g in check_groups(layout, chars))


def clean_line(raw: str) -> str:
    """Upper-case, drop spaces, map look-alikes of `<`, and drop anything else foreign.

    `?` survives: it marks a character known to be there but unreadable.
    """
    text = re.sub(r"\s+", "", raw.upper().translate(_OCR_LOOKALIKES))
    return "".join(c for c in text if c in MRZ_ALPHABET or c == UNREADABLE)


def parse_mrz(
    lines: list[str], today: date, glyphs: GlyphEvidence | None = None
) -> MrzResult | None:
    """Parse the MRZ among `lines` (OCR output, possibly with extra lines), or None.

    Lines are matched to a format by count and length; lengths off by a few
    fillers are fitted by adding or removing `<` in filler runs, and the
    fitting that makes most check digits hold wins. `glyphs`, evidence from
    the image, proposes characters and breaks ties between repairs; it only
    makes sense when the lines already have their exact lengths.
    """
    cleaned = [c for c in (clean_line(raw) for raw in lines) if len(c) >= 20]
    best: MrzResult | None = None
    for layout, window in _windows(cleaned):
        for fitted in itertools.product(*(_fit(line, layout.length) for line in window)):
            result = _parse_fitted(layout, list(fitted), tuple(window), today, glyphs)
            if best is None or _rank(result) > _rank(best):
                best = result
    return best


def confirm(
    result: MrzResult,
    readings: list[list[str]],
    today: date,
    glyphs: GlyphEvidence | None = None,
) -> MrzResult:
    """Cross-check a parsed MRZ against independent readings of it (OCR at other scales).

    Names, nationality and sex are covered by no check digit, and some
    look-alikes (S/8, G/6, L/1, P/F) have equal check-digit values, so a
    misreading there passes every check. The readings vote per position (see
    `mrz_repair.vote`); a field whose characters stay unconfirmed keeps low
    confidence.
    """
    layout = LAYOUTS[result.format]
    chars = list("".join(result.lines))
    aligned = []
    for reading in readings:
        cleaned = [clean_line(line) for line in reading]
        if [len(line) for line in cleaned] == [len(line) for line in result.lines]:
            aligned.append(list("".join(cleaned)))
            normalise(aligned[-1], layout)
    doubtful = vote(layout, chars, aligned, glyphs)
    if not settle_number_format(layout, chars, glyphs):
        doubtful.add("document_number")
    caps = {name: f.confidence for name, f in result.fields.items()}
    caps.update(dict.fromkeys(doubtful, LOW_CONFIDENCE))
    confirmed = _build(layout, chars, result.lines, today, caps)
    return replace(confirmed, repaired=result.repaired or confirmed.repaired, bbox=result.bbox)


def _rank(result: MrzResult) -> tuple[bool, int, bool]:
    return result.check_digits_ok, result.checks_passed, not result.repaired


def _windows(lines: list[str]) -> Iterator[tuple[Layout, list[str]]]:
    for layout in (TD3, TD2, TD1):
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


def _parse_fitted(
    layout: Layout,
    fitted: list[str],
    raw: tuple[str, ...],
    today: date,
    glyphs: GlyphEvidence | None,
) -> MrzResult:
    chars = list("".join(fitted))
    name_guessed = normalise(chars, layout)
    if not all_hold(layout, chars):
        chars = search(chars, layout, glyphs) or chars
    caps = (
        dict.fromkeys(("surname", "given_names"), GUESSED_NAME_CONFIDENCE) if (name_guessed) else {}
    )
    if not settle_number_format(layout, chars, glyphs):
        caps["document_number"] = LOW_CONFIDENCE
    return _build(layout, chars, raw, today, caps)


def _build(
    layout: Layout,
    chars: list[str],
    raw: tuple[str, ...],
    today: date,
    caps: dict[str, float],
) -> MrzResult:
    """The result for final characters; `caps` bound the confidence of single fields."""
    groups = check_groups(layout, chars)
    failing = [g.name for g in groups if not g.holds(chars)]
    text = "".join(chars)
    lines = tuple(text[i : i + layout.length] for i in range(0, len(text), layout.length))
    fields = _fields(layout, text, "".join(text[i] for i in groups[0].data), today)
    confidence = LOW_CONFIDENCE if failing else HIGH_CONFIDENCE
    for name, field in fields.items():
        unsure = (
            UNREADABLE in field.value
            or (name == "sex" and field.value not in ("M", "F", "X"))
            or (name in ("nationality", "issuing_state") and not known_country(field.value))
        )
        cap = LOW_CONFIDENCE if unsure else caps.get(name, 1.0)
        fields[name] = replace(field, confidence=min(confidence, cap))
    if failing:
        checks = [
            Check("mrz_check_digits", False, f"MRZ check digits fail for: {', '.join(failing)}.")
        ]
    else:
        checks = [Check("mrz_check_digits", True, "All MRZ check digits hold.")]
    expiry = fields.get("expiry_date")
    if expiry is not None:
        expired = date.fromisoformat(expiry.value) < today
        message = (
            f"Document expired on {expiry.value}."
            if expired
            else (f"Document valid until {expiry.value}.")
        )
        checks.append(Check("document_expired", not expired, message))
    return MrzResult(
        layout.format,
        lines,
        text[layout.doc_code].replace("<", ""),
        fields,
        tuple(checks),
        repaired=lines != raw,
    )


def _fields(layout: Layout, text: str, number: str, today: date) -> dict[str, Field]:
    surname, _, given = text[layout.name].strip("<").partition("<<")
    sex = text[layout.sex]
    values = {
        "document_number": number.rstrip("<"),
        "surname": _words(surname),
        "given_names": _words(given),
        "nationality": text[layout.nationality].replace("<", ""),
        "date_of_birth": _birth_date(text[layout.birth], today),
        "sex": _SEX.get(sex, sex),
        "expiry_date": _expiry_date(text[layout.expiry]),
        "issuing_state": text[layout.issuing_state].replace("<", ""),
    }
    return {
        key: Field(value, HIGH_CONFIDENCE, "mrz")
        for key, value in values.items()
        if value is not None
    }


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
    """Expiry dates are read as 20YY: passports issued now expire within this century."""
    expiry = _yymmdd(text, 2000)
    return expiry.isoformat() if expiry else None
