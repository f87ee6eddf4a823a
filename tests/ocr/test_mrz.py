"""Parsing and repairing MRZ text (no images): the ICAO 9303 specimens and generated MRZs.

MRZs for the property tests come from the synthetic generator's own TD3 writer, an
implementation independent of the parser.
"""

from __future__ import annotations

import random
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.synth.passport import document_number, td3_mrz
from ocr.mrz.parse import confirm, parse_mrz

TODAY = date(2026, 1, 1)
LINE1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
LINE2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
SPECIMEN = {
    "document_number": "L898902C3",
    "surname": "ERIKSSON",
    "given_names": "ANNA MARIA",
    "nationality": "UTO",
    "date_of_birth": "1974-08-12",
    "sex": "F",
    "expiry_date": "2012-04-15",
    "issuing_state": "UTO",
}


def values(result: object) -> dict[str, str]:
    assert result is not None
    return {name: field.value for name, field in result.fields.items()}  # type: ignore[attr-defined]


def check(result: object, code: str) -> bool:
    return next(c.ok for c in result.checks if c.code == code)  # type: ignore[attr-defined]


def test_td3_specimen_parses_to_its_fields() -> None:
    result = parse_mrz([LINE1, LINE2], TODAY)
    assert result is not None
    assert result.format == "TD3"
    assert result.document_code == "P"
    assert values(result) == SPECIMEN
    assert check(result, "mrz_check_digits")
    assert not result.repaired
    assert all(
        f.confidence == pytest.approx(0.99) and f.source == "mrz" for f in result.fields.values()
    )


def test_the_specimen_expired_in_2012() -> None:
    result = parse_mrz([LINE1, LINE2], TODAY)
    assert not check(result, "document_expired")
    assert parse_mrz([LINE1, LINE2], date(2012, 4, 15)).checks[1].ok  # type: ignore[union-attr]


def test_letters_in_dates_and_k_for_fillers_are_repaired() -> None:
    line1 = LINE1.replace("MARIA<<<<<<", "MARIAKKKKKK")
    line2 = LINE2.replace("7408122", "74O8I22").replace("B<<<<<10", "B<K<KK10")
    result = parse_mrz([line1, line2], TODAY)
    assert values(result) == SPECIMEN
    assert check(result, "mrz_check_digits")
    assert result is not None and result.repaired
    assert result.lines == (LINE1, LINE2)


def test_document_number_confusion_is_resolved_by_its_check_digit() -> None:
    result = parse_mrz([LINE1, LINE2.replace("L898902C3", "L8989O2C3")], TODAY)
    assert values(result)["document_number"] == "L898902C3"
    assert check(result, "mrz_check_digits")
    assert result is not None and result.repaired


def test_two_errors_no_single_substitution_fixes_fail_the_check() -> None:
    # O for 0 and 8 for 3: the second is no look-alike the parser may substitute.
    result = parse_mrz([LINE1, LINE2.replace("L898902C3", "L8989O2C8")], TODAY)
    assert result is not None
    assert not check(result, "mrz_check_digits")
    assert "document number" in result.checks[0].message
    assert result.fields["document_number"].confidence <= 0.5
    assert all(f.confidence <= 0.5 for f in result.fields.values())


def test_a_misread_date_digit_fails_its_check_and_the_composite() -> None:
    result = parse_mrz([LINE1, LINE2.replace("7408122", "7408172")], TODAY)
    assert result is not None
    assert result.checks[0].message == ("MRZ check digits fail for: date of birth, composite.")


def test_lines_missing_or_gaining_fillers_are_fitted() -> None:
    short1 = LINE1[:-3]
    long2 = LINE2.replace("B<<<<<10", "B<<<<<<10")
    result = parse_mrz(["SOME VISUAL ZONE TEXT", short1, long2], TODAY)
    assert values(result) == SPECIMEN
    assert check(result, "mrz_check_digits")


def test_double_chevron_read_as_guillemet() -> None:
    result = parse_mrz([LINE1.replace("<<ANNA", "«ANNA"), LINE2], TODAY)
    assert values(result)["surname"] == "ERIKSSON"


