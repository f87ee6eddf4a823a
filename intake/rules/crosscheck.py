"""Checks across the documents of one submission: same person, declared salary, salary floor.

A document on its own can be perfectly read and still be the wrong one: a
contract for somebody else, a salary that differs from what the employer
declared in the portal, or one below the minimum of the permit route. These
checks compare the extracted fields of all documents of one submission with
each other and with the declared data. They are pure functions of plain
values (no I/O, no settings): the finalizer passes the fields, the declared
data and the salary table ops configure, and appends the returned checks.

The rules live in `ocr.names` and `intake.rules.salary`; this module picks the inputs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from intake.rules.salary import (
    Annualisation,
    SalaryTable,
    declared_salary_check,
    parse_salary,
    salary_threshold_check,
)
from ocr.model import MRZ_DOCUMENTS, Check, Field
from ocr.names import name_match_check


@dataclass(frozen=True)
class Declared:
    """What the portal declared with the submission (`intake.schemas.SubmissionCreate`).

    `occupation_category` selects a threshold row; the portal does not send
    one yet, and without it the permit type's `default` row applies.
    """

    permit_type: str | None = None
    applicant_name: str | None = None
    gross_salary: str | None = None
    salary_period: str | None = None
    occupation_category: str | None = None

    @classmethod
    def of(cls, source: DeclaredFields) -> Declared:
        """From what carries the portal's fields: the API's input or a stored submission."""
        return cls(
            permit_type=source.permit_type,
            applicant_name=source.applicant_name,
            gross_salary=source.declared_gross_salary,
            salary_period=source.salary_period,
            occupation_category=source.occupation_category,
        )


class DeclaredFields(Protocol):
    """The declared fields as `POST /v1/submissions` names them."""

    @property
    def permit_type(self) -> str | None: ...
    @property
    def applicant_name(self) -> str | None: ...
    @property
    def declared_gross_salary(self) -> str | None: ...
    @property
    def salary_period(self) -> str | None: ...
    @property
    def occupation_category(self) -> str | None: ...


def cross_checks(
    documents: Iterable[tuple[str, Mapping[str, Field]]],
    declared: Declared,
    table: SalaryTable | None,
    today: date,
) -> list[Check]:
    """The cross-document checks that apply to one submission, for the caller to append.

    `documents` are (document type, extracted fields) of all documents of the
    submission. The identity document is the first passport or ID card with
    a surname, the contract the first contract. A check whose inputs are
    missing is left out, not failed, with one exception: when a salary
    threshold applies and a contract is there, a salary that could not be
    read fails `salary_threshold`.
    """
    docs = list(documents)
    identity = next((f for t, f in docs if t in MRZ_DOCUMENTS and _value(f, "surname")), None)
    contract = next((f for t, f in docs if t == "contract"), None)
    diplomas = [f for t, f in docs if t == "diploma"]
    checks = _name_checks(identity, contract, diplomas, declared)
    if contract is None:
        return checks
    salary = parse_salary(
        _value(contract, "gross_salary"),
        _value(contract, "salary_period"),
        _value(contract, "currency"),
    )
    basis = table.basis if table is not None else Annualisation()
    declared_salary = parse_salary(declared.gross_salary, declared.salary_period)
    if declared_salary is not None and salary is not None:
        checks.append(declared_salary_check(declared_salary, salary, basis))
    if table is not None and declared.permit_type:
        on = _iso_date(_value(contract, "start_date")) or today
        threshold = table.threshold_for(declared.permit_type, declared.occupation_category, on)
        if threshold is not None:
            text = _value(contract, "gross_salary") or ""
            checks.append(salary_threshold_check(salary, threshold, basis, salary_text=text))
    return checks


def _name_checks(
    identity: Mapping[str, Field] | None,
    contract: Mapping[str, Field] | None,
    diplomas: Sequence[Mapping[str, Field]],
    declared: Declared,
) -> list[Check]:
    if identity is None:
        return []
    surname = _value(identity, "surname") or ""
    given = _value(identity, "given_names") or ""
    checks = []
    employee = _value(contract, "employee_name") if contract is not None else None
    if employee:
        checks.append(name_match_check(employee, surname, given))
    born = _value(contract, "employee_birth_date") if contract is not None else None
    holder_born = _value(identity, "date_of_birth")
    if born and holder_born:
        checks.append(_birth_date_check(born, holder_born))
    if declared.applicant_name and declared.applicant_name.strip():
        checks.append(
            name_match_check(
                declared.applicant_name.strip(),
                surname,
                given,
                code="applicant_name_match",
                subject="The declared applicant name",
            )
        )
    for diploma in diplomas:
        holder = _value(diploma, "holder_name")
        if holder:
            checks.append(
                name_match_check(
                    holder,
                    surname,
                    given,
                    code="diploma_holder_match",
                    subject="The diploma holder's name",
                )
            )
    return checks


def _birth_date_check(contract: str, identity: str) -> Check:
    """The birth date a contract gives its employee is the passport holder's: a contract
    for a namesake, or a misread digit on either, shows here."""
    ok = contract == identity
    said = "matches" if ok else "does not match"
    return Check(
        "birth_date_match",
        ok,
        f"The contract's employee birth date {contract} {said} the passport's {identity}.",
    )


def _value(fields: Mapping[str, Field], name: str) -> str | None:
    found = fields.get(name)
    return found.value if found is not None and found.value.strip() else None


def _iso_date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
