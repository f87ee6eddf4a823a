"""The synthetic document generator: ground truth must match what is drawn and what is encoded."""

from __future__ import annotations

import difflib
import io
import json
import re
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pikepdf
import pytesseract
import pytest
from PIL import Image, ImageSequence
from pypdf import PdfReader

from benchmarks.synth import (
    born_digital_pdf,
    check_digit,
    contract,
    crop,
    cut_corner,
    diploma,
    exposure,
    gaussian_blur,
    glare,
    jpeg,
    motion_blur,
    passport,
    phone_photo,
    rescale,
    rotate,
    scanned_pdf,
    to_jpeg,
    to_png,
    to_tiff,
)
from benchmarks.synth.__main__ import main as synth_main
from benchmarks.synth.contract import labels
from benchmarks.synth.lang import amount, long_date, numeric_date
from benchmarks.synth.passport import mrz_box, mrz_name, td3_mrz

TODAY = date(2026, 1, 15)  # fixed so passport pixels do not change with the calendar
SPECIMEN_1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
SPECIMEN_2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
LANGUAGES = ("nl", "fr", "en", "de")
# Holders whose passports carry a personal number: the Belgian national register number and
# the Turkish identity number (benchmarks.synth.passport._personal_number).
PERSONAL_NUMBER_STATES = ("BEL", "TUR")


def _dark(img: np.ndarray) -> int:
    return int((img < 128).sum())


# --- MRZ ---------------------------------------------------------------------------------------


def test_check_digit_reproduces_icao_specimen() -> None:
    assert check_digit("L898902C3") == "6"
    assert check_digit("740812") == "2"
    assert check_digit("120415") == "9"
    assert check_digit("ZE184226B<<<<<") == "1"
    composite = SPECIMEN_2[0:10] + SPECIMEN_2[13:20] + SPECIMEN_2[21:43]
    assert check_digit(composite) == "0"


def test_check_digit_rejects_non_mrz_characters() -> None:
    with pytest.raises(ValueError):
        check_digit("AB-12")


def test_td3_builder_reproduces_icao_specimen() -> None:
    lines = td3_mrz(
        issuing_state="UTO",
        surname="ERIKSSON",
        given_names="ANNA MARIA",
        document_number="L898902C3",
        nationality="UTO",
        birth_date=date(1974, 8, 12),
        sex="F",
        expiry_date=date(2012, 4, 15),
        personal_number="ZE184226B",
    )
    assert lines == (SPECIMEN_1, SPECIMEN_2)


@pytest.mark.parametrize(
    ("printed", "state", "mrz"),
    [
        ("Müller", "D", "MUELLER"),
        ("Weiß", "D", "WEISS"),
        ("Müller", "NLD", "MULLER"),
        ("Çelik", "TUR", "CELIK"),
        ("O'Connor", "USA", "OCONNOR"),
        ("Marie-Claire", "BEL", "MARIE<CLAIRE"),
        ("Van den Broeck", "BEL", "VAN<DEN<BROECK"),
    ],
)
def test_mrz_name_transliteration(printed: str, state: str, mrz: str) -> None:
    assert mrz_name(printed, state) == mrz


