"""Name matching (`ocr.names`): the same person on passport, contract, diploma and portal,
however OCR, transliteration and word order spell the name; and the MRZ name printed on its
own passport."""

from __future__ import annotations

import pytest

from benchmarks.synth import passport
from benchmarks.synth.passport import mrz_name
from ocr.names import (
    MIN_FUZZY_WORD_LENGTH,
    NAME_MIN_SCORE,
    NAME_WORD_MIN_SIMILARITY,
    SHORTEST_MRZ_NAME_FIELD,
    compare_names,
    name_match_check,
    printed_name_check,
)

TD3_NAME_FIELD = 39


def mrz_holder(surname: str, given_names: str, nationality: str = "BEL") -> tuple[str, str]:
    """Surname and given names as the MRZ reader returns them for a printed name: the
    synthetic passports' transliteration, `<` as spaces."""
    return (
        mrz_name(surname, nationality).replace("<", " "),
        mrz_name(given_names, nationality).replace("<", " "),
    )


def truncated_holder(surname: str, given_names: str, width: int) -> tuple[str, str]:
    """The holder as read from a name field of `width` characters, cut off like the MRZ's
    (and split like `ocr.mrz._fields`)."""
    field = f"{mrz_name(surname, 'MEX')}<<{mrz_name(given_names, 'MEX')}"[:width]
    mrz_surname, _, given = field.strip("<").partition("<<")
    return " ".join(mrz_surname.split("<")), " ".join(given.replace("<", " ").split())


def slip(text: str, old: str, new: str) -> str:
    """`text` with one OCR misreading: the first `old` letter read as `new`."""
    assert len(old) == len(new) == 1 and old in text
    return text.replace(old, new, 1)


# --- names -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "surname", "given", "nationality"),
    [
        ("Jan-Pieter Van den Broeck", "Van den Broeck", "Jan-Pieter", "BEL"),  # hyphen, particles
        ("María José García López", "García López", "María José", "ESP"),  # diacritics
        ("Jürgen Müller", "Müller", "Jürgen", "D"),  # ICAO spelling: MUELLER, JUERGEN
        ("Jürgen Müller", "Müller", "Jürgen", "NLD"),  # plain spelling: MULLER, JURGEN
        ("Søren Ågård", "Ågård", "Søren", "DNK"),  # Ø and Å have no NFKD decomposition
        ("Hans Weiß", "Weiß", "Hans", "D"),  # ß is SS
        ("Seán O'Connor", "O'Connor", "Seán", "IRL"),  # apostrophe dropped
        ("Çelik Mehmet", "Çelik", "Mehmet", "TUR"),  # surname first
        ("DUPONT, Jean", "Dupont", "Jean", "BEL"),  # surname first with a comma, upper case
        ("Jan Peeters", "Peeters", "Jan Pieter", "BEL"),  # middle name missing in the text
        ("Jan Pieter Maria Peeters", "Peeters", "Jan", "BEL"),  # ... or in the passport
        ("Jan Pieter Vandenbroeck", "Van den Broeck", "Jan Pieter", "BEL"),  # particles joined
    ],
)
def test_names_of_the_same_person_match(
    name: str, surname: str, given: str, nationality: str
) -> None:
    mrz_surname, mrz_given = mrz_holder(surname, given, nationality)
    result = compare_names(name, mrz_surname, mrz_given)
    assert result.matched, result
    assert result.score == 100


def test_a_name_cut_off_by_a_full_mrz_name_field_matches() -> None:
    surname, given = "Hernández Villanueva", "María Fernanda Guadalupe"
    mrz_surname, mrz_given = truncated_holder(surname, given, TD3_NAME_FIELD)
    assert mrz_given.split()[-1] != "GUADALUPE"  # cut within the word: the case under test
    assert "GUADALUPE".startswith(mrz_given.split()[-1])
    result = compare_names(f"{given} {surname}", mrz_surname, mrz_given)
    assert result.matched and result.score == 100


def test_a_cut_off_word_is_accepted_only_when_the_name_field_is_full() -> None:
    mrz_surname, mrz_given = "PEETERS", "JA"
    assert len(mrz_surname) + 2 + len(mrz_given) < SHORTEST_MRZ_NAME_FIELD
    assert not compare_names("Jan Peeters", mrz_surname, mrz_given).matched


@pytest.mark.parametrize(
    ("given", "surname", "old", "new"),
    [
        ("Jan-Pieter", "Van den Broeck", "e", "c"),  # Broeck read as Brocck
        ("Oleksandr", "Kravchenko", "h", "b"),  # Kravcbenko
        ("Jan", "Peeters", "r", "n"),  # Peetens
        ("Maria Cristina", "Dela Cruz", "C", "G"),  # Gristina
    ],
)
def test_one_ocr_slip_in_a_long_word_still_matches(
    given: str, surname: str, old: str, new: str
) -> None:
    mrz_surname, mrz_given = mrz_holder(surname, given)
    misread = slip(f"{given} {surname}", old, new)
    result = compare_names(misread, mrz_surname, mrz_given)
    assert result.matched, result
    assert NAME_MIN_SCORE <= result.score < 100


