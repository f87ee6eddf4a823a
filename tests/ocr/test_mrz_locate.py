"""Finding and reading the MRZ band on page images: generated passports, contracts, diplomas."""

from __future__ import annotations

from datetime import date

import cv2
import numpy as np
import pytest

from benchmarks.synth import contract, diploma, gaussian_blur, jpeg, passport
from ocr.engines.fonts import ocrb_font
from ocr.engines.tesseract import TesseractEngine
from ocr.model import Word
from ocr.mrz import ocrb
from ocr.mrz.geometry import Grid, Row, find_bands, grid
from ocr.mrz.locate import find_mrz_bands, read_mrz
from ocr.mrz.words import consensus, lines_from_words
from tests.support.harness import CountingEngine

TODAY = date(2026, 1, 1)
FIELDS = (
    "document_number",
    "surname",
    "given_names",
    "nationality",
    "date_of_birth",
    "sex",
    "expiry_date",
    "issuing_state",
)


def page(seed: int) -> tuple[np.ndarray, dict[str, str]]:
    sample = passport(seed, today=TODAY)
    return sample.pages[0], {name: sample.truth[name] for name in FIELDS}


def on_a4(card: np.ndarray, left: int, top: int) -> np.ndarray:
    sheet = np.full((3508, 2480), 250, np.uint8)
    sheet[top : top + card.shape[0], left : left + card.shape[1]] = card
    return sheet


def test_a_passport_page_has_an_mrz_band_and_other_pages_do_not() -> None:
    image, _ = page(3)
    assert len(find_mrz_bands(image)) == 1
    assert len(find_mrz_bands(on_a4(image, 700, 1900))) == 1
    assert find_mrz_bands(contract(3, language="nl").pages[0]) == []
    assert find_mrz_bands(diploma(3, language="en").pages[0]) == []
    assert find_mrz_bands(np.full((1200, 900), 255, np.uint8)) == []


def test_pages_without_an_mrz_cost_no_ocr_call() -> None:
    engine = CountingEngine(TesseractEngine())
    for document in (contract(1, language="fr").pages[0], diploma(1, language="de").pages[0]):
        assert read_mrz(document, engine, TODAY) is None
    assert engine.calls == 0


def _grid() -> Grid:
    rows = (
        Row(x0=20.0, pitch=30.0, top=10.0, bottom=40.0, last=5.0),
        Row(x0=20.0, pitch=30.0, top=60.0, bottom=90.0, last=5.0),
    )
    fillers = ((False, True, False, False, True, True), (False, False, False, True, False, False))
    return Grid(rows, 6, fillers, 0)


def _word(text: str, first: int, last: int, row: int) -> Word:
    x = 20 + first * 30 - 10
    return Word(text, 0.9, (x, 12 + row * 50, (last - first) * 30 + 20, 26), (1, 1, row + 1))


def test_words_are_placed_into_their_cells_around_the_fillers() -> None:
    words = [
        _word("P", 0, 0, 0),
        _word("AB", 2, 3, 0),
        _word("L89", 0, 2, 1),
        _word("5", 4, 4, 1),
        _word("6", 5, 5, 1),
    ]
    assert lines_from_words(_grid(), words) == [["P<AB<<", "L89<56"]]


def test_a_word_of_the_wrong_length_leaves_its_cells_unreadable() -> None:
    words = [_word("P", 0, 0, 0), _word("ABC", 2, 3, 0), _word("L8", 0, 2, 1)]
    assert lines_from_words(_grid(), words)[0] == ["P<??<<", "???<??"]


def test_a_glyph_read_twice_as_a_look_alike_pair_gives_both_readings() -> None:
    words = [_word("P", 0, 0, 0), _word("AB", 2, 3, 0), _word("O08", 0, 1, 1), _word("9", 2, 2, 1)]
    candidates = lines_from_words(_grid(), words)
    assert candidates[0][1] == "??9<??"
    assert {c[1] for c in candidates[1:]} == {"089<??", "O89<??"}