@pytest.mark.parametrize("seed", range(40))
def test_generated_mrz_is_valid_and_matches_truth(seed: int) -> None:
    truth = passport(seed, dpi=100, today=TODAY).truth
    line1, line2 = truth["mrz_line1"], truth["mrz_line2"]
    assert len(line1) == len(line2) == 44
    assert re.fullmatch(r"[A-Z0-9<]{44}", line1) and re.fullmatch(r"[A-Z0-9<]{44}", line2)
    assert check_digit(line2[0:9]) == line2[9]
    assert check_digit(line2[13:19]) == line2[19]
    assert check_digit(line2[21:27]) == line2[27]
    personal = line2[28:42]
    assert bool(personal.strip("<")) == (truth["nationality"] in PERSONAL_NUMBER_STATES)
    # Readers take '<' as 0, so for an all-filler field either form ICAO allows is its check
    # digit (which form each issuer writes: test_passport_truth_fields_and_dates).
    assert line2[42].replace("<", "0") == check_digit(personal)
    assert check_digit(line2[0:10] + line2[13:20] + line2[21:43]) == line2[43]

    assert line1[:2] == "P<"
    assert line1[2:5] == truth["issuing_state"].ljust(3, "<")
    surname, given = line1[5:].rstrip("<").split("<<", 1)
    assert surname.replace("<", " ") == truth["surname"]
    assert given.replace("<", " ") == truth["given_names"]
    assert line2[0:9] == truth["document_number"].ljust(9, "<")
    assert line2[10:13] == truth["nationality"].ljust(3, "<")
    assert line2[13:19] == date.fromisoformat(truth["date_of_birth"]).strftime("%y%m%d")
    assert line2[20] == ("<" if truth["sex"] == "X" else truth["sex"])
    assert line2[21:27] == date.fromisoformat(truth["expiry_date"]).strftime("%y%m%d")


def test_passport_truth_fields_and_dates() -> None:
    expected_keys = {
        "document_number",
        "surname",
        "given_names",
        "nationality",
        "date_of_birth",
        "sex",
        "expiry_date",
        "issuing_state",
        "mrz_line1",
        "mrz_line2",
    }
    truths = [passport(seed, dpi=72, today=TODAY).truth for seed in range(80)]
    for truth in truths:
        assert set(truth) == expected_keys
        assert date(1960, 1, 1) <= date.fromisoformat(truth["date_of_birth"]) <= date(2004, 12, 31)
        expiry = date.fromisoformat(truth["expiry_date"])
        assert TODAY + timedelta(days=364) <= expiry <= TODAY + timedelta(days=9 * 366)
        assert truth["surname"] == truth["surname"].upper() and truth["surname"].isascii()
    assert {t["sex"] for t in truths} == {"M", "F", "X"}
    assert {"BEL", "D", "TUR", "PHL", "IND"} <= {t["nationality"] for t in truths}
    # Every holder's optional-data field: a personal number closed by its check digit for
    # Belgian and Turkish holders, all fillers for the others, whose issuers write either
    # ICAO-permitted check character for it: both occur.
    numbered = [t["mrz_line2"] for t in truths if t["nationality"] in PERSONAL_NUMBER_STATES]
    unnumbered = [t["mrz_line2"] for t in truths if t["nationality"] not in PERSONAL_NUMBER_STATES]
    assert [line[42] for line in numbered] == [check_digit(line[28:42]) for line in numbered]
    assert all(line[28:42].strip("<") for line in numbered)
    assert [line[28:42] for line in unnumbered] == ["<" * 14] * len(unnumbered)
    assert {line[42] for line in unnumbered} == {"<", "0"}
    doc_chars = {c for t in truths for c in t["document_number"]}
    assert set("OISBZ") <= doc_chars and set("01582") <= doc_chars


def test_expired_passport_expired_one_to_three_years_ago() -> None:
    for seed in range(20):
        expiry = date.fromisoformat(
            passport(seed, dpi=72, expired=True, today=TODAY).truth["expiry_date"]
        )
        assert TODAY - timedelta(days=3 * 366) <= expiry <= TODAY - timedelta(days=364)


