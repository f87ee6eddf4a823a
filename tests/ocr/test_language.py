"""Each page is read with its own language model, so accents survive."""

from __future__ import annotations

import pytest

from benchmarks import synth
from ocr.engines.tesseract import TesseractEngine
from ocr.language import detect_language, read_in_language
from ocr.seam import DEFAULT_LANGUAGES
from tests.support.harness import CountingEngine

CODES = {"nl": "nld", "fr": "fra", "de": "deu", "en": "eng"}


@pytest.mark.parametrize("language", sorted(CODES))
def test_contracts_and_diplomas_are_recognised_by_their_function_words(language: str) -> None:
    for seed in range(5):
        for sample in (
            synth.contract(seed, language=language),
            synth.diploma(seed, language=language),
        ):
            assert detect_language(sample.text_pages[0], DEFAULT_LANGUAGES) == CODES[language]


def test_too_few_words_or_a_tie_decide_nothing() -> None:
    assert detect_language("", DEFAULT_LANGUAGES) is None
    assert detect_language("Jan Peeters 12.03.1990 Antwerpen", DEFAULT_LANGUAGES) is None
    tie = "het een van op le la les du"
    assert detect_language(tie, DEFAULT_LANGUAGES) is None
    assert detect_language("het een van op voor met", ("fra", "eng")) is None  # not a candidate


@pytest.mark.tesseract
def test_german_diploma_keeps_its_umlauts() -> None:
    sample = synth.diploma(7, language="de")
    engine = CountingEngine(TesseractEngine())
    result = read_in_language(sample.pages[0], engine)
    assert result.language == "deu"
    assert engine.calls == 2  # a Dutch first pass, then German
    # The page's two words with umlauts: "Rheinisch-Westfälische" and "Der Präsident".
    assert sample.truth["institution"] == "Rheinisch-Westfälische Technische Hochschule Aachen"
    assert sample.truth["institution"] in result.text
    assert "Der Präsident" in result.text


@pytest.mark.tesseract
def test_page_in_the_first_language_costs_one_pass() -> None:
    sample = synth.contract(8, language="nl")
    engine = CountingEngine(TesseractEngine())
    result = read_in_language(sample.pages[0], engine)
    assert (result.language, engine.calls) == ("nld", 1)
    assert sample.truth["employee_name"] in result.text
