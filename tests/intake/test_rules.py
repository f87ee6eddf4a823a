"""Permit rules (`intake.rules`): the declared salary against the contract, the contract
salary against the permit's minimum, the salary table of the policy file, and the checks
across the documents of one submission."""

from __future__ import annotations

import tomllib
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from intake.errors import ConfigError
from intake.rules.crosscheck import (
    Declared,
    cross_checks,
)
from intake.rules.permits import DEFAULT_CATEGORY
from intake.rules.policy import policy_from_mapping
from intake.rules.salary import (
    WEEKS_PER_YEAR,
    Annualisation,
    Salary,
    SalaryTable,
    SalaryThreshold,
    declared_salary_check,
    parse_amount,
    parse_salary,
    salary_threshold_check,
)
from intake.settings import DEFAULT_THRESHOLDS_FILE
from ocr.fields.contract import extract_contract
from ocr.model import Field, OcrResult


def fields(**values: str) -> dict[str, Field]:
    return {name: Field(value, 0.99, "ocr") for name, value in values.items()}


# --- salaries --------------------------------------------------------------------------------

MONTHLY = Decimal("4250.00")
HOURLY = Decimal("24.75")


def test_annualisation_per_month_hour_and_year() -> None:
    basis = Annualisation()
    assert basis.annual(MONTHLY, "month") == MONTHLY * 12
    assert basis.annual(HOURLY, "hour") == HOURLY * 38 * WEEKS_PER_YEAR
    assert basis.annual(MONTHLY * 12, "year") == MONTHLY * 12


def test_annualisation_factors_come_from_the_table() -> None:
    months, hours = Decimal("13.92"), Decimal(40)
    basis = Annualisation(months_per_year=months, hours_per_week=hours)
    assert basis.annual(MONTHLY, "month") == MONTHLY * months
    assert basis.annual(HOURLY, "hour") == HOURLY * hours * WEEKS_PER_YEAR
    assert basis.explain("month") == "× 13.92 months"


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("4250.00", "4250.00"),  # as the extractor and the portal write it
        ("4250", "4250"),
        ("4.250,00", "4250.00"),  # Belgian
        ("4 250,00", "4250.00"),
        ("4\u202f250,00 €", "4250.00"),  # French narrow no-break space
        ("4,250.00", "4250.00"),
        ("€ 24,75", "24.75"),
        ("51.000", "51000.00"),  # a dot before three digits groups thousands
    ],
)
def test_amounts_in_belgian_and_other_formats(text: str, amount: str) -> None:
    assert parse_amount(text) == Decimal(amount)


@pytest.mark.parametrize("text", [None, "", "  ", "n/a"])
def test_unreadable_amounts(text: str | None) -> None:
    assert parse_amount(text) is None


def test_salary_needs_amount_and_period_and_defaults_to_euro() -> None:
    assert parse_salary("4250.00", "month") == Salary(MONTHLY, "month", "EUR")
    assert parse_salary("4250.00", "month", "usd") == Salary(MONTHLY, "month", "USD")
    assert parse_salary("4250.00", None) is None
    assert parse_salary("4250.00", "week") is None
    assert parse_salary(None, "month") is None


CONTRACT_TEXT = """ARBEIDSOVEREENKOMST VOOR BEDIENDEN
Werkgever: Brouwerij De Klok NV
Ondernemingsnummer: 0403.170.701
Werknemer: Jan-Pieter Van den Broeck
Functie: Brouwer
Bruto maandloon: 4.250,00 EUR
Begindatum: 01/03/2025
Einddatum: onbepaalde duur
"""


def contract_fields(text: str = CONTRACT_TEXT) -> dict[str, Field]:
    return extract_contract([(0, OcrResult(text, source="text_layer"))]).fields


def test_salary_read_from_a_belgian_contract() -> None:
    found = contract_fields()
    salary = parse_salary(
        found["gross_salary"].value, found["salary_period"].value, found["currency"].value
    )
    assert salary == Salary(MONTHLY, "month", "EUR")