def test_passport_page_size_and_mrz_character_size() -> None:
    sample = passport(3, dpi=300, today=TODAY)
    page = sample.pages[0]
    assert page.dtype == np.uint8 and page.ndim == 2
    assert page.shape == (round(100 * 300 / 25.4), round(137 * 300 / 25.4))  # card + 6 mm margin
    assert (page[:10] == 255).all()  # white scanner margin around the card
    left, top, right, bottom = mrz_box(sample.dpi)
    band = page[top:bottom, left:right] < 110
    rows = np.flatnonzero(band.any(axis=1))
    runs = np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1)
    assert len(runs) == 2  # two MRZ lines
    for run in runs:
        height_mm = (run[-1] - run[0] + 1) * 25.4 / 300
        assert 2.2 <= height_mm <= 2.7
    centre_gap_mm = (runs[1].mean() - runs[0].mean()) * 25.4 / 300
    assert 3.8 <= centre_gap_mm <= 4.8
    cols = np.flatnonzero(band[runs[1][0] : runs[1][-1] + 1].any(axis=0))
    span_mm = (cols[-1] - cols[0]) * 25.4 / 300
    assert 43 * 2.54 < span_mm < 44 * 2.54  # 44 characters on a 2.54 mm pitch


def _chars_matched(read_lines: list[str], expected: str) -> int:
    """Characters of `expected` found in order in the best-aligned OCR line (insertions cost 0,
    drops and substitutions cost 1 each)."""
    return max(
        (
            sum(
                block.size
                for block in difflib.SequenceMatcher(
                    None, got, expected, autojunk=False
                ).get_matching_blocks()
            )
            for got in read_lines
        ),
        default=0,
    )


@pytest.mark.tesseract
def test_tesseract_reads_the_mrz_band() -> None:
    config = "--psm 6 -c tessedit_char_whitelist=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
    for seed in range(5):
        sample = passport(seed, today=TODAY)
        left, top, right, bottom = mrz_box(sample.dpi)
        crop = sample.pages[0][top:bottom, left:right]
        read = [
            line.replace(" ", "")
            for line in pytesseract.image_to_string(crop, config=config).splitlines()
            if line.strip()
        ]
        correct = sum(_chars_matched(read, sample.truth[key]) for key in ("mrz_line1", "mrz_line2"))
        assert correct >= 80, (seed, read)


# --- determinism --------------------------------------------------------------------------------


def test_same_seed_gives_identical_pixels_and_other_seeds_differ() -> None:
    a, b = passport(11, dpi=150, today=TODAY), passport(11, dpi=150, today=TODAY)
    assert np.array_equal(a.pages[0], b.pages[0]) and a.truth == b.truth
    c1, c2 = (
        contract(11, language="fr", dpi=100, pages=2),
        contract(11, language="fr", dpi=100, pages=2),
    )
    assert all(np.array_equal(x, y) for x, y in zip(c1.pages, c2.pages, strict=True))
    assert c1.text_pages == c2.text_pages
    d1, d2 = diploma(11, language="de", dpi=100), diploma(11, language="de", dpi=100)
    assert np.array_equal(d1.pages[0], d2.pages[0])

    assert passport(12, dpi=72, today=TODAY).truth != a.truth
    assert contract(12, language="fr", dpi=72).truth != c1.truth
    assert diploma(12, language="de", dpi=72).truth != d1.truth


# --- contracts ---------------------------------------------------------------------------------


def test_enterprise_numbers_pass_the_mod97_check() -> None:
    for seed in range(100):
        number = contract(seed, dpi=36).truth["employer_enterprise_number"]
        assert re.fullmatch(r"0\d{3}\.\d{3}\.\d{3}", number)
        digits = number.replace(".", "")
        assert int(digits[8:]) == 97 - int(digits[:8]) % 97


