"""Fields of an employment contract, from its labelled lines and from its prose.

Contracts in all four portal languages put most fields behind a label
("Werkgever: ..."), matched tolerantly (see `labels`); the parties and the
job are as often named in sentences ("ENTRE : ACME SA, dont le siège ...",
"De werknemer wordt aangeworven als ..."), read by `clauses`. A labelled
value wins over one read from prose. Values are normalised (ISO dates,
plain decimal amounts, 0xxx.xxx.xxx enterprise numbers). A field that is
not found is left out, never guessed, and listed in a `required_fields`
check; one that does not look like what it should be is kept with a low
confidence, so that a person looks at it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from ocr.fields.clauses import (
    find_birth_date,
    find_joint_committee,
    is_clause,
    job_title,
    job_value,
    looks_like_a_name,
    party_name,
)
from ocr.fields.labels import match_label
from ocr.fields.lines import Line, Passage, page_lines
from ocr.fields.normalize import (
    Found,
    enterprise_number_valid,
    find_amount,
    find_currency,
    find_date,
    find_enterprise_number,
    find_open_ended,
    find_period,
)
from ocr.fields.terms import find_pay, find_term
from ocr.model import Check, Extraction, Field, OcrResult
from ocr.text import fold

REQUIRED = (
    "employer_name",
    "employer_enterprise_number",
    "employee_name",
    "job_title",
    "gross_salary",
    "salary_period",
    "currency",
    "start_date",
    "end_date",
)
# Wordings per label, accent-folded and lower-case, "|"-separated. Keys starting with "_"
# are labels of lines recognised only so that they are not taken for a similar label.
_WORDINGS = {
    "employer": (
        "werkgever | naam werkgever | naam van de werkgever | employeur | nom de l'employeur | "
        "employer | employer name | name of employer | name of the employer | arbeitgeber | name "
        "des arbeitgebers | firma"
    ),
    "enterprise": (
        "ondernemingsnummer | kbo-nummer | kbo nummer | btw-nummer | btw nummer | numero "
        "d'entreprise | n° d'entreprise | no d'entreprise | numero bce | n° bce | numero de tva | "
        "enterprise number | company number | company registration number | vat number | "
        "unternehmensnummer | ust-idnr"
    ),
    "employee": (
        "werknemer | werkneemster | bediende | arbeider | naam werknemer | naam van de werknemer | "
        "travailleur | travailleuse | salarie | salariee | nom du travailleur | employe | employee "
        "| employee name | name of employee | name of the employee | worker | arbeitnehmer | "
        "arbeitnehmerin | mitarbeiter | mitarbeiterin | name des arbeitnehmers"
    ),
    "job": (
        "functie | functietitel | functiebenaming | fonction | poste | intitule du poste | "
        "intitule de la fonction | job title | position | function | role | tatigkeit | funktion "
        "| stelle | berufsbezeichnung"
    ),
    "salary": (
        "brutoloon | bruto loon | bruto maandloon | brutomaandloon | bruto jaarloon | bruto "
        "uurloon | salaire brut | salaire mensuel brut | salaire annuel brut | salaire horaire "
        "brut | remuneration brute | remuneration mensuelle brute | gross salary | gross pay | "
        "gross monthly salary | gross annual salary | gross hourly wage | salary | bruttogehalt | "
        "bruttolohn | monatliches bruttogehalt | bruttomonatsgehalt | bruttojahresgehalt | gehalt "
        "| remuneration | remuneration mensuelle | vergutung | bruttovergutung | entgelt | "
        "bruttoentgelt"
    ),
    "start": (
        "begindatum | aanvangsdatum | startdatum | datum indiensttreding | datum van "
        "indiensttreding | ingangsdatum | date de debut | date d'entree en service | date "
        "d'entree | date de commencement | start date | commencement date | date of commencement "
        "| starting date | beginn | arbeitsbeginn | eintrittsdatum | vertragsbeginn | beginn des "
        "arbeitsverhaltnisses"
    ),
    "end": (
        "einddatum | datum einde | date de fin | date de fin du contrat | end date | end of "
        "contract | ende | enddatum | vertragsende | befristet bis"
    ),
    "duration": (
        "duur | duur van de overeenkomst | duree | duree du contrat | duration | dauer | "
        "vertragsdauer"
    ),
    "birth": "geboortedatum | date de naissance | date of birth | geburtsdatum",
    "_office": (
        "maatschappelijke zetel | zetel | adres | siege social | siege | adresse | registered "
        "office | address | sitz | anschrift"
    ),
    "_nationality": "nationaliteit | nationalite | nationality | staatsangehorigkeit",
}
LABELS = {key: tuple(w.strip() for w in text.split("|")) for key, text in _WORDINGS.items()}
# A line without "Label:" separator is only a field line if its value is this short:
# longer lines are prose that happens to start with a label word.
MAX_UNSEPARATED_VALUE_WORDS = 8
# A line of at least this many words not ending a sentence runs on into the next line.
PROSE_LINE_WORDS = 6


@dataclass(frozen=True)
class _Value:
    """The value part of a labelled line: `line.text[start:]`."""

    line: Line
    start: int
    label: str
    rank: tuple[bool, float]

    @property
    def text(self) -> str:
        return self.line.text[self.start :]

    def field(self, found: Found) -> Field:
        return self.line.field(self.start + found.start, self.start + found.end, found.value)


def extract_contract(pages: list[tuple[int, OcrResult]]) -> Extraction:
    """The contract fields found on the document's pages, given as (page index, text)."""
    lines = [line for index, result in pages for line in page_lines(index, result)]
    values = _labelled_values(lines)
    fields: dict[str, Field] = {}
    for key, parse in _PARSERS.items():
        for value in values.get(key, []):
            found = parse(value)
            if found:
                for name, field in found.items():
                    fields.setdefault(name, field)
                break
    passages = [
        Passage.of(line for line in lines if line.page == page)
        for page in dict.fromkeys(line.page for line in lines)
    ]
    _from_prose(lines, passages, fields)
    _fallbacks(lines, passages, fields)
    for name, field in fields.items():
        if not _plausible(name, field.value):
            fields[name] = replace(field, confidence=min(field.confidence, DOUBTFUL_CONFIDENCE))
    checks = []
    number = fields.get("employer_enterprise_number")
    if number is not None:
        ok = enterprise_number_valid(number.value)
        message = "holds" if ok else "does not hold: the number is misread or invalid"
        checks.append(
            Check(
                "enterprise_number_checksum",
                ok,
                f"The mod-97 check of enterprise number {number.value} {message}.",
            )
        )
    missing = [name for name in REQUIRED if name not in fields]
    if missing:
        checks.append(Check("required_fields", False, f"Not found: {', '.join(missing)}."))
    return Extraction(fields, tuple(checks))


