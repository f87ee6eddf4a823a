"""Fields of a diploma, stated in prose on a certificate or behind labels on a transcript.

A certificate reads like one sentence spread over centred lines: the
institution as heading, "hereby certifies that" / "verleent aan" / "décerne
à" / "verleiht", the holder's name, "the degree of" / "de graad van" / "le
grade académique de" / "den akademischen Grad", the degree, and "Given at …
on" / "Gegeven te … op" / "Fait à …, le" / "Verliehen am" with the date. The
lines are read as one passage, so a phrase or a degree broken over two lines
is whole again; each value runs from its phrase to the next phrase, clause
or signature. A transcript or diploma supplement puts the same fields behind
labels ("Name:", "Degree awarded:", "Date d'obtention :"), which win.

A birth date is also on the page, so the award date is only taken after its
own words; an award date that would make the holder a child is flagged,
since a misread year passes every other check.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from ocr.fields.clauses import party_name
from ocr.fields.labels import match_label
from ocr.fields.lines import Line, Passage, in_columns, page_lines
from ocr.fields.normalize import Found, find_date
from ocr.model import Check, Extraction, Field, OcrResult
from ocr.text import fold

REQUIRED = ("holder_name", "institution", "degree", "award_date")

_INSTITUTION = re.compile(
    r"universi|hogeschool|haute ecole|hochschule|college|institut|academ|akademie|ecole|"
    r"school|louvain|leuven"
)
_CERTIFIES = re.compile(
    r"certif(?:y|ies) that|verklaart dat|certifie que|atteste que|bescheinigt,? dass|"
    r"bestatigt,? dass|confers? (?:up)?on|conferred (?:up)?on|(?:is|are|was) awarded to|"
    r"awards? to|grants? to|(?:verleent|geeft|kent) aan|(?:decerne|delivre|confere) a|"
    r"verleiht(?: hiermit)?(?: (?:herrn|frau))?"
)
_DEGREE = re.compile(
    r"(?:has been |is |was )?awarded the degree of|the degree of|the title of|"
    r"het diploma van|de (?:academische )?graad van|de titel van|het getuigschrift van|"
    r"a obtenu le (?:diplome|grade) de|le diplome de|le grade (?:academique )?de|"
    r"le titre de|den akademischen grad(?:es)?|den grad|den titel|the degree"
)
_AWARDED = re.compile(
    r"awarded on|conferred on|given (?:at|on|in)|issued (?:at|on|in)|date of (?:award|issue)|"
    r"uitgereikt (?:op|te)|gegeven te|datum van uitreiking|afgeleverd (?:op|te)|"
    r"delivre (?:le|a)|decerne le|fait a|date de delivrance|"
    r"verliehen am|ausgestellt (?:am|in)|datum der verleihung"
)
# The birth date printed on the diploma: "born on", "geboren op", "né(e) le", "geboren am".
_BORN = re.compile(r"born (?:on|in)|geboren (?:op|te|am|in)|nee? (?:le|a)")
# Where a degree ends when the passage goes on: a distinction, the next phrase, a signature.
_DEGREE_END = re.compile(
    r",|;|\.(?:\s|$)|\d| (?:met|with|avec|mit|cum|magna|summa|op|on|le|am|behaald|obtenu|"
    r"erworben|heeft|hat|ist|a ete|has|for|voor|pour|fur|in recognition|en foi|"
    r"given|gegeven|fait|ausgestellt|verliehen|done|issued|uitgereikt|delivre|"
    r"rector|rectrice|recteur|rektor|decaan|dean|doyen|dekan|registrar|president|"
    r"chancellor|vice-chancellor|secretaris|secretaire|secretary)(?![a-z])"
)
_COMPLETED = re.compile(r"\s*(?:heeft behaald|behaald heeft|erworben hat|verliehen)\W*$")
MIN_AWARD_AGE = 14
_DEGREE_WORDS = 14
_NOT_A_NAME = re.compile(r"\d|" + _DEGREE.pattern)
_WORDINGS = {
    "holder": (
        "name | naam | nom | nom et prenom | nom de l'etudiant | naam student | student | "
        "student name | holder | name des inhabers | name, vorname | vorname und name"
    ),
    "degree": (
        "degree | degree awarded | degree conferred | qualification | graad | behaalde graad | "
        "academische graad | diploma | titel | grade | grade obtenu | grade academique | "
        "diplome | titre | akademischer grad | abschluss | verliehener grad"
    ),
    "award": (
        "date of award | date awarded | award date | date of conferral | date of graduation | "
        "graduation date | datum toekenning | datum van toekenning | datum van uitreiking | "
        "datum uitreiking | date d'obtention | date de delivrance | date de collation | "
        "verliehen am | datum der verleihung | abschlussdatum"
    ),
    "birth": "date of birth | geboortedatum | date de naissance | geburtsdatum",
    "_number": "student number | studentennummer | matricule | matrikelnummer",
}
LABELS = {key: tuple(w.strip() for w in text.split("|")) for key, text in _WORDINGS.items()}


def extract_diploma(pages: list[tuple[int, OcrResult]]) -> Extraction:
    """The diploma fields found on the document's pages, given as (page index, text)."""
    lines = [line for index, result in pages for line in page_lines(index, result)]
    fields = _labelled(lines)
    institution = next((line for line in lines if _INSTITUTION.search(fold(line.text))), None)
    if institution is not None:
        fields.setdefault("institution", _whole(institution, institution.text))
    # Labels sit beside their values on a row; prose may be set in columns (see page_lines).
    passage = Passage.of(
        line
        for index, result in pages
        for line in in_columns(page_lines(index, result, by_block=True))
    )
    for name, read in (("holder_name", _holder), ("degree", _degree)):
        if name not in fields:
            found = read(passage)
            if found is not None:
                fields[name] = found
    if "award_date" not in fields:
        award = _date_after(passage, _AWARDED) or _place_and_date(lines)
        if award is not None:
            fields["award_date"] = award
    missing = [name for name in REQUIRED if name not in fields]
    checks = (
        [Check("required_fields", False, f"Not found: {', '.join(missing)}.")] if missing else []
    )
    born = _date_after(passage, _BORN) or fields.get("holder_birth_date")
    award = fields.get("award_date")
    if award is not None and born is not None:
        checks.append(_award_age_check(award.value, born.value))
    return Extraction({name: fields[name] for name in REQUIRED if name in fields}, tuple(checks))