def test_contract_truth_values_are_plausible() -> None:
    open_ended = 0
    periods = set()
    bounds = {"month": (2800, 7500), "year": (40000, 95000), "hour": (18, 55)}
    for seed in range(90):
        truth = contract(seed, language=LANGUAGES[seed % 4], dpi=36).truth
        assert set(truth) - {"joint_committee"} == {
            "employer_name",
            "employer_enterprise_number",
            "employee_name",
            "job_title",
            "gross_salary",
            "salary_period",
            "currency",
            "start_date",
            "end_date",
            "employee_birth_date",
        }
        born = date.fromisoformat(truth["employee_birth_date"])
        assert 18 <= (date.fromisoformat(truth["start_date"]) - born).days // 365 <= 70
        assert truth.get("joint_committee", "200") in {"200", "124", "111", "302", "330", "140"}
        assert truth["currency"] == "EUR"
        assert re.fullmatch(r"\d+\.\d\d", truth["gross_salary"])
        low, high = bounds[truth["salary_period"]]
        assert low <= float(truth["gross_salary"]) <= high
        periods.add(truth["salary_period"])
        assert re.search(r"\b(NV|BV|SA|SRL|BVBA)$", truth["employer_name"])
        if truth["end_date"]:
            assert date.fromisoformat(truth["end_date"]) > date.fromisoformat(truth["start_date"])
        else:
            open_ended += 1
    assert periods == {"month", "year", "hour"}
    assert 18 <= open_ended <= 42  # about a third of 90


@pytest.mark.parametrize("language", LANGUAGES)
def test_contract_page_shows_every_field_with_its_label(language: str) -> None:
    sample = contract(5, language=language, dpi=100)
    truth, text = sample.truth, sample.text_pages[0]
    words = labels(language)
    colon = " :" if language == "fr" else ":"
    assert f"{words['employer']}{colon} {truth['employer_name']}\n" in text
    assert f"{words['enterprise']}{colon} {truth['employer_enterprise_number']}\n" in text
    assert f"{words['employee']}{colon} {truth['employee_name']}\n" in text
    assert f"{words['job']}{colon} {truth['job_title']}\n" in text
    assert f"{words['salary']}{colon} " in text and "EUR" in text
    page = sample.pages[0]
    assert page.shape == (round(297 * 100 / 25.4), round(210 * 100 / 25.4))
    assert 0.005 < (page < 128).mean() < 0.2  # black text on white, not blank, not a smear


def test_contract_start_and_end_lines_in_dutch() -> None:
    for seed in range(30):
        sample = contract(seed, language="nl", dpi=36)
        start = date.fromisoformat(sample.truth["start_date"])
        assert f"Begindatum: {start:%d/%m/%Y}\n" in sample.text_pages[0]
        if sample.truth["end_date"]:
            end = date.fromisoformat(sample.truth["end_date"])
            assert f"Einddatum: {end:%d/%m/%Y}\n" in sample.text_pages[0]
            assert "voor bepaalde tijd" in sample.text_pages[0]
        else:
            assert "Einddatum: onbepaalde duur\n" in sample.text_pages[0]
            assert "voor onbepaalde tijd" in sample.text_pages[0]


def test_multi_page_contract_continues_body_with_footers() -> None:
    sample = contract(2, language="nl", dpi=72, pages=3)
    assert len(sample.pages) == len(sample.text_pages) == 3
    for number, text in enumerate(sample.text_pages, start=1):
        assert text.rstrip().endswith(f"Pagina {number}/3")
    assert "Artikel" in sample.text_pages[1] and "Artikel" in sample.text_pages[2]
    assert "Werkgever:" not in sample.text_pages[1]
    with pytest.raises(ValueError):
        contract(2, pages=4)
    with pytest.raises(ValueError):
        contract(2, language="es")


def test_local_number_and_date_formats() -> None:
    assert amount(425000, "nl") == "4.250,00"
    assert amount(425000, "de") == "4.250,00"
    assert amount(425000, "fr") == "4 250,00"
    assert amount(425000, "en") == "4,250.00"
    assert amount(2345, "nl") == "23,45"
    assert numeric_date(date(2027, 3, 1), "de") == "01.03.2027"
    assert numeric_date(date(2027, 3, 1), "fr") == "01/03/2027"
    assert long_date(date(2019, 6, 30), "en") == "30 June 2019"
    assert long_date(date(2019, 6, 1), "fr") == "1er juin 2019"
    assert long_date(date(2019, 6, 30), "de") == "30. Juni 2019"
    assert long_date(date(2019, 6, 30), "nl") == "30 juni 2019"


