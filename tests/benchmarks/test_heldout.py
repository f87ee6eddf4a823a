"""The held-out generator itself: its truth must be true, or the benchmark scores nothing.

No OCR here: these check that each recorded value is written in the document's own text, that
the MRZ obeys ICAO 9303, that a seed fixes a document, and that every upload decodes.
"""

from __future__ import annotations

import io
import re
from datetime import date

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader

from benchmarks.heldout import contract, diploma, passport
from benchmarks.heldout.corpus import bad_cases, good_cases

LANGS = ("nl", "fr", "en", "de")
SEEDS = range(6)

_MONTHS = (
    ("januari", "janvier", "January", "Januar", "JAN"),
    ("februari", "février", "February", "Februar", "FEB"),
    ("maart", "mars", "March", "März", "MAR"),
    ("april", "avril", "April", "April", "APR"),
    ("mei", "mai", "May", "Mai", "MAY"),
    ("juni", "juin", "June", "Juni", "JUN"),
    ("juli", "juillet", "July", "Juli", "JUL"),
    ("augustus", "août", "August", "August", "AUG"),
    ("september", "septembre", "September", "September", "SEP"),
    ("oktober", "octobre", "October", "Oktober", "OCT"),
    ("november", "novembre", "November", "November", "NOV"),
    ("december", "décembre", "December", "Dezember", "DEC"),
)


def date_forms(iso: str) -> set[str]:
    """Every way these documents may write a date, figures or words, in any of the languages."""
    day = date.fromisoformat(iso)
    d, m, y = day.day, day.month, day.year
    forms = {
        f"{dd}{sep}{mm}{sep}{y}" for sep in "/.-" for dd, mm in ((f"{d:02d}", f"{m:02d}"), (d, m))
    }
    for month in _MONTHS[m - 1]:
        forms |= {
            f"{d} {month} {y}",
            f"{d}. {month} {y}",
            f"{month} {d}, {y}",
            f"{d:02d} {month} {y}",
        }
        if d == 1:
            forms.add(f"1er {month} {y}")
    return forms


def amount_forms(plain: str) -> set[str]:
    """ "3250.00" as Belgian, French, German and English drafters write it."""
    whole, cents = plain.split(".")
    groups = [whole[max(0, i - 3) : i] for i in range(len(whole), 0, -3)][::-1]
    return {
        f"{sep.join(groups)}{dec}{cents}"
        for sep in ("", ".", ",", " ")
        for dec in ",."
        if sep != dec
    }


PERIOD_WORDS = {
    "month": ("maand", "mois", "month", "Monat", "monatlich", "mensuel"),
    "hour": ("uur", "heure", "hour", "Stunde"),
    "year": ("jaar", " an", "year", "jährlich", "Jahres", "annuel"),
}


def assert_written(key: str, value: str, text: str) -> None:
    if key.endswith("_date") or key == "date_of_birth":
        if value:
            assert any(f in text for f in date_forms(value)), (key, value)
    elif key == "gross_salary":
        assert any(f in text for f in amount_forms(value)), (key, value)
    elif key == "employer_enterprise_number":
        assert value.replace(".", "") in re.sub(r"[ .]", "", text), (key, value)
    elif key == "salary_period":
        assert any(w in text for w in PERIOD_WORDS[value]), (key, value)
    elif key == "currency":
        assert value == "EUR" and ("EUR" in text or "€" in text)
    elif key in ("surname", "given_names"):
        assert value.replace(" ", "<") in text.split("\n")[-2], (key, value)
    else:
        assert value in text, (key, value)


def mrz_check(field: str) -> int:
    values = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")} | {"<": 0}
    return sum(values[c] * (7, 3, 1)[i % 3] for i, c in enumerate(field)) % 10


def test_a_seed_fixes_the_document() -> None:
    for make in (lambda: contract(4, "fr"), lambda: diploma(4, "de"), lambda: passport(4)):
        one, two = make(), make()
        assert one.truth == two.truth and one.text_pages == two.text_pages
        assert all(np.array_equal(a, b) for a, b in zip(one.pages, two.pages, strict=True))
    assert contract(4, "fr").truth != contract(5, "fr").truth