def test_declared_salary_per_year_matches_the_monthly_contract() -> None:
    contract = Salary(MONTHLY, "month")
    check = declared_salary_check(Salary(MONTHLY * 12, "year"), contract)
    assert check.code == "declared_salary_match" and check.ok
    assert "EUR 51,000.00 per year" in check.message and "EUR 4,250.00 per month" in check.message


def test_declared_salary_within_and_beyond_the_tolerance() -> None:
    contract = Salary(MONTHLY, "month")
    tolerance = Decimal("0.01")
    assert declared_salary_check(Salary(MONTHLY * (1 + tolerance), "month"), contract).ok
    assert not declared_salary_check(Salary(MONTHLY * (1 + 2 * tolerance), "month"), contract).ok


def test_declared_salary_per_hour_against_a_yearly_contract() -> None:
    basis = Annualisation()
    yearly = basis.annual(HOURLY, "hour")
    assert declared_salary_check(Salary(HOURLY, "hour"), Salary(yearly, "year"), basis).ok


def test_declared_salary_in_another_currency_does_not_match() -> None:
    check = declared_salary_check(Salary(MONTHLY, "month"), Salary(MONTHLY, "month", "USD"))
    assert not check.ok and "currencies differ" in check.message


# --- thresholds ------------------------------------------------------------------------------

MINIMUM = Decimal("48000.00")
ROW = SalaryThreshold("fixed_term", "highly_qualified", MINIMUM, date(2025, 1, 1))


@pytest.mark.parametrize(
    ("salary", "ok"),
    [
        (Salary(MINIMUM, "year"), True),  # equal passes
        (Salary(MINIMUM - Decimal("0.01"), "year"), False),
        (Salary(MINIMUM / 12, "month"), True),
        (Salary(MINIMUM / 12 - Decimal("0.01"), "month"), False),
        (Salary(MINIMUM / 38 / WEEKS_PER_YEAR + Decimal("0.01"), "hour"), True),
        (Salary(MINIMUM / 38 / WEEKS_PER_YEAR - Decimal("0.01"), "hour"), False),
    ],
)
def test_threshold_boundary(salary: Salary, ok: bool) -> None:
    check = salary_threshold_check(salary, ROW)
    assert check.code == "salary_threshold" and check.ok is ok
    assert "EUR 48,000.00 per year" in check.message


def test_threshold_fails_when_the_salary_could_not_be_read() -> None:
    check = salary_threshold_check(None, ROW, salary_text="4.2S0")
    assert not check.ok and "could not be read" in check.message and "4.2S0" in check.message


def test_threshold_fails_for_a_salary_in_another_currency() -> None:
    check = salary_threshold_check(Salary(MINIMUM * 2, "year", "USD"), ROW)
    assert not check.ok and "USD" in check.message


TABLE = SalaryTable(
    thresholds=(
        SalaryThreshold("fixed_term", DEFAULT_CATEGORY, Decimal(24000), date(2024, 1, 1)),
        SalaryThreshold("fixed_term", DEFAULT_CATEGORY, Decimal(25000), date(2025, 1, 1)),
        SalaryThreshold("fixed_term", "highly_qualified", Decimal(46632), date(2024, 1, 1)),
        SalaryThreshold("fixed_term", "highly_qualified", Decimal(48912), date(2025, 1, 1)),
        SalaryThreshold("fixed_term", "executive", Decimal("78259.20"), date(2025, 1, 1)),
    )
)


@pytest.mark.parametrize(
    ("category", "on", "minimum"),
    [
        ("highly_qualified", date(2024, 12, 31), Decimal(46632)),
        ("highly_qualified", date(2025, 1, 1), Decimal(48912)),  # the yearly update's first day
        ("highly_qualified", date(2031, 6, 1), Decimal(48912)),  # newest row stays in force
        (None, date(2025, 6, 1), Decimal(25000)),  # no category: default
        ("medium_skilled", date(2025, 6, 1), Decimal(25000)),  # category without a row: default
        ("executive", date(2024, 6, 1), Decimal(24000)),  # its row is not valid yet: default
        ("executive", date(2025, 6, 1), Decimal("78259.20")),
    ],
)
def test_threshold_row_by_category_and_date(
    category: str | None, on: date, minimum: Decimal
) -> None:
    row = TABLE.threshold_for("fixed_term", category, on)
    assert row is not None and row.min_annual_eur == minimum