def test_a_slip_in_a_short_word_is_a_different_name() -> None:
    assert len("Jan") < MIN_FUZZY_WORD_LENGTH
    assert not compare_names(slip("Jan Peeters", "n", "m"), "PEETERS", "JAN").matched


def test_many_slips_fail_although_every_word_is_close() -> None:
    # Each word keeps the word minimum (one slip in five letters), but the name as a whole
    # has two wrong letters in eleven characters.
    mrz_surname, mrz_given = "CLAES", "JORIS"
    misread = slip(slip("Joris Claes", "i", "l"), "e", "c")
    result = compare_names(misread, mrz_surname, mrz_given)
    assert not result.matched and result.score < NAME_MIN_SCORE
    assert result.reason == "too many letters differ"


@pytest.mark.parametrize(
    ("name", "surname", "given"),
    [
        ("Jan Peeters", "PEETERS", "MARIA"),  # shared common surname, other given name
        ("Peeters", "PEETERS", "MARIA"),  # surname alone
        ("Maria Janssens", "PEETERS", "MARIA"),  # shared given name, other surname
        ("Jan De Smet", "DE JONG", "JAN"),  # shared given name and particle
        ("Pieter Van Dijk", "VAN DER MEER", "PIETER"),
        ("Oleksandr Kravchenko", "SHEVCHENKO", "TARAS"),  # completely different
        ("Priya Sharma", "NGUYEN", "THI LAN"),
    ],
)
def test_names_of_different_people_do_not_match(name: str, surname: str, given: str) -> None:
    result = compare_names(name, surname, given)
    assert not result.matched, result
    assert result.reason


def test_word_similarity_minimum_admits_one_slip_in_five_letters() -> None:
    # fuzz.ratio of two 5-letter words differing in one letter: 1 - 2/10.
    assert NAME_WORD_MIN_SIMILARITY == 100 * (1 - 2 / 10)
    assert compare_names(slip("Christophe Claes", "e", "c"), "CLAES", "CHRISTOPHE").matched
    # Four letters with one wrong is below the word minimum: 1 - 2/8.
    assert not compare_names(slip("Christophe Dams", "a", "o"), "DAMS", "CHRISTOPHE").matched


def test_one_slip_needs_a_name_of_ten_characters() -> None:
    # One wrong letter in a name of n characters scores 1 - 1/n: 90 from ten characters.
    assert compare_names(slip("Jan Peeters", "r", "n"), "PEETERS", "JAN").matched  # 11
    assert not compare_names(slip("Jan Claes", "e", "c"), "CLAES", "JAN").matched  # 9


def test_a_name_without_letters_does_not_match() -> None:
    result = compare_names("—", "PEETERS", "JAN")
    assert not result.matched and "letters" in result.reason


def test_name_check_message_gives_both_names_and_the_score() -> None:
    check = name_match_check(
        "Jan Peeters",
        "PEETERS",
        "MARIA",
        code="applicant_name_match",
        subject="The declared applicant name",
    )
    assert check.code == "applicant_name_match" and not check.ok
    assert "The declared applicant name 'Jan Peeters'" in check.message
    assert "PEETERS, MARIA" in check.message
    score = compare_names("Jan Peeters", "PEETERS", "MARIA").score
    assert f"similarity {score:.0f} of 100" in check.message
    ok = name_match_check("DUPONT, Jean", "DUPONT", "JEAN")
    assert ok.ok and ok.code == "name_match" and "similarity 100" in ok.message


# --- the MRZ name on its own passport -------------------------------------------------------


@pytest.mark.parametrize("seed", range(12))
def test_mrz_name_is_found_printed_on_its_own_passport(seed: int) -> None:
    sample = passport(seed)
    check = printed_name_check(
        sample.truth["surname"], sample.truth["given_names"], sample.text_pages[0]
    )
    assert check.ok, check.message


def test_mrz_name_printed_nowhere_fails() -> None:
    holder, other = passport(1), passport(2)
    assert holder.truth["surname"] != other.truth["surname"]
    check = printed_name_check(
        holder.truth["surname"], holder.truth["given_names"], other.text_pages[0]
    )
    assert not check.ok
    assert holder.truth["surname"] in check.message
    mrz_only = "\n".join([holder.truth["mrz_line1"], holder.truth["mrz_line2"]])
    assert not printed_name_check(holder.truth["surname"], holder.truth["given_names"], mrz_only).ok