def _labelled(lines: list[Line]) -> dict[str, Field]:
    """Fields behind labels, as a transcript gives them: "Name: …", "Behaalde graad: …"."""
    fields: dict[str, Field] = {}
    for line in lines:
        match = match_label(line.text, LABELS)
        # A birth date needs no colon: it only checks the award date's plausibility.
        if (
            match is None
            or match.key.startswith("_")
            or not (match.separated or match.key == "birth")
        ):
            continue
        name, parse = _LABELLED[match.key]
        found = parse(line.text[match.value_start :]) if name not in fields else None
        if found is not None:
            at = match.value_start
            fields[name] = line.field(at + found.start, at + found.end, found.value)
    return fields


def _plain(text: str) -> Found | None:
    value = text.strip(" :,.;-")
    return Found(value, text.index(value), text.index(value) + len(value)) if value else None


_LABELLED: dict[str, tuple[str, Callable[[str], Found | None]]] = {
    "holder": ("holder_name", lambda text: party_name(text, person=True)),
    "degree": ("degree", _plain),
    "award": ("award_date", find_date),
    "birth": ("holder_birth_date", find_date),  # for the award age check, not reported
}


def _holder(passage: Passage) -> Field | None:
    """The name after "certifies that" / "verleent aan" / "décerne à", ending where a clause
    (birth date, birthplace) or the degree's phrase begins."""
    folded = fold(passage.text)
    phrase = _CERTIFIES.search(folded)
    if phrase is None:
        return None
    degree = _DEGREE.search(folded, phrase.end())
    end = degree.start() if degree is not None else len(folded)
    name = party_name(passage.text[phrase.end() : end], person=True)
    if name is None or _NOT_A_NAME.search(fold(name.value)):
        return None
    return passage.field(phrase.end() + name.start, phrase.end() + name.end, name.value)


def _degree(passage: Passage) -> Field | None:
    """The degree after its phrase, up to a distinction, the next phrase or a signature."""
    folded = fold(passage.text)
    phrase = _DEGREE.search(folded)
    if phrase is None:
        return None
    start = phrase.end() + len(folded[phrase.end() :]) - len(folded[phrase.end() :].lstrip(" :"))
    later = [m.start() for p in (_AWARDED, _BORN) if (m := p.search(folded, start + 1))]
    end = min([_degree_end(folded, start), *later])
    value = _COMPLETED.sub("", passage.text[start:end]).strip(" :,.;-")
    if not value or len(value.split()) > _DEGREE_WORDS:
        return None
    return passage.field(start, start + len(value), value)


def _degree_end(folded: str, start: int) -> int:
    """Where the degree starting at `start` ends; a stop inside parentheses does not count:
    "Doktor der Naturwissenschaften (Dr. rer. nat.)"."""
    for stop in _DEGREE_END.finditer(folded, start + 1):
        if folded.count("(", start, stop.start()) <= folded.count(")", start, stop.start()):
            return stop.start()
    return len(folded)


# A signature line: "Gent, 30 juni 2024", "Fait à Liège, le 30 juin 2024".
_PLACE_AND_DATE = re.compile(r"^[^\d,]{2,40},\s*(?:(?:le|den|am|on|op)\s+)?(?=\d)")


def _place_and_date(lines: list[Line]) -> Field | None:
    """The award date as a diploma's signature line gives it, when no phrase names it."""
    for line in reversed(lines):
        place = _PLACE_AND_DATE.match(fold(line.text))
        found = find_date(line.text[place.end() :]) if place is not None else None
        if place is not None and found is not None and not _BORN.search(fold(line.text)):
            return line.field(place.end() + found.start, place.end() + found.end, found.value)
    return None


# How far after its phrase a date may stand ("Given at Quezon City on 28.1.2023").
_DATE_REACH = 60


def _date_after(passage: Passage, phrase: re.Pattern[str]) -> Field | None:
    """The first date that closely follows `phrase`."""
    for found_phrase in phrase.finditer(fold(passage.text)):
        at = found_phrase.end()
        found = find_date(passage.text[at : at + _DATE_REACH])
        if found is not None:
            return passage.field(at + found.start, at + found.end, found.value)
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


def _whole(line: Line, text: str, offset: int = 0) -> Field:
    """The field for `text` (found at `offset` in the line), trimmed of spaces and punctuation."""
    value = text.strip(" :,.;-")
    start = offset + text.index(value) if value else offset
    return line.field(start, start + len(value), value)