def test_td1_specimen_with_long_document_number() -> None:
    lines = [
        "I<UTOD23145890<7349<<<<<<<<<<<",
        "3407127M9507122UTO<<<<<<<<<<<2",
        "STEVENSON<<PETER<JOHN<<<<<<<<<",
    ]
    result = parse_mrz(lines, TODAY)
    assert result is not None and result.format == "TD1"
    assert values(result) == {
        "document_number": "D23145890734",
        "surname": "STEVENSON",
        "given_names": "PETER JOHN",
        "nationality": "UTO",
        "date_of_birth": "1934-07-12",
        "sex": "M",
        "expiry_date": "2095-07-12",
        "issuing_state": "UTO",
    }
    assert check(result, "mrz_check_digits")


def test_td1_long_number_with_a_wrong_check_digit_fails() -> None:
    lines = [
        "I<UTOD23145890<7348<<<<<<<<<<<",
        "3407127M9507122UTO<<<<<<<<<<<2",
        "STEVENSON<<PETER<JOHN<<<<<<<<<",
    ]
    result = parse_mrz(lines, TODAY)
    assert result is not None
    assert not check(result, "mrz_check_digits")


def test_td2_specimen() -> None:
    lines = ["I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"]
    result = parse_mrz(lines, TODAY)
    assert result is not None and result.format == "TD2"
    assert values(result)["document_number"] == "D23145890"
    assert values(result)["date_of_birth"] == "1974-08-12"
    assert check(result, "mrz_check_digits")


def test_german_nationality_unspecified_sex_and_birth_century() -> None:
    line1, line2 = td3_mrz(
        issuing_state="D",
        surname="MUELLER",
        given_names="JONAS",
        document_number="C01X00T47",
        nationality="D",
        birth_date=date(2025, 6, 1),
        sex="X",
        expiry_date=date(2035, 5, 31),
    )
    result = parse_mrz([line1, line2], date(2025, 3, 1))
    # born "250601" cannot lie after today, so it is 1925; expiry is always 20YY
    assert values(result) | {} == {
        "document_number": "C01X00T47",
        "surname": "MUELLER",
        "given_names": "JONAS",
        "nationality": "D",
        "date_of_birth": "1925-06-01",
        "sex": "X",
        "expiry_date": "2035-05-31",
        "issuing_state": "D",
    }


def test_german_code_with_fillers_read_as_k() -> None:
    line1, line2 = td3_mrz(
        issuing_state="D",
        surname="BECKER",
        given_names="HANNAH",
        document_number="C381159S0",
        nationality="D",
        birth_date=date(1972, 4, 21),
        sex="F",
        expiry_date=date(2029, 9, 2),
    )
    result = parse_mrz([line1.replace("P<D<<", "P<DKK"), line2.replace("D<<72", "DK<72")], TODAY)
    assert values(result)["issuing_state"] == "D"
    assert values(result)["nationality"] == "D"
    assert check(result, "mrz_check_digits")


def test_text_without_an_mrz_gives_none() -> None:
    assert parse_mrz(["ARBEIDSOVEREENKOMST", "Werkgever: Vandenberghe Logistics NV"], TODAY) is None
    assert parse_mrz([], TODAY) is None


def test_a_second_reading_that_disagrees_on_the_name_lowers_its_confidence() -> None:
    result = parse_mrz([LINE1, LINE2], TODAY)
    assert result is not None
    agreeing = confirm(result, [[LINE1, LINE2], [LINE1, LINE2]], TODAY)
    assert agreeing.fields["given_names"].confidence == pytest.approx(0.99)
    disagreeing = confirm(result, [[LINE1, LINE2], [LINE1.replace("MARIA", "MAPIA"), LINE2]], TODAY)
    assert disagreeing.fields["given_names"].confidence <= 0.5
    assert disagreeing.fields["surname"].confidence == pytest.approx(0.99)