def test_no_threshold_before_the_first_row_or_for_another_permit_type() -> None:
    assert TABLE.threshold_for("fixed_term", None, date(2023, 12, 31)) is None
    assert TABLE.threshold_for("unlimited", None, date(2025, 6, 1)) is None


# Example values for Flanders, NOT authoritative: replace them by the official yearly amounts.
# Flanders states its thresholds as a percentage of the Belgian average gross annual salary.
EXAMPLE_AVERAGE = {2024: Decimal(46632), 2025: Decimal(48912)}
EXAMPLE_FLOOR = {2024: Decimal("24358.56"), 2025: Decimal("24845.76")}  # ~ minimum wage × 12
PROPOSED_TOML = """
[salary]
months_per_year = 12
hours_per_week = 38

[[salary.threshold]]
permit_type = "fixed_term"
category = "default"
min_annual_eur = 24358.56
valid_from = 2024-01-01

[[salary.threshold]]
permit_type = "fixed_term"
category = "default"
min_annual_eur = 24845.76
valid_from = 2025-01-01

[[salary.threshold]]
permit_type = "fixed_term"
category = "medium_skilled"
min_annual_eur = 24845.76
valid_from = 2025-01-01

[[salary.threshold]]
permit_type = "fixed_term"
category = "highly_qualified"
min_annual_eur = 46632
valid_from = 2024-01-01

[[salary.threshold]]
permit_type = "fixed_term"
category = "highly_qualified"
min_annual_eur = 48912
valid_from = 2025-01-01

[[salary.threshold]]
permit_type = "fixed_term"
category = "highly_qualified_reduced"
min_annual_eur = 39129.60
valid_from = 2025-01-01

[[salary.threshold]]
permit_type = "fixed_term"
category = "executive"
min_annual_eur = 78259.20
valid_from = 2025-01-01

[[salary.threshold]]
permit_type = "intra_corporate_transfer"
category = "default"
min_annual_eur = 48912
valid_from = 2025-01-01

[[salary.threshold]]
permit_type = "intra_corporate_transfer"
category = "executive"
min_annual_eur = 78259.20
valid_from = 2025-01-01
"""


def test_proposed_toml_section_is_valid_and_follows_the_flemish_percentages() -> None:
    table = policy_from_mapping(tomllib.loads(PROPOSED_TOML)).salary
    assert table.basis == Annualisation(Decimal(12), Decimal(38))
    on = date(2025, 6, 1)
    average = EXAMPLE_AVERAGE[2025]

    def minimum(permit_type: str, category: str | None) -> Decimal:
        row = table.threshold_for(permit_type, category, on)
        assert row is not None
        return row.min_annual_eur

    assert minimum("fixed_term", "highly_qualified") == average  # 100%
    assert minimum("fixed_term", "highly_qualified_reduced") == average * Decimal("0.8")
    assert minimum("fixed_term", "executive") == average * Decimal("1.6")
    assert minimum("fixed_term", None) == EXAMPLE_FLOOR[2025]
    assert minimum("intra_corporate_transfer", None) == average  # ICT specialist, 100%
    assert minimum("intra_corporate_transfer", "executive") == average * Decimal("1.6")
    row_2024 = table.threshold_for("fixed_term", "highly_qualified", date(2024, 6, 1))
    assert row_2024 is not None and row_2024.min_annual_eur == EXAMPLE_AVERAGE[2024]
    assert table.threshold_for("unlimited", None, on) is None


def test_a_file_without_salary_section_gives_an_empty_table() -> None:
    raw = tomllib.loads(DEFAULT_THRESHOLDS_FILE.read_text(encoding="utf-8"))
    raw.pop("salary")
    assert policy_from_mapping(raw).salary == SalaryTable()


def test_shipped_file_has_a_default_row_for_each_permit_with_thresholds() -> None:
    raw = tomllib.loads(DEFAULT_THRESHOLDS_FILE.read_text(encoding="utf-8"))
    table = policy_from_mapping(raw).salary
    on = date(2025, 6, 1)
    for permit in ("fixed_term", "intra_corporate_transfer"):
        row = table.threshold_for(permit, None, on)
        assert row is not None and row.category == DEFAULT_CATEGORY
    assert table.threshold_for("unlimited", None, on) is None


