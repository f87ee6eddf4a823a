"""The page pipeline with real Tesseract: gate first, OCR only for pages that pass."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pytest

from benchmarks import synth
from intake.assemble import PageAnalysis
from intake.pipeline import process_file
from intake.rules.policy import Policy, load_policy
from intake.settings import DEFAULT_THRESHOLDS_FILE
from ocr.engines.tesseract import TesseractEngine
from ocr.model import OcrResult
from ocr.mrz.locate import VARIANTS
from tests.support.harness import CountingEngine

pytestmark = pytest.mark.tesseract


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(DEFAULT_THRESHOLDS_FILE)


def test_blurred_page_is_rejected_without_ocr(policy: Policy, blurred_passport_png: bytes) -> None:
    engine = CountingEngine()
    result = process_file(blurred_passport_png, policy, engine)
    assert result.status == "rejected"
    assert [r.code for r in result.pages[0].quality.reasons] == ["blurry"]
    assert engine.calls == 0
    assert result.documents == []


def test_rotated_passport_is_deskewed_and_read(
    policy: Policy, passport_sample: synth.Sample
) -> None:
    rotated = synth.rotate(passport_sample.pages[0], 6.0)
    engine = CountingEngine()
    result = process_file(synth.to_png(rotated, passport_sample.dpi), policy, engine)
    (page,) = result.pages
    assert page.quality.metrics.skew_degrees == pytest.approx(6.0, abs=0.3)
    assert page.skew_applied == pytest.approx(6.0, abs=0.3)
    # The page in Dutch first, then in English; the MRZ band at least twice (a second
    # reading confirms the names, which have no check digit) and in no more variants
    # than there are, though one band was found.
    assert engine.calls - engine.band_calls == 2
    assert 2 <= engine.band_calls <= len(VARIANTS)
    (document,) = result.documents
    assert document.type == "passport"
    assert document.fields["document_number"].value == passport_sample.truth["document_number"]
    assert result.status == "accepted"


def test_expired_passport_needs_review(policy: Policy) -> None:
    sample = synth.passport(seed=3, expired=True)
    result = process_file(
        synth.to_png(sample.pages[0], sample.dpi), policy, TesseractEngine(), today=date.today()
    )
    (document,) = result.documents
    checks = {c.code: c.ok for c in document.checks}
    assert checks["document_expired"] is False
    assert result.status == "needs_review"


def test_blank_page_is_rejected(policy: Policy) -> None:
    blank = np.full((3508, 2480), 250, np.uint8)
    result = process_file(synth.to_png(blank, 300), policy, CountingEngine())
    assert result.status == "rejected"
    assert [r.code for r in result.pages[0].quality.reasons] == ["blank_page"]


@pytest.mark.parametrize(
    ("quarter_turns", "make"),
    [
        (2, lambda: synth.contract(21, language="fr")),
        (1, lambda: synth.passport(22)),
        (3, lambda: synth.diploma(23, language="nl")),
    ],
)
def test_page_scanned_sideways_or_upside_down_is_turned_and_read(
    policy: Policy, quarter_turns: int, make: Any
) -> None:
    sample = make()
    turned = np.ascontiguousarray(np.rot90(synth.rotate(sample.pages[0], 1.5), quarter_turns))
    result = process_file(synth.to_png(turned, sample.dpi), policy, TesseractEngine())
    (page,) = result.pages
    assert page.rotation_applied == 90 * quarter_turns
    assert page.skew_applied == pytest.approx(1.5, abs=0.3)
    (document,) = result.documents
    assert document.type == sample.kind
    first = next(iter(sample.truth))
    assert document.fields[first].value == sample.truth[first]


@dataclass
class BlindEngine:
    """Stands for a Tesseract that finds no text on the page at all."""

    languages: tuple[str, ...] = ("nld", "fra", "deu", "eng")

    def recognize(self, gray: np.ndarray, **_options: Any) -> OcrResult:
        return OcrResult("", source="ocr", mean_confidence=0.0)


def test_a_page_with_mrz_rows_is_an_identity_document_whatever_ocr_reads(
    policy: Policy, passport_png: bytes
) -> None:
    result = process_file(passport_png, policy, BlindEngine())
    (page,) = result.pages
    assert isinstance(page, PageAnalysis)
    assert page.doc_type == "passport"
    assert result.status != "accepted"  # nothing was read: a person looks at it
