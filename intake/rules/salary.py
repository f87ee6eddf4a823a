"""Salaries: parse, annualise, compare with the declared figure and the permit's threshold.

Amounts are decimals ("4250.00", as `ocr.fields.normalize.find_amount` and
the portal write them). A salary per month is annualised as amount ×
`months_per_year` (12 by default: Flemish thresholds are stated per year and
compared to twelve times the monthly gross), per hour as amount ×
`hours_per_week` (38 by default, Belgian full time) × 52.

Thresholds (Flanders): `SalaryTable` holds minimum gross annual salaries in
EUR per permit type and occupation category, each with the date from which it
applies, so the yearly
update is a new row. The row used is the newest one valid on the contract's
start date (the threshold of the year the employment starts applies), or on
the day of the check when no start date was read. Categories:

* ``default``: used when the submission states no category, or one without a
  row of its own. Set it to the lowest amount any route of that permit type
  accepts, so that a check that cannot know the route never fails a valid
  application; only a salary below every route fails.
* ``highly_qualified``: "hooggeschoolde" with a higher-education diploma:
  100% of the Belgian average gross annual salary (Statbel), set yearly.
* ``highly_qualified_reduced``: highly qualified under 30, nurses and
  teachers: 80% of that average.
* ``executive``: "leidinggevende" (and the ICT manager): 160% of it.
* ``medium_skilled``: "middengeschoolde" in an occupation on the Flemish
  shortage list ("knelpuntberoep"); the legal minimum is the sector's wage
  for the job, so the table can only hold a floor.

Categories are free identifiers (ops may add e.g. ``eu_blue_card``); the
permit types are those of the portal (`intake.schemas.PermitType`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from intake.rules.permits import DEFAULT_CATEGORY, SALARY_PERIODS, SalaryPeriod
from ocr.fields.normalize import find_amount
from ocr.model import Check

WEEKS_PER_YEAR = 52
DEFAULT_MONTHS_PER_YEAR = Decimal(12)
DEFAULT_HOURS_PER_WEEK = Decimal(38)
SALARY_TOLERANCE = Decimal("0.01")
THRESHOLD_CURRENCY = "EUR"
CENT = Decimal("0.01")
_PLAIN_AMOUNT = re.compile(r"\d+(?:\.\d{1,2})?")


@dataclass(frozen=True)
class Annualisation:
    """How a salary per month or hour becomes a gross annual salary."""

    months_per_year: Decimal = DEFAULT_MONTHS_PER_YEAR
    hours_per_week: Decimal = DEFAULT_HOURS_PER_WEEK

    def annual(self, amount: Decimal, period: SalaryPeriod) -> Decimal:
        if period == "month":
            return amount * self.months_per_year
        if period == "hour":
            return amount * self.hours_per_week * WEEKS_PER_YEAR
        return amount

    def explain(self, period: SalaryPeriod) -> str:
        """The factor in words, for a message: "× 12 months"."""
        if period == "month":
            return f"× {_plain(self.months_per_year)} months"
        if period == "hour":
            return f"× {_plain(self.hours_per_week)} hours × {WEEKS_PER_YEAR} weeks"
        return "per year"


@dataclass(frozen=True)
class Salary:
    """A gross salary: amount per period, in a currency (ISO code)."""

    amount: Decimal
    period: SalaryPeriod
    currency: str = THRESHOLD_CURRENCY

    def describe(self) -> str:
        return f"{self.currency} {_money(self.amount)} per {self.period}"


def parse_amount(text: str | None) -> Decimal | None:
    """An amount as extracted ("4250.00") or, failing that, as a contract writes it.

    The plain form is taken as is; anything else goes through `find_amount`,
    so Belgian "4.250,00" or "4 250" still reads as 4250.00.
    """
    if text is None or not text.strip():
        return None
    value = text.strip()
    if not _PLAIN_AMOUNT.fullmatch(value):
        found = find_amount(value)
        if found is None:
            return None
        value = found.value
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


def parse_salary(
    amount: str | None, period: str | None, currency: str | None = None
) -> Salary | None:
    """The salary from its extracted parts, or None when the amount or period is unreadable.

    A missing currency is taken as EUR: Belgian contracts often omit it.
    """
    value = parse_amount(amount)
    if value is None or period not in SALARY_PERIODS:
        return None
    code = (currency or THRESHOLD_CURRENCY).strip().upper() or THRESHOLD_CURRENCY
    return Salary(value, period, code)


def declared_salary_check(
    declared: Salary,
    contract: Salary,
    basis: Annualisation | None = None,
    tolerance: Decimal = SALARY_TOLERANCE,
) -> Check:
    """Whether the salary declared in the portal is the contract's, within `tolerance`.

    Compared per year so that a monthly declaration can be checked against a
    contract stating a yearly (or hourly) wage; the tolerance (a fraction of
    the contract's annual salary) absorbs rounding of a converted figure.
    """
    basis = basis or Annualisation()
    if declared.currency != contract.currency:
        return Check(
            "declared_salary_match",
            False,
            f"The declared gross salary ({declared.describe()}) cannot be compared with the "
            f"contract's ({contract.describe()}): the currencies differ.",
        )
    mine = basis.annual(declared.amount, declared.period)
    theirs = basis.annual(contract.amount, contract.period)
    ok = abs(mine - theirs) <= tolerance * theirs
    verb = "matches" if ok else "does not match"
    return Check(
        "declared_salary_match",
        ok,
        f"The declared gross salary, {_annual_text(declared, basis)}, {verb} the contract's, "
        f"{_annual_text(contract, basis)} (tolerance {_plain(tolerance * 100)}%).",
    )


def _annual_text(salary: Salary, basis: Annualisation) -> str:
    if salary.period == "year":
        return f"{salary.currency} {_money(salary.amount)} per year"
    annual = basis.annual(salary.amount, salary.period)
    return (
        f"{salary.describe()} ({basis.explain(salary.period)} = "
        f"{salary.currency} {_money(annual)} per year)"
    )


def _money(amount: Decimal) -> str:
    return f"{amount.quantize(CENT):,}"


def _plain(number: Decimal) -> str:
    """12 rather than 12.0, 13.92 as is."""
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class SalaryThreshold:
    """One row of the table: the minimum for a permit type and category from a date on."""

    permit_type: str
    category: str
    min_annual_eur: Decimal
    valid_from: date

    def describe(self) -> str:
        return (
            f"EUR {_money(self.min_annual_eur)} per year ({self.permit_type}, "
            f"category {self.category}, valid from {self.valid_from.isoformat()})"
        )


@dataclass(frozen=True)
class SalaryTable:
    """The minimum gross annual salaries ops configure, and how salaries are annualised."""

    basis: Annualisation = field(default_factory=Annualisation)
    thresholds: tuple[SalaryThreshold, ...] = ()

    def threshold_for(
        self, permit_type: str, category: str | None, on: date
    ) -> SalaryThreshold | None:
        """The newest row for `permit_type` and `category` valid on `on`.

        Without a category, or without a row for it valid on that day, the
        permit type's `default` row applies; None when there is none either.
        """
        wanted = [category] if category and category != DEFAULT_CATEGORY else []
        for name in [*wanted, DEFAULT_CATEGORY]:
            rows = [
                row
                for row in self.thresholds
                if row.permit_type == permit_type and row.category == name and row.valid_from <= on
            ]
            if rows:
                return max(rows, key=lambda row: row.valid_from)
        return None


def salary_threshold_check(
    salary: Salary | None,
    threshold: SalaryThreshold,
    basis: Annualisation | None = None,
    *,
    salary_text: str = "",
) -> Check:
    """Whether the contract's salary, per year, reaches the threshold (equal passes).

    A salary that could not be read fails: the threshold applies and nothing
    shows it is met. `salary_text` is what was read, for the message.
    """
    basis = basis or Annualisation()
    minimum = threshold.describe()
    if salary is None:
        read = f" (read: '{salary_text}')" if salary_text else ""
        return Check(
            "salary_threshold",
            False,
            f"The contract's gross salary and its period could not be read{read}; the minimum "
            f"is {minimum}.",
        )
    if salary.currency != THRESHOLD_CURRENCY:
        return Check(
            "salary_threshold",
            False,
            f"The contract states the salary in {salary.currency} ({salary.describe()}); the "
            f"minimum is {minimum}, so a caseworker must compare the converted amount.",
        )
    annual = basis.annual(salary.amount, salary.period)
    ok = annual >= threshold.min_annual_eur
    verb = "reaches" if ok else "is below"
    return Check(
        "salary_threshold",
        ok,
        f"The contract's gross salary, {_annual_text(salary, basis)}, {verb} the minimum of "
        f"{minimum}.",
    )