def _row(**changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "permit_type": "fixed_term",
        "category": "highly_qualified",
        "min_annual_eur": 48912,
        "valid_from": date(2025, 1, 1),
    }
    row.update(changes)
    return {key: value for key, value in row.items() if value is not None}


@pytest.mark.parametrize(
    ("salary", "key"),
    [
        ("12", "salary:"),
        ({"months_per_yr": 12}, "months_per_yr"),
        ({"months_per_year": "12"}, "salary.months_per_year"),
        ({"months_per_year": True}, "salary.months_per_year"),
        ({"hours_per_week": 0}, "salary.hours_per_week"),
        ({"threshold": {"permit_type": "fixed_term"}}, "salary.threshold:"),
        ({"threshold": ["fixed_term"]}, "salary.threshold #1:"),
        ({"threshold": [_row(min_annual_eur=None)]}, "salary.threshold #1.min_annual_eur"),
        ({"threshold": [_row(), _row(min_annual_eur=-1)]}, "salary.threshold #2.min_annual_eur"),
        ({"threshold": [_row(min_annual_eur="48912")]}, "salary.threshold #1.min_annual_eur"),
        ({"threshold": [_row(permit_type="blue_card")]}, "salary.threshold #1.permit_type"),
        ({"threshold": [_row(category="Highly Qualified")]}, "salary.threshold #1.category"),
        ({"threshold": [_row(valid_from="2025-13-01")]}, "salary.threshold #1.valid_from"),
        ({"threshold": [_row(valid_from=datetime(2025, 1, 1, 8))]}, "#1.valid_from"),
        ({"threshold": [_row(valid_from=None)]}, "salary.threshold #1.valid_from"),
        ({"threshold": [_row(min_eur=1)]}, "min_eur"),
        ({"threshold": [_row(), _row(min_annual_eur=50000)]}, "salary.threshold #2"),
    ],
)
def test_table_validation_names_the_bad_key(salary: Any, key: str) -> None:
    with pytest.raises(ConfigError) as raised:
        policy_from_mapping({"salary": salary})
    assert key in str(raised.value)


def test_table_validation_accepts_defaults_and_iso_date_strings() -> None:
    table = policy_from_mapping(
        {"salary": {"threshold": [_row(valid_from="2025-01-01", category=None)]}}
    ).salary
    assert table.basis == Annualisation()
    (row,) = table.thresholds
    assert row.category == DEFAULT_CATEGORY and row.valid_from == date(2025, 1, 1)


# --- cross_checks ----------------------------------------------------------------------------

PASSPORT = fields(surname="VAN DEN BROECK", given_names="JAN PIETER", document_number="EM123456")
DIPLOMA = fields(holder_name="Jan-Pieter Van den Broeck", degree="Master of Science")
DECLARED = Declared(
    permit_type="fixed_term",
    applicant_name="Van den Broeck Jan Pieter",
    gross_salary="4250.00",
    salary_period="month",
    occupation_category="highly_qualified",
)
TODAY = date(2025, 6, 10)


def codes(checks: list[Any]) -> list[str]:
    return [c.code for c in checks]


def test_all_checks_of_a_complete_submission() -> None:
    documents = [("passport", PASSPORT), ("contract", contract_fields()), ("diploma", DIPLOMA)]
    checks = cross_checks(documents, DECLARED, TABLE, TODAY)
    assert codes(checks) == [
        "name_match",
        "applicant_name_match",
        "diploma_holder_match",
        "declared_salary_match",
        "salary_threshold",
    ]
    assert all(c.ok for c in checks), checks


def test_missing_inputs_skip_their_checks() -> None:
    contract = contract_fields()
    assert cross_checks([], Declared(), TABLE, TODAY) == []
    # No identity document: no name checks.
    without_passport = cross_checks([("contract", contract)], DECLARED, TABLE, TODAY)
    assert codes(without_passport) == ["declared_salary_match", "salary_threshold"]
    # No contract: nothing about salaries.
    without_contract = cross_checks([("passport", PASSPORT)], DECLARED, TABLE, TODAY)
    assert codes(without_contract) == ["applicant_name_match"]
    # Nothing declared, no table.
    bare = cross_checks([("passport", PASSPORT), ("contract", contract)], Declared(), None, TODAY)
    assert codes(bare) == ["name_match"]


