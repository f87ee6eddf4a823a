"""ID and residence cards (TD1, TD2 MRZ) scanned front and back on an A4 page."""

from __future__ import annotations

from datetime import date

import pytest

from benchmarks import synth
from benchmarks.synth.idcard import id_card
from intake.pipeline import process_file
from intake.rules.policy import load_policy
from intake.settings import DEFAULT_THRESHOLDS_FILE
from ocr.engines.tesseract import TesseractEngine
from ocr.fields.passport import REQUIRED
from ocr.mrz.parse import parse_mrz

TODAY = date(2026, 11, 29)


@pytest.mark.parametrize(("fmt", "seed"), [(f, s) for f in ("TD1", "TD2") for s in range(12)])
def test_generated_zones_are_valid_icao(fmt: str, seed: int) -> None:
    sample = id_card(seed, fmt=fmt, today=TODAY)  # type: ignore[arg-type]
    parsed = parse_mrz(sample.truth["mrz"].split("\n"), TODAY)
    assert parsed is not None and parsed.format == fmt and parsed.check_digits_ok
    assert {n: parsed.fields[n].value for n in REQUIRED} == {n: sample.truth[n] for n in REQUIRED}


def test_belgian_card_numbers_run_on_into_the_optional_data() -> None:
    sample = id_card(0, fmt="TD1", today=TODAY)
    line1 = sample.truth["mrz"].split("\n")[0]
    number = sample.truth["document_number"]
    assert len(number) == 12 and line1[14] == "<"  # the number's check digit moved on
    assert line1[15:18] == number[9:]


@pytest.mark.tesseract
@pytest.mark.parametrize(("fmt", "seed"), [("TD1", 1), ("TD1", 2), ("TD2", 3), ("TD2", 23)])
def test_card_scan_is_read_into_an_id_card_document(fmt: str, seed: int) -> None:
    sample = id_card(seed, fmt=fmt, today=TODAY)  # type: ignore[arg-type]
    policy = load_policy(DEFAULT_THRESHOLDS_FILE)
    result = process_file(
        synth.to_png(sample.pages[0], sample.dpi), policy, TesseractEngine(), today=TODAY
    )
    assert result.status == "accepted", result
    (document,) = result.documents
    assert document.type == "id_card"
    assert f"{fmt} machine-readable zone found" in document.cues
    assert {n: document.fields[n].value for n in REQUIRED} == {n: sample.truth[n] for n in REQUIRED}
    assert all(c.ok for c in document.checks)


@pytest.mark.tesseract
def test_bundle_of_passport_and_card_gives_two_documents(passport_sample: synth.Sample) -> None:
    card = id_card(4, fmt="TD1", today=TODAY)
    pdf = synth.scanned_pdf([passport_sample.pages[0], card.pages[0]], 300)
    result = process_file(pdf, load_policy(DEFAULT_THRESHOLDS_FILE), TesseractEngine(), today=TODAY)
    assert [(d.type, d.pages) for d in result.documents] == [("passport", (0,)), ("id_card", (1,))]
    assert result.documents[1].fields["document_number"].value == card.truth["document_number"]
