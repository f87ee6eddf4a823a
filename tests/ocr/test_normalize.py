"""Normalising dates, amounts and enterprise numbers as the portal languages write them."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmarks.synth.lang import LANGUAGES, amount, long_date, numeric_date
from ocr.fields.normalize import (
    enterprise_number_valid,
    find_amount,
    find_date,
    find_enterprise_number,
    find_open_ended,
)
from ocr.text import fold


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("01/03/2027", "2027-03-01"),
        ("28.02.2028", "2028-02-28"),
        ("1-3-2027", "2027-03-01"),
        ("2027-03-01", "2027-03-01"),
        ("1 March 2027", "2027-03-01"),
        ("March 1, 2027", "2027-03-01"),
        ("1st March 2027", "2027-03-01"),
        ("1er mars 2027", "2027-03-01"),
        ("15 décembre 2026", "2026-12-15"),
        ("30 juni 2019", "2019-06-30"),
        ("1 mrt. 2027", "2027-03-01"),
        ("30. Juni 2019", "2019-06-30"),
        ("3. März 2020", "2020-03-03"),
        ("Uitgereikt op 30 juni 2019", "2019-06-30"),
        ("O1/O3/2O27", "2027-03-01"),  # OCR: O for 0
        ("1 Septernber 2027", "2027-09-01"),  # OCR: rn for m
    ],
)
def test_dates(text: str, iso: str) -> None:
    found = find_date(text)
    assert found is not None and found.value == iso


@pytest.mark.parametrize("text", ["31/02/2027", "13/13/2027", "no date here", "12/2027"])
def test_impossible_or_incomplete_dates_are_not_dates(text: str) -> None:
    assert find_date(text) is None


@given(st.dates(date(1000, 1, 1)), st.sampled_from(LANGUAGES), st.booleans())
def test_every_date_the_generator_writes_reads_back(day: date, language: str, long: bool) -> None:
    text = long_date(day, language) if long else numeric_date(day, language)
    found = find_date(text)
    assert found is not None and found.value == day.isoformat()


@given(st.integers(0, 10**9), st.sampled_from(LANGUAGES))
def test_every_amount_the_generator_writes_reads_back(cents: int, language: str) -> None:
    found = find_amount(f"EUR {amount(cents, language)} per maand")
    assert found is not None and found.value == f"{cents // 100}.{cents % 100:02d}"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("4.250,00", "4250.00"),
        ("4 250,00", "4250.00"),
        ("4\u202f250,00", "4250.00"),
        ("4\u00a0250,00", "4250.00"),
        ("4,250.00", "4250.00"),
        ("4250", "4250.00"),
        ("1.234.567,8", "1234567.80"),
        ("25,5", "25.50"),
        ("4.250,0O", "4250.00"),
    ],
)
def test_amount_separators(text: str, value: str) -> None:
    found = find_amount(text)
    assert found is not None and found.value == value


@pytest.mark.parametrize(
    "text", ["0456.789.034", "BE 0456.789.034", "BE0456789034", "0456 789 034", "456.789.034"]
)
def test_enterprise_number_forms(text: str) -> None:
    found = find_enterprise_number(text)
    assert found is not None and found.value == "0456.789.034"
    assert enterprise_number_valid(found.value)


def test_enterprise_number_mod_97() -> None:
    assert enterprise_number_valid("0202.239.951")
    assert not enterprise_number_valid("0202.239.952")
    assert not enterprise_number_valid("0202.239")


@pytest.mark.parametrize(
    "text",
    ["onbepaalde duur", "voor onbepaalde tijd", "durée indéterminée", "open-ended", "Unbefristet"],
)
def test_open_ended_wording(text: str) -> None:
    assert find_open_ended(text) is not None


def test_fold_keeps_offsets() -> None:
    text = "Numéro d’entreprise\u202f: Straße"
    folded = fold(text)
    assert folded == "numero d'entreprise : strase"
    assert len(folded) == len(text)