def test_threshold_needs_a_permit_type_with_rows() -> None:
    documents = [("contract", contract_fields())]
    for permit_type in (None, "unlimited"):
        declared = Declared(permit_type=permit_type)
        assert cross_checks(documents, declared, TABLE, TODAY) == []


def test_declared_salary_without_period_is_not_compared() -> None:
    declared = Declared(gross_salary="4250.00")
    assert cross_checks([("contract", contract_fields())], declared, None, TODAY) == []


def test_contract_without_readable_salary_fails_the_threshold() -> None:
    text = CONTRACT_TEXT.replace("Bruto maandloon: 4.250,00 EUR\n", "")
    contract = contract_fields(text)
    assert "gross_salary" not in contract
    checks = cross_checks([("contract", contract)], DECLARED, TABLE, TODAY)
    assert codes(checks) == ["salary_threshold"]  # the declared salary has nothing to match
    (check,) = checks
    assert not check.ok and "could not be read" in check.message


def test_threshold_of_the_year_the_employment_starts() -> None:
    # Starts in 2024, checked in 2025: the 2024 amount applies.
    text = CONTRACT_TEXT.replace("01/03/2025", "01/12/2024")
    monthly_2024 = Decimal(46632) / 12
    text = text.replace("4.250,00", f"{monthly_2024:.2f}".replace(".", ","))
    (check,) = cross_checks(
        [("contract", contract_fields(text))],
        Declared(permit_type="fixed_term", occupation_category="highly_qualified"),
        TABLE,
        TODAY,
    )
    assert check.ok and "valid from 2024-01-01" in check.message


def test_failures_are_reported_not_skipped() -> None:
    declared = Declared(
        permit_type="fixed_term",
        applicant_name="Maria Peeters",
        gross_salary="5000.00",
        salary_period="month",
        occupation_category="executive",
    )
    documents = [
        ("id_card", fields(surname="PEETERS", given_names="JAN")),
        (
            "contract",
            contract_fields(CONTRACT_TEXT.replace("Jan-Pieter Van den Broeck", "Jan Peeters")),
        ),
        ("diploma", fields(holder_name="Jan Peeters")),
    ]
    checks = {c.code: c for c in cross_checks(documents, declared, TABLE, TODAY)}
    assert {code: c.ok for code, c in checks.items()} == {
        "name_match": True,
        "applicant_name_match": False,  # shared surname only
        "diploma_holder_match": True,
        "declared_salary_match": False,  # 5000 declared, 4250 in the contract
        "salary_threshold": False,  # 12 × 4250 is below the executive minimum
    }


@pytest.mark.parametrize(
    ("contract_says", "matches"),
    [
        ("Werknemer: Jan-Pieter Van den Broeck, geboren op 14/02/1988 te Gent", True),
        ("Werknemer: Jan-Pieter Van den Broeck, geboren op 14/02/1986 te Gent", False),
    ],
)
def test_the_contracts_birth_date_is_the_passport_holders(
    contract_says: str, matches: bool
) -> None:
    text = CONTRACT_TEXT.replace("Werknemer: Jan-Pieter Van den Broeck", contract_says)
    passport = {**PASSPORT, **fields(date_of_birth="1988-02-14")}
    checks = {
        c.code: c
        for c in cross_checks(
            [("passport", passport), ("contract", contract_fields(text))], Declared(), None, TODAY
        )
    }
    assert checks["name_match"].ok
    assert checks["birth_date_match"].ok is matches
    assert "1988-02-14" in checks["birth_date_match"].message


def test_no_birth_date_on_either_side_skips_its_check() -> None:
    passport = {**PASSPORT, **fields(date_of_birth="1988-02-14")}
    checks = cross_checks(
        [("passport", passport), ("contract", contract_fields())], Declared(), None, TODAY
    )
    assert codes(checks) == ["name_match"]