# --- diplomas ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "award_words"),
    [("en", "Awarded on"), ("nl", "Uitgereikt op"), ("fr", "Délivré le"), ("de", "Verliehen am")],
)
def test_diploma_text_carries_the_truth(language: str, award_words: str) -> None:
    sample = diploma(8, language=language, dpi=72)
    truth, text = sample.truth, sample.text_pages[0]
    assert set(truth) == {"holder_name", "institution", "degree", "award_date"}
    for key in ("holder_name", "institution", "degree"):
        assert f"{truth[key]}\n" in text
    awarded = date.fromisoformat(truth["award_date"])
    assert f"{award_words} {long_date(awarded, language)}" in text
    assert len(sample.pages) == 1 and sample.pages[0].shape[1] > sample.pages[0].shape[0]


# --- writers -----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_born_digital_pdf_text_layer_reads_back(language: str) -> None:
    sample = contract(4, language=language, dpi=36, pages=2)
    reader = PdfReader(io.BytesIO(born_digital_pdf(sample.text_pages)))
    assert len(reader.pages) == 2
    assert [round(float(v)) for v in reader.pages[0].mediabox] == [0, 0, 595, 842]
    text = reader.pages[0].extract_text()
    for key in ("employer_name", "job_title", "employee_name", "employer_enterprise_number"):
        assert sample.truth[key] in text
    label = labels(language)["employer"]
    assert f"{label}{' :' if language == 'fr' else ':'} {sample.truth['employer_name']}" in text
    footer = {"nl": "Pagina", "fr": "Page", "en": "Page", "de": "Seite"}[language]
    assert f"{footer} 2/2" in reader.pages[1].extract_text()


def test_born_digital_pdf_keeps_winansi_accents() -> None:
    reader = PdfReader(io.BytesIO(born_digital_pdf(["Numéro d'entreprise: Noël Müller ç ë (x)"])))
    assert "Numéro d'entreprise: Noël Müller ç ë (x)" in reader.pages[0].extract_text()


def test_scanned_pdf_has_one_image_per_page_at_scan_size() -> None:
    pages = contract(6, language="en", dpi=100, pages=2).pages
    pdf = pikepdf.open(io.BytesIO(scanned_pdf(pages, 100)))
    assert len(pdf.pages) == 2
    for page, original in zip(pdf.pages, pages, strict=True):
        images = list(page.get_images().values())
        assert len(images) == 1 and isinstance(images[0], pikepdf.Stream)
        assert images[0].Filter == pikepdf.Name.DCTDecode
        extracted = pikepdf.PdfImage(images[0]).as_pil_image()
        assert extracted.size == (original.shape[1], original.shape[0])
        width_pt, height_pt = float(page.mediabox[2]), float(page.mediabox[3])
        assert width_pt == pytest.approx(original.shape[1] * 72 / 100, abs=0.01)
        assert height_pt == pytest.approx(original.shape[0] * 72 / 100, abs=0.01)
    assert not PdfReader(io.BytesIO(scanned_pdf(pages, 100))).pages[0].extract_text().strip()


def test_tiff_has_every_page_and_the_resolution() -> None:
    pages = contract(6, language="de", dpi=72, pages=3).pages
    with Image.open(io.BytesIO(to_tiff(pages, 72))) as tiff:
        frames = [frame.copy() for frame in ImageSequence.Iterator(tiff)]
        assert len(frames) == 3
        for frame, page in zip(frames, pages, strict=True):
            assert tuple(round(float(v)) for v in frame.info["dpi"]) == (72, 72)
            assert np.array_equal(np.asarray(frame), page)


def test_png_and_jpeg_record_dpi() -> None:
    page = passport(1, dpi=150, today=TODAY).pages[0]
    with Image.open(io.BytesIO(to_png(page, 150))) as png:
        assert tuple(round(float(v)) for v in png.info["dpi"]) == (150, 150)
        assert np.array_equal(np.asarray(png), page)
    with Image.open(io.BytesIO(to_jpeg(page, 150, quality=80))) as jpg:
        assert jpg.format == "JPEG" and jpg.mode == "L"
        assert tuple(round(float(v)) for v in jpg.info["dpi"]) == (150, 150)


