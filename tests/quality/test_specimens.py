"""The gate on real specimen passports from another project (tests/resources/README.md).

Screenshots and web exports of ICAO specimens carry 96 dpi in their metadata though their MRZ
characters are 24-29 px apart (240-290 dpi); a photographed data page fills the frame. None
of that is a defect. What is a defect stays one: a page whose MRZ is a few pixels tall, a
heavily blurred page however it is turned, an MRZ cut by the edge.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from intake.pipeline import process_file
from intake.rules.policy import Policy, load_policy
from intake.settings import DEFAULT_THRESHOLDS_FILE
from intake.split import SplitLimits, split
from ocr.engines.tesseract import TesseractEngine
from quality import QualityReport, evaluate, measure

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
# The specimens expired in 2012-2018; read them as of a day they were valid on.
SPECIMEN_DAY = date(2010, 1, 1)


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(DEFAULT_THRESHOLDS_FILE)


def _page(name: str) -> tuple[np.ndarray, float | None]:
    (page,) = split((RESOURCES / name).read_bytes(), SplitLimits()).pages
    return page.image, page.dpi


def _gate(image: np.ndarray, dpi: float | None, policy: Policy) -> QualityReport:
    return evaluate(measure(image, dpi), policy.thresholds_for("passport"))


def _codes(report: QualityReport) -> list[str]:
    return [r.code for r in report.reasons]


@pytest.mark.parametrize(
    ("name", "mrz_dpi"),
    [
        ("passporteye-passport-td3.png", 241),
        ("passporteye-passport-td3.jpg", 241),
        ("passporteye-passport-td2.png", 292),
        ("passporteye-100_pass-bdr.jpg", 375),
        ("passporteye-100_pass-lux.jpg", 328),
    ],
)
def test_specimens_pass_the_gate_at_the_resolution_their_mrz_shows(
    name: str, mrz_dpi: float, policy: Policy
) -> None:
    image, dpi = _page(name)
    report = _gate(image, dpi, policy)
    assert report.passed, _codes(report)
    assert report.metrics.mrz_rows == 2
    assert report.metrics.dpi == pytest.approx(mrz_dpi, rel=0.05)
    if dpi is not None and dpi < 100:  # a 72 or 96 dpi label that the MRZ contradicts
        assert report.metrics.dpi_source == "mrz"


def test_a_document_filling_the_frame_is_not_cropped_though_its_print_runs_off(
    policy: Policy,
) -> None:
    image, dpi = _page("passporteye-100_pass-bdr.jpg")
    report = _gate(image, dpi, policy)
    assert report.metrics.edge_ink > policy.thresholds_for("passport").max_edge_ink
    assert report.metrics.edge_text is not None
    assert report.metrics.edge_text <= policy.thresholds_for("passport").max_edge_ink
    assert report.passed


def test_a_specimen_whose_mrz_is_a_few_pixels_tall_is_low_resolution(policy: Policy) -> None:
    image, dpi = _page("passporteye-27_pass-gbr.jpg")  # 272 x 185 px: MRZ pitch ~5.5 px
    report = _gate(image, dpi, policy)
    assert "low_resolution" in _codes(report)
    assert report.metrics.dpi is not None and report.metrics.dpi < 80


def test_the_same_specimen_shrunk_to_a_third_is_low_resolution(policy: Policy) -> None:
    image, _ = _page("passporteye-passport-td3.png")
    small = cv2.resize(image, None, fx=1 / 3, fy=1 / 3, interpolation=cv2.INTER_AREA)
    report = _gate(small, 96.0, policy)
    assert "low_resolution" in _codes(report)


@pytest.mark.parametrize("fill", [0, 255])
@pytest.mark.parametrize("angle", [10.0, -10.0])
@pytest.mark.parametrize("name", ["passporteye-passport-td3.png", "passporteye-100_pass-bdr.jpg"])
def test_a_heavily_blurred_specimen_turned_on_any_canvas_is_blurry(
    name: str, angle: float, fill: int, policy: Policy
) -> None:
    image, dpi = _page(name)
    blurred = cv2.GaussianBlur(image, (0, 0), 5.0)
    turned = np.asarray(
        Image.fromarray(blurred).rotate(
            angle, expand=True, fillcolor=fill, resample=Image.Resampling.BICUBIC
        )
    )
    for metadata in (dpi, None):
        assert "blurry" in _codes(_gate(turned, metadata, policy))


@pytest.mark.parametrize("rows_kept", [1.5, 0.6])
def test_a_specimen_cut_through_its_mrz_is_cropped(rows_kept: float, policy: Policy) -> None:
    image, dpi = _page("passporteye-passport-td3.png")
    # The second MRZ row's characters sit at y 728-752; cut through it from below.
    bottom = 728 + round(24 * (rows_kept - 1)) if rows_kept > 1 else 740
    report = _gate(image[:bottom], dpi, policy)
    assert "cropped" in _codes(report)


def test_a_specimen_cut_at_the_side_through_its_mrz_is_cropped(policy: Policy) -> None:
    image, dpi = _page("passporteye-passport-td3.png")
    report = _gate(image[:, : image.shape[1] - 200], dpi, policy)  # the MRZ's last 8 cells
    assert "cropped" in _codes(report)


@pytest.mark.tesseract
@pytest.mark.parametrize(
    ("name", "truth"),
    [
        # As printed in the MRZ of each specimen (ICAO 9303's own example document).
        (
            "passporteye-passport-td3.png",
            {"document_number": "L898902C3", "surname": "ERIKSSON", "given_names": "ANNA MARIA",
             "nationality": "UTO", "date_of_birth": "1974-08-12", "sex": "F",
             "expiry_date": "2012-04-15", "issuing_state": "UTO"},
        ),
        (
            "passporteye-passport-td3.jpg",
            {"document_number": "L898902C3", "surname": "ERIKSSON", "given_names": "ANNA MARIA",
             "nationality": "UTO", "date_of_birth": "1974-08-12", "sex": "F",
             "expiry_date": "2012-04-15", "issuing_state": "UTO"},
        ),
        (
            "passporteye-passport-td2.png",
            {"document_number": "D23145890", "surname": "ERIKSSON", "given_names": "ANNA MARIA",
             "nationality": "UTO", "date_of_birth": "1974-08-12", "sex": "F",
             "expiry_date": "2012-04-15", "issuing_state": "UTO"},
        ),
    ],
)  # fmt: skip
def test_specimens_are_read_through_the_pipeline(
    name: str, truth: dict[str, str], policy: Policy
) -> None:
    result = process_file(
        (RESOURCES / name).read_bytes(), policy, TesseractEngine(), today=SPECIMEN_DAY
    )
    (page,) = result.pages
    assert page.quality.verdict == "pass", [r.code for r in page.quality.reasons]
    (document,) = result.documents
    assert {k: document.fields[k].value for k in truth} == truth
    assert {c.code: c.ok for c in document.checks}["mrz_check_digits"] is True
    assert result.status == "accepted"


def test_a_well_exposed_specimen_on_a_dark_desk_is_not_too_dark(policy: Policy) -> None:
    image, dpi = _page("passporteye-passport-td3.png")
    h, w = image.shape
    desk = np.full((2 * h, 2 * w), 30, np.uint8)
    desk[h // 2 : h // 2 + h, w // 2 : w // 2 + w] = image
    assert float(desk.mean()) < policy.thresholds_for("passport").min_brightness
    report = _gate(desk, dpi, policy)
    assert "too_dark" not in _codes(report)
    dark = (image.astype(np.float32) * 0.3).astype(np.uint8)
    assert "too_dark" in _codes(_gate(dark, dpi, policy))