def _labelled_values(lines: list[Line]) -> dict[str, list[_Value]]:
    """Per label key, the values of the lines carrying it, best match first."""
    found: dict[str, list[_Value]] = {}
    for index, line in enumerate(lines):
        match = match_label(line.text, LABELS)
        if match is None or match.key.startswith("_"):
            continue
        value = _Value(
            line,
            match.value_start,
            fold(line.text[: match.value_start]),
            (match.separated, match.ratio),
        )
        if not value.text.strip():
            value = _next_line_value(lines, index, value) or value
        if not match.separated and (
            len(value.text.split()) > MAX_UNSEPARATED_VALUE_WORDS or _continues_prose(lines, index)
        ):
            continue
        found.setdefault(match.key, []).append(value)
    for values in found.values():
        values.sort(key=lambda v: (not v.rank[0], -v.rank[1]))
    return found


def _continues_prose(lines: list[Line], index: int) -> bool:
    """Whether the line carries on the sentence of the line before it: "Arbeitgeber bestimmten
    Ort verrichtet." is the end of a wrapped sentence, not the label Arbeitgeber."""
    if index == 0 or lines[index - 1].page != lines[index].page:
        return False
    before = lines[index - 1].text.rstrip()
    return len(before.split()) >= PROSE_LINE_WORDS and before[-1:] not in ".:;!?"


def _next_line_value(lines: list[Line], index: int, value: _Value) -> _Value | None:
    """A label alone on its line takes its value from the next line of the same page."""
    if index + 1 >= len(lines):
        return None
    following = lines[index + 1]
    if following.page != value.line.page or match_label(following.text, LABELS) is not None:
        return None
    return _Value(following, 0, value.label, value.rank)


def _party(name: str, *, person: bool) -> Callable[[_Value], dict[str, Field]]:
    """A party's labelled name, cut before the clauses that follow it on its line;
    an employee's birth date among those clauses is a field of its own."""

    def parse(value: _Value) -> dict[str, Field]:
        found = party_name(value.text, person=person)
        if found is None:
            return {}
        fields = {name: value.field(found)}
        born = find_birth_date(value.text[found.end :]) if person else None
        if born is not None:
            shifted = Found(born.value, found.end + born.start, found.end + born.end)
            fields["employee_birth_date"] = value.field(shifted)
        return fields

    return parse


def _job(value: _Value) -> dict[str, Field]:
    found = job_value(value.text)
    return {"job_title": value.field(found)} if found else {}


def _birth(value: _Value) -> dict[str, Field]:
    found = find_date(value.text)
    return {"employee_birth_date": value.field(found)} if found else {}


def _enterprise(value: _Value) -> dict[str, Field]:
    found = find_enterprise_number(value.text)
    return {"employer_enterprise_number": value.field(found)} if found else {}