# --- distortions -------------------------------------------------------------------------------


def test_rotate_90_keeps_all_ink_and_turns_counter_clockwise() -> None:
    page = diploma(3, language="en", dpi=72).pages[0]
    turned = rotate(page, 90)
    assert turned.shape == (page.shape[1], page.shape[0])
    assert abs(_dark(turned) - _dark(page)) <= 0.01 * _dark(page)

    marker = np.full((40, 60), 255, dtype=np.uint8)
    marker[15:25, 50:60] = 0  # a block at the right edge
    up = rotate(marker, 90)
    ys, xs = np.nonzero(up < 128)
    assert ys.max() < 15 and 15 <= xs.mean() <= 25  # counter-clockwise: right edge goes to top


def test_small_rotation_expands_canvas_with_white_corners() -> None:
    page = passport(4, dpi=100, today=TODAY).pages[0]
    tilted = rotate(page, 7)
    assert tilted.shape[0] > page.shape[0] and tilted.shape[1] > page.shape[1]
    assert tilted[0, 0] == tilted[-1, -1] == 255
    assert abs(_dark(tilted) - _dark(page)) <= 0.05 * _dark(page)


def test_distortions_are_pure_and_behave() -> None:
    page = passport(5, dpi=100, today=TODAY).pages[0]
    before = page.copy()
    blurred = gaussian_blur(page, 2.0)
    smeared = motion_blur(page, 15, angle=0.0)
    compressed = jpeg(page, 20)
    darker = exposure(page, 0.5, 10)
    smaller = rescale(page, 0.5)
    assert np.array_equal(page, before)
    for out in (blurred, smeared, compressed, darker, smaller):
        assert out.dtype == np.uint8 and out.ndim == 2
    assert (
        np.abs(np.diff(blurred.astype(int), axis=1)).mean()
        < np.abs(np.diff(page.astype(int), axis=1)).mean()
    )
    assert not np.array_equal(compressed, page) and compressed.shape == page.shape
    assert np.array_equal(darker, np.clip(np.rint(page * 0.5 + 10), 0, 255).astype(np.uint8))
    assert exposure(np.array([[250]], dtype=np.uint8), 2.0, 0)[0, 0] == 255
    assert smaller.shape == (round(page.shape[0] / 2), round(page.shape[1] / 2))
    with pytest.raises(ValueError):
        gaussian_blur(page.astype(np.float32), 1.0)


def test_motion_blur_smears_along_its_angle_only() -> None:
    dot = np.full((41, 41), 255, dtype=np.uint8)
    dot[20, 20] = 0
    horizontal = motion_blur(dot, 11, angle=0.0)
    vertical = motion_blur(dot, 11, angle=90.0)
    assert (horizontal[20] < 255).sum() >= 9 and (horizontal[:, 20] < 255).sum() == 1
    assert (vertical[:, 20] < 255).sum() >= 9 and (vertical[20] < 255).sum() == 1


def test_crop_drops_a_fraction_of_one_side() -> None:
    page = passport(5, dpi=100, today=TODAY).pages[0]
    before = page.copy()
    h, w = page.shape
    assert np.array_equal(crop(page, "left", 0.25), page[:, round(w * 0.25) :])
    assert np.array_equal(crop(page, "right", 0.25), page[:, : w - round(w * 0.25)])
    assert np.array_equal(crop(page, "top", 0.1), page[round(h * 0.1) :])
    assert np.array_equal(crop(page, "bottom", 0.1), page[: h - round(h * 0.1)])
    assert np.array_equal(crop(page, "left", 0.0), page)
    assert crop(page, "top", 0.3).flags.c_contiguous
    assert np.array_equal(page, before)
    for side, fraction in (("middle", 0.1), ("left", 1.0), ("left", -0.1)):
        with pytest.raises(ValueError):
            crop(page, side, fraction)


