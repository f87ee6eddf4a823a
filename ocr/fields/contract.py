"""Fields of an employment contract from its labelled lines ("Werkgever: ...").

Contracts in all four portal languages put one field per line behind a
label. Labels are matched tolerantly (see `labels`), values are normalised
(ISO dates, plain decimal amounts, 0xxx.xxx.xxx enterprise numbers). A
field that is not found is left out, never guessed, and listed in a
`required_fields` check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ocr.fields.labels import match_label
from ocr.fields.lines import Line, page_lines
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
        "werknemer | naam werknemer | naam van de werknemer | travailleur | travailleuse | nom du "
        "travailleur | employe | employee | employee name | name of employee | name of the "
        "employee | arbeitnehmer | arbeitnehmerin | name des arbeitnehmers"
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
        "bruttolohn | monatliches bruttogehalt | bruttomonatsgehalt | bruttojahresgehalt | gehalt"
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
    "_birth": "geboortedatum | date de naissance | date of birth | geburtsdatum",
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
    _fallbacks(lines, fields)
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
        if not match.separated and len(value.text.split()) > MAX_UNSEPARATED_VALUE_WORDS:
            continue
        found.setdefault(match.key, []).append(value)
    for values in found.values():
        values.sort(key=lambda v: (not v.rank[0], -v.rank[1]))
    return found


def _next_line_value(lines: list[Line], index: int, value: _Value) -> _Value | None:
    """A label alone on its line takes its value from the next line of the same page."""
    if index + 1 >= len(lines):
        return None
    following = lines[index + 1]
    if following.page != value.line.page or match_label(following.text, LABELS) is not None:
        return None
    return _Value(following, 0, value.label, value.rank)


def _text(name: str) -> Callable[[_Value], dict[str, Field]]:
    def parse(value: _Value) -> dict[str, Field]:
        text = value.text.strip().strip(" .,;")
        if not text:
            return {}
        start = value.text.index(text)
        return {name: value.field(Found(text, start, start + len(text)))}

    return parse


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
    "employer": _text("employer_name"),
    "enterprise": _enterprise,
    "employee": _text("employee_name"),
    "job": _text("job_title"),
    "salary": _salary,
    "start": _start,
    "end": _end,
    "duration": _duration,
}


def _fallbacks(lines: list[Line], fields: dict[str, Field]) -> None:
    """Values stated without a label: a valid enterprise number anywhere, and a title
    or subtitle saying the contract is open-ended."""
    if "employer_enterprise_number" not in fields:
        for line in lines:
            found = find_enterprise_number(line.text)
            if found is not None and enterprise_number_valid(found.value):
                fields["employer_enterprise_number"] = line.field(
                    found.start, found.end, found.value
                )
                break
    if "end_date" not in fields:
        for line in lines[:10]:
            found = find_open_ended(line.text)
            if found is not None and len(line.text.split()) <= MAX_UNSEPARATED_VALUE_WORDS:
                fields["end_date"] = line.field(found.start, found.end, "")
                break