def _salary(value: _Value) -> dict[str, Field]:
    amount = find_amount(value.text)
    if amount is None:
        return {}
    fields = {"gross_salary": value.field(amount)}
    currency = find_currency(value.text)
    if currency is not None:
        fields["currency"] = value.field(currency)
    period = find_period(value.text)
    if period is not None:
        fields["salary_period"] = value.field(period)
    else:
        implied = find_period(value.label)
        if implied is not None:
            fields["salary_period"] = value.line.field(0, value.start, implied.value)
    return fields


def _start(value: _Value) -> dict[str, Field]:
    found = find_date(value.text)
    return {"start_date": value.field(found)} if found else {}


def _end(value: _Value) -> dict[str, Field]:
    found = find_open_ended(value.text) or find_date(value.text)
    return {"end_date": value.field(found)} if found else {}


def _duration(value: _Value) -> dict[str, Field]:
    found = find_open_ended(value.text)
    return {"end_date": value.field(found)} if found else {}


_PARSERS: dict[str, Callable[[_Value], dict[str, Field]]] = {
    "employer": _party("employer_name", person=False),
    "enterprise": _enterprise,
    "employee": _party("employee_name", person=True),
    "birth": _birth,
    "job": _job,
    "salary": _salary,
    "start": _start,
    "end": _end,
    "duration": _duration,
}


def _valid_enterprise_number(text: str) -> Found | None:
    """The first number in `text` that is an enterprise number and passes its mod-97 check
    (a line break may split it: "1747 311" / "874")."""
    offset = 0
    while (found := find_enterprise_number(text[offset:])) is not None:
        if enterprise_number_valid(found.value):
            return Found(found.value, offset + found.start, offset + found.end)
        offset += found.end
    return None


def _fallbacks(lines: list[Line], passages: list[Passage], fields: dict[str, Field]) -> None:
    """Values stated without a label: a valid enterprise number anywhere, and a title
    or subtitle saying the contract is open-ended."""
    if "employer_enterprise_number" not in fields:
        for passage in passages:
            found = _valid_enterprise_number(passage.text)
            if found is not None:
                fields["employer_enterprise_number"] = passage.field(
                    found.start, found.end, found.value
                )
                break
    if "end_date" not in fields:
        for line in lines[:10]:
            found = find_open_ended(line.text)
            if found is not None and len(line.text.split()) <= MAX_UNSEPARATED_VALUE_WORDS:
                fields["end_date"] = line.field(found.start, found.end, "")
                break


# The first party: "TUSSEN:", "Entre les soussignés :", "made between", "1." ...
_FIRST_PARTY = re.compile(
    r"(?<![a-z])(?:(?:gesloten|afgesloten|conclue?|made|entered into|geschlossen|abgeschlossen)"
    r" (?:by and )?)?(?:tussen|entre|between|zwischen)(?![a-z])"
    r"(?: (?:de ondergetekenden|les soussignee?s|the undersigned|den unterzeichne(?:te|nde)n|"
    r"de partijen|les parties|the parties))?\s*[:,]?\s*(?:(?:1|a)\s*[.)]\s*|\((?:1|a)\)\s*)?"
)
# The second: "EN:", "et", "AND", "und", "2." after the first party's clauses.
_NEXT_PARTY = re.compile(
    r"(?<![a-z])(?:en|et|and|und)\s*[:,]?\s+(?:(?:2|b)\s*[.)]\s*|\((?:2|b)\)\s*)?|"
    r"(?<![\w.])(?:2|b)\s*[.)]\s+"
)
_EMPLOYER_ROLE = re.compile(r"(?<![a-z])(?:werkgever|employeur|employer|arbeitgeber)(?![a-z])")
_EMPLOYEE_ROLE = re.compile(
    r"(?<![a-z])(?:werkne(?:mer|emster)|bediende|arbeider|travailleu(?:r|se)|employee?|"
    r"salariee?|arbeitnehmer(?:in)?)(?![a-z])"
)
# The parties are named near the top of the first page, the second soon after the first.
_PARTY_LINES = 60
_SECOND_PARTY_REACH = 700


def _from_prose(lines: list[Line], passages: list[Passage], fields: dict[str, Field]) -> None:
    """Fields stated in sentences (`passages`: each page's lines), for those no label gave."""
    if not lines:
        return
    first_page = [line for line in lines if line.page == lines[0].page][:_PARTY_LINES]
    for name, field in _parties(Passage.of(first_page)).items():
        fields.setdefault(name, field)
    for passage in passages:
        if "job_title" not in fields:
            found = job_title(passage.text)
            if found is not None:
                fields["job_title"] = passage.field(found.start, found.end, found.value)
        if "joint_committee" not in fields:
            found = find_joint_committee(passage.text)
            if found is not None:
                fields["joint_committee"] = passage.field(found.start, found.end, found.value)
        _pay_from_prose(passage, fields)
        _term_from_prose(passage, fields)