@pytest.mark.parametrize("lang", LANGS)
def test_contract_truth_is_written_in_the_contract(lang: str) -> None:
    for seed in SEEDS:
        sample = contract(seed, lang)
        assert sample.kind == "contract" and 1 <= len(sample.pages) <= 2
        assert len(sample.pages) == len(sample.text_pages)
        text = "\n".join(sample.text_pages)
        text.encode("cp1252")  # the born-digital PDF's WinAnsi font must hold every character
        for key, value in sample.truth.items():
            # A paragraph may wrap inside a value; the line break is then a space.
            assert_written(key, value, text.replace("\n", " "))
        assert re.fullmatch(r"\d{4}\.\d{3}\.\d{3}", sample.truth["employer_enterprise_number"])
        digits = sample.truth["employer_enterprise_number"].replace(".", "")
        assert int(digits[8:]) == 97 - int(digits[:8]) % 97
        assert sample.truth["salary_period"] in ("month", "hour", "year")
        assert re.fullmatch(r"\d+\.\d\d", sample.truth["gross_salary"])


@pytest.mark.parametrize("lang", LANGS)
def test_diploma_truth_is_written_on_the_certificate(lang: str) -> None:
    for seed in SEEDS:
        sample = diploma(seed, lang)
        assert set(sample.truth) == {"holder_name", "institution", "degree", "award_date"}
        text = "\n".join(sample.text_pages)
        text.encode("cp1252")
        for key, value in sample.truth.items():
            # Long degrees wrap: the value must be there once line breaks are spaces.
            assert_written(key, value, text.replace("\n", " "))


def test_passport_mrz_obeys_icao_9303() -> None:
    for seed in range(12):
        truth = passport(seed).truth
        line1, line2 = truth["mrz_line1"], truth["mrz_line2"]
        assert len(line1) == len(line2) == 44
        assert re.fullmatch(r"[A-Z0-9<]{44}", line1) and re.fullmatch(r"[A-Z0-9<]{44}", line2)
        assert line1.startswith(f"P<{truth['issuing_state']}")
        surname, _, given = line1[5:].rstrip("<").partition("<<")
        assert surname.replace("<", " ") == truth["surname"]
        assert given.replace("<", " ") == truth["given_names"]
        assert line2[:9].rstrip("<") == truth["document_number"]
        assert int(line2[9]) == mrz_check(line2[:9])
        assert line2[10:13] == truth["nationality"]
        assert int(line2[19]) == mrz_check(line2[13:19])
        assert line2[13:19] == date.fromisoformat(truth["date_of_birth"]).strftime("%y%m%d")
        assert line2[20] == truth["sex"] in ("M", "F")
        assert int(line2[27]) == mrz_check(line2[21:27])
        assert line2[21:27] == date.fromisoformat(truth["expiry_date"]).strftime("%y%m%d")
        if line2[28:42].strip("<"):
            assert int(line2[42]) == mrz_check(line2[28:42])
        composite = line2[0:10] + line2[13:20] + line2[21:43]
        assert int(line2[43]) == mrz_check(composite)


def test_passport_truth_is_on_the_data_page() -> None:
    for seed in range(6):
        sample = passport(seed)
        text = sample.text_pages[0]
        for key, value in sample.truth.items():
            if key.endswith("date_of_birth") or key.endswith("_date"):
                viz = date.fromisoformat(value)
                assert any(f in text for f in date_forms(value)) or viz.strftime("%y%m%d") in text
            else:
                assert_written(key, value, text)


def _decode(data: bytes) -> int:
    """Pages in an upload; raises if the file does not decode."""
    if data.startswith(b"%PDF"):
        return len(PdfReader(io.BytesIO(data)).pages)
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        assert image.mode == "L" and image.info.get("dpi")
    return 1


def test_every_upload_decodes_and_is_labelled() -> None:
    good = list(good_cases(1, 77))
    bad = list(bad_cases(1, 77))
    assert {(c.kind, c.condition) for c in good} == {
        (k, c)
        for k, conds in {
            "contract": ("scan", "text layer", "phone"),
            "diploma": ("scan", "text layer", "phone"),
            "passport": ("scan", "phone"),
        }.items()
        for c in conds
    }
    for case in good:
        assert case.good and not case.reasons and case.truth
        assert _decode(case.data) == case.pages
    assert len(bad) == 6
    for case in bad:
        assert not case.good and case.reasons and not case.truth
        assert _decode(case.data) == 1


def test_text_layer_reads_back_the_truth() -> None:
    """The born-digital PDF of seed 0 (a Dutch contract) holds the names exactly as recorded."""
    case = next(c for c in good_cases(1, 0) if c.condition == "text layer")
    assert case.kind == "contract" and case.truth == contract(0, "nl").truth
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(case.data)).pages)
    text = " ".join(text.split())
    for key in ("employer_name", "employee_name", "job_title"):
        assert case.truth[key] in text, key
