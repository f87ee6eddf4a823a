"""ICAO 9303 check digits, against the worked examples of the specification."""

from __future__ import annotations

import pytest

from ocr.mrz.checkdigit import check_digit, check_digit_holds


@pytest.mark.parametrize(
    ("data", "digit"),
    [
        ("L898902C3", 6),  # document number of the TD3 specimen (Doc 9303 part 4, appendix A)
        ("740812", 2),  # its date of birth
        ("120415", 9),  # its expiry date
        ("ZE184226B<<<<<", 1),  # its optional data
        ("L898902C3674081221204159ZE184226B<<<<<1", 0),  # its composite
        ("D23145890734", 9),  # TD1 specimen, long document number
        ("<<<<<<<<<<<<<<", 0),
    ],
)
def test_check_digit_of_specimen_fields(data: str, digit: int) -> None:
    assert check_digit(data) == digit


def test_a_filler_check_digit_holds_only_for_an_all_filler_field() -> None:
    assert check_digit_holds("<<<<<<<<<<<<<<", "<")
    assert check_digit_holds("<<<<<<<<<<<<<<", "0")
    assert not check_digit_holds("ZE184226B<<<<<", "<")


def test_a_wrong_or_non_digit_check_character_does_not_hold() -> None:
    assert check_digit_holds("L898902C3", "6")
    assert not check_digit_holds("L898902C3", "5")
    assert not check_digit_holds("L898902C3", "G")
    assert not check_digit_holds("L898902C?", "6")


def test_characters_outside_the_mrz_alphabet_are_rejected() -> None:
    with pytest.raises(ValueError, match="not an MRZ character"):
        check_digit("l898902c3")