def test_a_name_read_only_once_stays_unconfirmed() -> None:
    result = parse_mrz([LINE1, LINE2], TODAY)
    assert result is not None
    unreadable = "P<UTO" + "?" * 8 + LINE1[13:]
    confirmed = confirm(result, [[LINE1, LINE2], [unreadable, LINE2]], TODAY)
    assert confirmed.fields["surname"].confidence <= 0.5
    assert confirmed.fields["given_names"].confidence == pytest.approx(0.99)


def test_two_readings_whose_check_digits_both_hold_put_the_field_in_doubt() -> None:
    # I/T twice in the number: 3*11 + 7*11 = 110, the check digit cannot see it.
    line1, line2 = td3_mrz(
        issuing_state="NLD",
        surname="DE JONG",
        given_names="RUBEN",
        document_number="II6B8BI28",
        nationality="NLD",
        birth_date=date(2002, 4, 19),
        sex="M",
        expiry_date=date(2033, 12, 25),
    )
    misread = line2.replace("II6B8BI28", "IT6B8BT28")
    result = parse_mrz([line1, misread], TODAY)
    assert result is not None and check(result, "mrz_check_digits")
    confirmed = confirm(result, [[line1, misread], [line1, line2]], TODAY)
    assert confirmed.fields["document_number"].confidence <= 0.5
    outvoted = confirm(result, [[line1, misread], [line1, line2], [line1, line2]], TODAY)
    assert outvoted.fields["document_number"].value == "II6B8BI28"


# OCR look-alikes a check digit can see (the parser's repair table). G/6, L/1, S/8 and P/F
# have equal check values (modulo 10); those are left to a second reading (test above).
_CONFUSIONS = {
    "0": "O",
    "O": "0",
    "1": "I",
    "I": "1",
    "2": "Z",
    "Z": "2",
    "5": "S",
    "S": "5",
    "8": "B",
    "B": "8",
    "D": "0",
    "Q": "0",
    "A": "4",
    "4": "A",
    "T": "1",
    "7": "T",
    "M": "N",
    "U": "V",
    "C": "G",
    "E": "F",
}
_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def test_a_look_alike_with_equal_check_value_is_caught_by_a_second_reading() -> None:
    line1, line2 = td3_mrz(
        issuing_state="BEL",
        surname="CLAES",
        given_names="LIEN",
        document_number="IS448528",
        nationality="BEL",
        birth_date=date(1988, 1, 13),
        sex="F",
        expiry_date=date(2031, 10, 22),
    )
    misread = line2.replace("IS448528", "I8448528")  # S (28) and 8 differ by 20
    result = parse_mrz([line1, misread], TODAY)
    assert result is not None and check(result, "mrz_check_digits")
    confirmed = confirm(result, [[line1, misread], [line1, line2]], TODAY)
    assert confirmed.fields["document_number"].confidence <= 0.5


def _trailing_fillers(name_field: str) -> str:
    """The end of a name field that is all '<' and K, where OCR's K may stand for '<'."""
    return name_field[len(name_field.rstrip("<K")) :]


@st.composite
def td3_lines(draw: st.DrawFn) -> tuple[list[str], dict[str, str]]:
    name = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=12)
    surname = draw(name)
    # The parser reads a run of three K among the name field's trailing fillers as fillers
    # (OCR's '<' for K; `ocr.mrz.repair`: no name ends that way), so no drawn name does.
    given = draw(name.filter(lambda g: "KKK" not in _trailing_fillers(f"{surname}<<{g}<")))
    state = draw(st.sampled_from(["BEL", "IND", "PHL", "TUR", "UTO", "D"]))
    # Issuers give numbers of one shape (the generator's own table); "Utopia" any at all.
    number = (
        draw(st.text(_ALNUM, min_size=9, max_size=9))
        if state == "UTO"
        else document_number(random.Random(draw(st.integers(0, 2**32))), state)
    )
    born = draw(st.dates(date(1930, 1, 1), date(2025, 12, 31)))
    expiry = draw(st.dates(date(2000, 1, 1), date(2099, 12, 31)))
    sex = draw(st.sampled_from("MFX"))
    lines = list(
        td3_mrz(
            issuing_state=state,
            surname=surname,
            given_names=given,
            document_number=number,
            nationality=state,
            birth_date=born,
            sex=sex,
            expiry_date=expiry,
            filler_check=draw(st.sampled_from("<0")),
        )
    )
    truth = {
        "document_number": number,
        "surname": surname,
        "given_names": given,
        "nationality": state,
        "date_of_birth": born.isoformat(),
        "sex": sex,
        "expiry_date": expiry.isoformat(),
        "issuing_state": state,
    }
    return lines, truth