def test_a_dropped_glyph_is_put_back_where_the_glyphs_say() -> None:
    """Row 1 holds L, 8, 9 in cells 0-2; OCR read "89". The cells' glyph scores place the
    gap at cell 0 and fill it with the character that cell shows best."""
    shown = {(1, 0): "L", (1, 1): "8", (1, 2): "9"}

    def glyphs(row: int, column: int) -> dict[str, float]:
        return {c: 0.9 if shown.get((row, column)) == c else 0.2 for c in "L89O"}

    words = [_word("P", 0, 0, 0), _word("AB", 2, 3, 0), _word("89", 0, 2, 1)]
    assert lines_from_words(_grid(), words)[0][1] == "???<??"
    assert lines_from_words(_grid(), words, glyphs)[0][1] == "L89<??"
    two_short = [_word("9", 0, 2, 1)]
    assert lines_from_words(_grid(), two_short, glyphs)[0][1] == "???<??"


@pytest.mark.tesseract
def test_a_leading_s_that_tesseract_drops_is_recovered() -> None:
    """Tesseract drops the S that opens line two of this passport at every scale tried."""
    image, truth = page(720)
    assert truth["document_number"].startswith("S")
    result = read_mrz(image, TesseractEngine(), TODAY)
    assert result is not None and result.check_digits_ok
    assert {name: result.fields[name].value for name in FIELDS} == truth


def test_consensus_takes_the_majority_and_ignores_unreadable_cells() -> None:
    readings = [["AB?", "123"], ["AX?", "1?3"], ["AXC", "124"]]
    assert consensus(readings) == ["AXC", "123"]


def test_an_ocr_b_glyph_is_closest_to_its_own_character() -> None:
    assert ocrb_font() is not None, "fonts-ocr-b is a system dependency (Makefile APT_PACKAGES)"
    sample = passport(8, today=TODAY)  # its document number starts IS448528
    band = find_bands(sample.pages[0])[0]
    x, y, w, h = band.bbox
    crop = sample.pages[0][y : y + h, x : x + w]
    image = cv2.resize(crop, None, fx=34 / band.glyph_height, fy=34 / band.glyph_height)
    cells = grid(image)
    assert cells is not None
    line2 = sample.truth["mrz_line2"]
    for column in (1, 2):  # "S" and "4"
        scores = ocrb.scores(cells.cell(image, 1, column))
        assert max(scores, key=lambda c: scores[c]) == line2[column]
    s_scores = ocrb.scores(cells.cell(image, 1, 1))
    assert s_scores["S"] - s_scores["8"] > 0.15


@pytest.mark.tesseract
@pytest.mark.parametrize("seed", range(6))
def test_clean_passports_are_read_exactly(seed: int) -> None:
    image, truth = page(seed)
    result = read_mrz(image, TesseractEngine(), TODAY)
    assert result is not None
    assert {name: result.fields[name].value for name in FIELDS} == truth
    assert result.check_digits_ok
    assert result.bbox is not None
    _, y, w, _ = result.bbox
    assert y > image.shape[0] // 2 and w > image.shape[1] // 2  # the band at the card's foot


@pytest.mark.tesseract
@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("damage", ["blur 1.5", "jpeg 60"])
def test_damaged_passports_are_read_right(seed: int, damage: str) -> None:
    """Blur of 1.5 px and JPEG at quality 60 cost these passports no field: every one is
    read right and vouched for by its check digits. (That a field read wrong is never
    trusted is the property test in test_mrz.py.)"""
    image, truth = page(seed)
    damaged = gaussian_blur(image, 1.5) if damage == "blur 1.5" else jpeg(image, 60)
    result = read_mrz(damaged, TesseractEngine(), TODAY)
    assert result is not None
    assert {name: result.fields[name].value for name in FIELDS} == truth
    assert result.check_digits_ok
    assert {name: result.fields[name].confidence for name in FIELDS} == dict.fromkeys(FIELDS, 0.99)


@pytest.mark.tesseract
def test_a_passport_anywhere_on_an_a4_scan_even_upside_down() -> None:
    image, truth = page(5)
    sheet = on_a4(image, 700, 300)
    for scan in (sheet, cv2.rotate(sheet, cv2.ROTATE_180)):
        result = read_mrz(scan, TesseractEngine(), TODAY)
        assert result is not None and result.check_digits_ok
        assert {name: result.fields[name].value for name in FIELDS} == truth


@pytest.mark.tesseract
def test_an_expired_passport_is_flagged() -> None:
    sample = passport(2, expired=True, today=TODAY)
    result = read_mrz(sample.pages[0], TesseractEngine(), TODAY)
    assert result is not None
    assert result.fields["expiry_date"].value == sample.truth["expiry_date"]
    assert not next(c for c in result.checks if c.code == "document_expired").ok