def _pay_from_prose(passage: Passage, fields: dict[str, Field]) -> None:
    if "gross_salary" in fields:
        return
    pay = find_pay(passage.text)
    if pay is None:
        return
    for name, found in (
        ("gross_salary", pay.amount),
        ("currency", pay.currency),
        ("salary_period", pay.period),
    ):
        if found is not None:
            fields.setdefault(name, passage.field(found.start, found.end, found.value))


def _term_from_prose(passage: Passage, fields: dict[str, Field]) -> None:
    if "start_date" in fields and "end_date" in fields:
        return
    term = find_term(passage.text)
    for name, found in (("start_date", term.start), ("end_date", term.end)):
        if found is not None:
            fields.setdefault(name, passage.field(found.start, found.end, found.value))


def _opens(passage: Passage, folded: str, at: int) -> bool:
    """Whether the second party's "EN" / "ET" / "AND" at `at` opens it: it starts a line or
    follows the first party's closing comma or quote, unlike the "en" of "conclues en son sein"."""
    return at in passage.starts or folded[:at].rstrip()[-1:] in (",", ";", ":", "»", '"', "'", ")")


def _second_party_openings(passage: Passage, folded: str, after: int) -> list[tuple[int, int, int]]:
    """Where the second party may begin, in order, as (opening, name start, text end): after
    an "EN:" / "ET :" / "AND:" that opens it, or, since OCR may lose that word ("ET :" read
    "IDE"), at a line start after the first party's role ("ci-après « l'employeur »"), its
    name then on that line."""
    reach = after + _SECOND_PARTY_REACH
    found = [
        (m.start(), m.end(), len(folded))
        for m in _NEXT_PARTY.finditer(folded, after, reach)
        if _opens(passage, folded, m.start())
    ]
    role = _EMPLOYER_ROLE.search(folded, after, reach) or _EMPLOYEE_ROLE.search(
        folded, after, reach
    )
    if role is not None:
        found += [
            (at, at, at + len(line.text))
            for at, line in zip(passage.starts, passage.lines, strict=True)
            if role.end() < at < reach
        ]
    # The earliest opening first; on one line, the name after its "AND:" before the line.
    return sorted(found, key=lambda opening: (opening[0], -opening[1]))


def _parties(passage: Passage) -> dict[str, Field]:
    """Employer and employee named in a parties block, with the employee's birth date.

    The first party named is the employer unless the words after the names
    ("hierna genoemd de werknemer") say the other way round.
    """
    folded = fold(passage.text)
    first = _FIRST_PARTY.search(folded)
    if first is None:
        return {}
    one = party_name(passage.text[first.end() :], person=False)
    if one is None:
        return {}
    one_end = first.end() + one.end
    named = (
        (opening, at, party_name(passage.text[at:limit], person=True))
        for opening, at, limit in _second_party_openings(passage, folded, one_end)
    )
    second = next(((o, a, n) for o, a, n in named if n and looks_like_a_name(n.value)), None)
    if second is None:
        return {}
    opening, at, two = second
    two_start, two_end = at + two.start, at + two.end
    between, after = folded[one_end:opening], folded[two_end : two_end + 400]
    swapped = bool(_EMPLOYEE_ROLE.search(between)) and bool(_EMPLOYER_ROLE.search(after))
    employer = (
        (two_start, two_end, two.value)
        if swapped
        else (first.end() + one.start, one_end, one.value)
    )
    employee = (
        (first.end() + one.start, one_end, one.value)
        if swapped
        else (two_start, two_end, two.value)
    )
    fields = {
        "employer_name": passage.field(*employer),
        "employee_name": passage.field(*employee),
    }
    clause_end = opening if swapped else two_end + 400
    born = find_birth_date(passage.text[employee[1] : clause_end])
    if born is not None:
        at = employee[1]
        fields["employee_birth_date"] = passage.field(at + born.start, at + born.end, born.value)
    return fields


DOUBTFUL_CONFIDENCE = 0.5
_NAMES = ("employer_name", "employee_name", "job_title")
_DATES = ("start_date", "end_date", "employee_birth_date")
# Years a date of this contract can fall in; a year outside them is a misread digit.
_YEARS = (1930, 2100)


def _plausible(name: str, value: str) -> bool:
    """Whether the value looks like what the field holds; one that does not is sent
    to review rather than shown as read (a clause in a name, a year from a misread)."""
    if name in _NAMES:
        return not is_clause(value) and len(value) <= 120
    if name in _DATES and value:
        return _YEARS[0] <= int(value[:4]) <= _YEARS[1]
    return True