@settings(max_examples=300, deadline=None)
@given(td3_lines())
def test_generated_mrzs_parse_to_their_fields(case: tuple[list[str], dict[str, str]]) -> None:
    lines, truth = case
    result = parse_mrz(lines, TODAY)
    assert values(result) == truth
    assert check(result, "mrz_check_digits")


@settings(max_examples=400, deadline=None)
@given(td3_lines(), st.data())
def test_one_ocr_confusion_in_line_two_leaves_no_wrong_field_trusted(
    case: tuple[list[str], dict[str, str]], data: st.DataObject
) -> None:
    """Whatever look-alike OCR puts into line two, no field read wrong keeps a trusted
    confidence: repaired fields are right, and the rest are flagged by failing check
    digits or (sex, nationality: no check digit) by a low confidence of their own.
    Never a different MRZ with passing checks."""
    lines, truth = case
    line2 = lines[1]
    where = [i for i, c in enumerate(line2) if c in _CONFUSIONS]
    # Every line two has one: the months of birth and expiry (01 to 12) hold a 0 or a 1.
    assert where, line2
    i = data.draw(st.sampled_from(where))
    misread = line2[:i] + _CONFUSIONS[line2[i]] + line2[i + 1 :]
    result = parse_mrz([lines[0], misread], TODAY)
    assert result is not None
    wrong = {name for name, value in truth.items() if values(result).get(name) != value}
    # Failing check digits lower every field's confidence; a field no check digit covers
    # gets a low one of its own when its value is implausible. Either way, no field read
    # wrong keeps a confidence a reviewer would trust.
    trusted = {name for name in wrong if result.fields[name].confidence >= 0.6}
    assert trusted == set(), (misread, values(result))


def _misread_number(state: str, number: str, misread: str) -> object:
    line1, line2 = td3_mrz(
        issuing_state=state,
        surname="SHARMA",
        given_names="PRIYA",
        document_number=number,
        nationality=state,
        birth_date=date(1990, 3, 4),
        sex="F",
        expiry_date=date(2032, 5, 6),
    )
    return parse_mrz([line1, line2.replace(number, misread)], TODAY)


def test_the_issuers_number_format_settles_a_tie_the_check_digits_leave() -> None:
    """O for 0 at positions 0 and 6 (both weight 7) both make the check digits hold; an
    Indian passport number is a letter and seven digits, so only the first is a number."""
    result = _misread_number("IND", "O5542500", "05542500")
    assert values(result)["document_number"] == "O5542500"
    assert check(result, "mrz_check_digits")


def test_without_a_known_format_the_same_tie_stays_unrepaired() -> None:
    result = _misread_number("UTO", "O5542500", "05542500")
    assert not check(result, "mrz_check_digits")


@pytest.mark.parametrize(
    ("state", "number", "misread"),
    [("D", "CZ01ZZHZ5", "CZOTZZHZ5"), ("IND", "O5542500", "055425O0")],
)
def test_two_misreadings_that_cancel_out_are_undone_by_the_issuers_format(
    state: str, number: str, misread: str
) -> None:
    """O for 0 and T for 1 cancel out in the check digit; German numbers have no O, so the
    reading is impossible and the one look-alike repair that fits is taken."""
    result = _misread_number(state, number, misread)
    assert values(result)["document_number"] == number
    assert check(result, "mrz_check_digits")


def test_where_the_issuer_has_no_known_format_a_holding_number_is_kept() -> None:
    result = _misread_number("UTO", "O5542500", "055425O0")
    assert values(result)["document_number"] == "055425O0"
