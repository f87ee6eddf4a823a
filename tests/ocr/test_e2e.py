"""Generated documents through real Tesseract and the extractors, as the pipeline runs them."""

from __future__ import annotations

from datetime import date

import pytest

from benchmarks.synth import contract, diploma, passport
from ocr.classify import classify_page
from ocr.engines.tesseract import TesseractEngine
from ocr.fields import extract
from ocr.mrz.locate import find_mrz_bands, read_mrz

pytestmark = pytest.mark.tesseract


@pytest.mark.parametrize("language", ["nl", "fr", "en", "de"])
@pytest.mark.parametrize("seed", [0, 1])
def test_ocr_contract_page_gives_the_true_fields(language: str, seed: int) -> None:
    sample = contract(seed, language=language)
    text = TesseractEngine().recognize(sample.pages[0])
    assert find_mrz_bands(sample.pages[0]) == []
    assert classify_page(text.text).type == "contract"
    result = extract("contract", [(0, text)])
    assert {name: field.value for name, field in result.fields.items()} == sample.truth
    assert [(c.code, c.ok) for c in result.checks] == [("enterprise_number_checksum", True)]
    assert all(
        f.source == "ocr" and f.bbox is not None and f.page == 0 for f in result.fields.values()
    )


@pytest.mark.parametrize("language", ["en", "nl"])
def test_ocr_diploma_gives_the_true_fields(language: str) -> None:
    sample = diploma(0, language=language)
    text = TesseractEngine().recognize(sample.pages[0])
    assert classify_page(text.text).type == "diploma"
    result = extract("diploma", [(0, text)])
    assert {name: field.value for name, field in result.fields.items()} == sample.truth


def test_passport_page_through_classification_and_extraction() -> None:
    today = date(2026, 1, 1)
    sample = passport(4, today=today)
    image = sample.pages[0]
    assert len(find_mrz_bands(image)) == 1
    mrz = read_mrz(image, TesseractEngine(), today)
    assert mrz is not None
    assert mrz.format == "TD3"
    assert classify_page("", mrz.format).type == "passport"
    result = extract("passport", [(0, TesseractEngine().recognize(image))], mrz)
    expected = {k: v for k, v in sample.truth.items() if not k.startswith("mrz_line")}
    assert {name: field.value for name, field in result.fields.items()} == expected
    for field in result.fields.values():
        assert field.page == 0 and field.bbox is not None
    assert [(c.code, c.ok) for c in result.checks] == [
        ("mrz_check_digits", True),
        ("document_expired", True),
    ]