def test_cut_corner_drops_the_two_sides_that_meet_there() -> None:
    img = (np.arange(100 * 80).reshape(100, 80) % 251).astype(np.uint8)
    assert np.array_equal(cut_corner(img, "top-right", 0.25, 0.1), img[10:, :60])
    assert np.array_equal(cut_corner(img, "bottom-left", 0.25), img[:75, 20:])
    assert np.array_equal(cut_corner(img, "top-left", 0.5, 0.5), img[50:, 40:])
    assert np.array_equal(cut_corner(img, "bottom-right", 0.1, 0.2), img[:80, :72])
    with pytest.raises(ValueError):
        cut_corner(img, "centre", 0.1)


def test_glare_saturates_an_ellipse_and_fades_out_around_it() -> None:
    img = np.full((200, 300), 120, np.uint8)
    out = glare(img, 150, 100, 40, 20)
    assert (img == 120).all()  # the input is left alone
    assert out[100, 150] == out[100, 189] == out[119, 150] == 255  # inside the core
    assert 120 < out[130, 150] < 255  # 1.5 semi-axes out: half-way faded
    assert out[100, 231] == out[141, 150] == 120  # beyond twice the semi-axes: untouched
    assert (out >= img).all()
    assert (out == 255).sum() == pytest.approx(np.pi * 40 * 20, rel=0.05)
    turned = glare(img, 150, 100, 40, 20, angle=90.0)  # the long axis now runs vertically
    assert turned[139, 150] == 255 and turned[100, 180] < 255
    assert glare(img, 0, 0, 30, 30)[0, 0] == 255  # a highlight may run off the image
    with pytest.raises(ValueError):
        glare(img, 150, 100, 0, 20)


def test_phone_photo_shows_the_whole_page_on_a_darker_desk() -> None:
    page = contract(3, language="en", dpi=100).pages[0]
    before = page.copy()
    photo = phone_photo(page, 7)
    assert np.array_equal(page, before)
    assert photo.shape == page.shape and photo.dtype == np.uint8
    assert np.array_equal(photo, phone_photo(page, 7))
    assert not np.array_equal(photo, phone_photo(page, 8))
    h, w = photo.shape
    border = np.concatenate(
        [photo[: h // 100].ravel(), photo[-(h // 100) :].ravel(),
         photo[:, : w // 100].ravel(), photo[:, -(w // 100) :].ravel()]
    )  # fmt: skip
    assert np.percentile(border, 99) < 160  # desk all round: the page is inside the frame
    centre = photo[h // 3 : 2 * h // 3, w // 3 : 2 * w // 3]
    assert np.median(centre) > 180  # lit paper in the middle...
    assert np.percentile(photo, 99.9) < 250  # ...that the exposure does not clip
    assert _dark(photo) > 0.5 * _dark(page)  # and the text is still on it


# --- command line ------------------------------------------------------------------------------


def test_cli_writes_demo_set_with_truth(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert synth_main([str(tmp_path), "--count", "1", "--seed", "3"]) == 0
    manifest = json.loads((tmp_path / "truth.json").read_text())
    written = {p.name for p in tmp_path.iterdir()} - {"truth.json"}
    assert set(manifest) == written
    assert {Path(name).suffix for name in written} == {".png", ".pdf", ".jpg", ".tiff"}
    distortions = {json.dumps(entry["distortion"]) for entry in manifest.values()}
    assert '{"op": "gaussian_blur", "sigma": 4.0}' in distortions
    assert '{"op": "rotate", "degrees": 7.0}' in distortions
    tiff = next(name for name in written if name.endswith(".tiff"))
    assert manifest[tiff]["pages"] == 2
    assert "truth.json" in capsys.readouterr().out
