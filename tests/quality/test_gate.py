"""The whole gate: known defects get the reason they were made with, clean scans pass."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import cv2
import numpy as np
import pytest

from benchmarks import synth
from quality import QualityMetrics, QualityReport, QualityThresholds, evaluate, measure
from quality.messages import MESSAGES
from tests.support.scans import (
    add_glare,
    blank_page,
    contract_page,
    cut_off,
    diploma_page,
    id_card,
    passport_page,
    text_page,
)

DEFAULTS = QualityThresholds()


def judge(img: np.ndarray, dpi: float | None = 300) -> QualityReport:
    return evaluate(measure(img, dpi), DEFAULTS)


def codes(report: QualityReport) -> list[str]:
    return [reason.code for reason in report.reasons]


@pytest.mark.parametrize("dpi", [200, 300, 600])
def test_sharp_text_pages_and_passports_pass(dpi: int) -> None:
    for page in (contract_page(40, dpi), passport_page(40, dpi), diploma_page(40, dpi)):
        report = judge(page, dpi)
        assert report.passed, codes(report)


@pytest.mark.parametrize("quality", [70, 90])
def test_jpeg_compressed_scans_pass(quality: int) -> None:
    for page in (contract_page(41), passport_page(41), diploma_page(41), id_card(41)):
        assert judge(synth.jpeg(page, quality)).passed


def test_sharp_page_without_metadata_passes() -> None:
    report = judge(contract_page(42), None)
    assert report.passed, codes(report)
    assert report.metrics.dpi == pytest.approx(300, rel=0.25)


def test_mild_blur_passes_and_strong_blur_is_rejected_as_blurry() -> None:
    for page in (contract_page(43), passport_page(43), diploma_page(43), id_card(43)):
        assert judge(synth.gaussian_blur(page, 1.0)).passed
        assert codes(judge(synth.gaussian_blur(page, 3.0))) == ["blurry"]


@pytest.mark.parametrize("angle", [0.0, 60.0, 100.0])
def test_motion_blur_of_20_px_is_rejected_as_blurry(angle: float) -> None:
    for page in (contract_page(44), passport_page(44)):
        assert codes(judge(synth.motion_blur(page, 20, angle))) == ["blurry"]


def test_blank_page_is_only_a_blank_page() -> None:
    report = judge(blank_page(45))
    assert codes(report) == ["blank_page"]
    assert report.reasons[0].value < report.reasons[0].threshold


@pytest.mark.parametrize("side", ["left", "bottom"])
def test_page_cut_through_its_text_is_cropped(side: str) -> None:
    assert codes(judge(cut_off(text_page(0), side, 0.2))) == ["cropped"]


def test_passport_cut_through_its_machine_readable_zone_is_cropped() -> None:
    """The page is the 88 mm card plus 6 mm margins; the second MRZ line spans 86.7-89.1 mm
    from the top of the page (ICAO line centre 81.9 mm + margin), so a cut at 88 mm halves it."""
    page = passport_page(46)
    h = page.shape[0]
    assert "cropped" in codes(judge(page[: round(88 / 100 * h)]))


def test_dark_page_is_too_dark_and_not_called_blurry() -> None:
    for page in (contract_page(47), passport_page(47), diploma_page(47)):
        assert codes(judge(synth.exposure(page, 0.3, 0))) == ["too_dark"]


def test_washed_out_page_is_too_bright() -> None:
    for page in (contract_page(48), passport_page(48), diploma_page(48)):
        assert codes(judge(synth.exposure(page, 0.3, 180))) == ["too_bright"]


def test_heavy_blur_that_also_lifts_the_ink_level_is_still_called_blurry() -> None:
    for page in (contract_page(49), passport_page(49)):
        blurred = synth.gaussian_blur(page, 6.0)
        assert "blurry" in codes(judge(blurred))
        washed = synth.exposure(page, 0.3, 180)
        assert "blurry" not in codes(judge(washed))


def test_moderately_dim_page_passes() -> None:
    assert judge(synth.exposure(contract_page(48), 0.6, 0)).passed


def test_glare_on_a_passport_is_rejected() -> None:
    page = passport_page(49)
    h, w = page.shape
    assert codes(judge(add_glare(page, 0.6 * w, 0.45 * h, 0.08 * h))) == ["glare"]


def test_strong_skew_is_rejected_but_moderate_skew_passes() -> None:
    page = contract_page(50)
    assert judge(synth.rotate(page, 8.0)).passed
    report = judge(synth.rotate(page, 38.0))
    assert codes(report) == ["skewed"]
    assert report.reasons[0].value == pytest.approx(38.0, abs=0.5)


def test_page_scanned_at_100_dpi_has_too_low_a_resolution() -> None:
    page = contract_page(51, dpi=100)
    assert "low_resolution" in codes(judge(page, 100))
    assert "low_resolution" in codes(judge(page, None))


@pytest.mark.parametrize(
    "bad",
    [
        np.zeros((100, 100), np.float64),
        np.zeros((100, 100, 3), np.uint8),
        np.zeros(100, np.uint8),
        np.zeros((4, 100), np.uint8),
    ],
)
def test_measure_rejects_non_grey_images(bad: np.ndarray) -> None:
    with pytest.raises(ValueError):
        measure(bad)


def sample_metrics(**changes: float) -> QualityMetrics:
    fields = dict(
        blur_score=500.0, skew_degrees=1.0, dpi=300.0, width=2480, height=3508,
        brightness=220.0, dark_level=40.0, bright_level=245.0, contrast=205.0,
        ink_fraction=0.08, edge_ink=0.01, glare_fraction=0.001, motion_blur_ratio=0.8,
    )  # fmt: skip
    fields.update(changes)
    return QualityMetrics(**fields)  # type: ignore[arg-type]


# (reason code, metric, threshold field, whether the metric must stay above the threshold)
CHECKS = [
    ("blurry", "blur_score", "min_blur", True),
    ("blurry", "motion_blur_ratio", "min_motion_blur_ratio", True),
    ("low_resolution", "dpi", "min_dpi", True),
    ("too_dark", "brightness", "min_brightness", True),
    ("too_bright", "dark_level", "max_dark_level", False),
    ("low_contrast", "contrast", "min_contrast", True),
    ("blank_page", "ink_fraction", "min_ink_fraction", True),
    ("cropped", "edge_ink", "max_edge_ink", False),
    ("glare", "glare_fraction", "max_glare_fraction", False),
    ("skewed", "skew_degrees", "max_skew_degrees", False),
]


@pytest.mark.parametrize(("code", "metric", "limit", "is_minimum"), CHECKS)
def test_evaluate_holds_each_metric_to_the_threshold_given(
    code: str, metric: str, limit: str, is_minimum: bool
) -> None:
    metrics = sample_metrics()
    value = float(getattr(metrics, metric))
    assert evaluate(metrics, DEFAULTS).passed
    stricter = value * (1.1 if is_minimum else 0.9)
    report = evaluate(metrics, dataclasses.replace(DEFAULTS, **{limit: stricter}))
    assert codes(report) == [code]
    assert report.verdict == "reject"
    assert report.reasons[0].value == pytest.approx(value)
    assert report.reasons[0].threshold == pytest.approx(stricter)


def test_negative_skew_counts_by_its_size() -> None:
    report = evaluate(sample_metrics(skew_degrees=-35.0), DEFAULTS)
    assert codes(report) == ["skewed"]
    assert report.reasons[0].value == 35.0


def test_blank_page_hides_the_checks_that_need_content() -> None:
    metrics = sample_metrics(ink_fraction=0.0, blur_score=0.0, contrast=3.0, dark_level=240.0)
    assert codes(evaluate(metrics, DEFAULTS)) == ["blank_page"]


def test_exposure_failure_hides_blur_but_low_contrast_alone_does_not() -> None:
    dark = sample_metrics(brightness=60.0, contrast=50.0, blur_score=5.0)
    assert codes(evaluate(dark, DEFAULTS)) == ["too_dark"]
    faint = sample_metrics(contrast=50.0, blur_score=5.0)
    assert codes(evaluate(faint, DEFAULTS)) == ["blurry", "low_contrast"]


def test_unknown_resolution_is_not_a_low_resolution() -> None:
    assert evaluate(sample_metrics(dpi=None), DEFAULTS).passed  # type: ignore[arg-type]


def test_every_reason_speaks_english_and_dutch() -> None:
    for code, metric, limit, is_minimum in CHECKS:
        value = float(getattr(sample_metrics(), metric))
        strict = dataclasses.replace(DEFAULTS, **{limit: value * (1.1 if is_minimum else 0.9)})
        reason = evaluate(sample_metrics(), strict).reasons[0]
        assert reason.code == code
        assert reason.message and reason.message_nl and reason.message != reason.message_nl
    english = [en for en, _ in MESSAGES.values()]
    assert len(set(english)) == len(english)


# --- borderline pages: defects of a known strength just inside and just outside the defaults --


def _print(img: np.ndarray, lines: list[tuple[int, int]], text: str) -> np.ndarray:
    """`text` printed at each (x, y) in a plain sans face with capitals ~2.2 mm tall at 300 dpi
    (body-text size); x may be negative, so that the line runs off the left edge."""
    out = img.copy()
    for x, y in lines:
        cv2.putText(out, text, (x, y), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 30, 3, cv2.LINE_AA)
    return out


def _words_on_blank(words: int) -> np.ndarray:
    """A blank scanned sheet with `words` short words printed in its middle."""
    return _print(blank_page(65), [(1000, 1500 + 60 * k) for k in range(words)], "Annex")


def _lines_cut_at_left(lines: int) -> np.ndarray:
    """A paragraph in the middle of an A4 scan, and `lines` lines of body text whose first
    letters are cut off by the left edge of the image."""
    page = _print(blank_page(66), [(900, 1400 + 70 * k) for k in range(6)], "the employer agrees")
    return _print(page, [(-25, 700 + 300 * k) for k in range(lines)], "Werkgever")


def _glare_core(share: float) -> np.ndarray:
    """A passport page with a highlight over its visual zone whose saturated core covers
    `share` of the page; its fade adds about half as much again above the glare level."""
    page = passport_page(64)
    h, w = page.shape
    rx = float(np.sqrt(share * h * w / (np.pi * 0.7)))
    return synth.glare(page, 0.62 * w, 0.42 * h, rx, 0.7 * rx, 20.0)


def _contract_at(dpi: int) -> tuple[np.ndarray, float]:
    """A contract scanned at `dpi`, which its file says."""
    return synth.contract(62, dpi=dpi).pages[0], float(dpi)


Scan = tuple[np.ndarray, float | None]
Make = Callable[[], Scan]


def at_300(img: np.ndarray) -> Scan:
    return img, 300.0


# (reason code, metric, threshold field, whether the metric must stay above the threshold,
#  a scan just on the passing side, one just on the failing side)
BORDERLINE: list[tuple[str, str, str, bool, Make, Make]] = [
    ("blurry", "blur_score", "min_blur", True,
     lambda: at_300(synth.gaussian_blur(passport_page(60), 2.0)),
     lambda: at_300(synth.gaussian_blur(passport_page(60), 2.5))),
    ("blurry", "motion_blur_ratio", "min_motion_blur_ratio", True,
     lambda: at_300(synth.motion_blur(contract_page(61), 7, 0.0)),
     lambda: at_300(synth.motion_blur(contract_page(61), 10, 0.0))),
    ("low_resolution", "dpi", "min_dpi", True,
     lambda: _contract_at(160), lambda: _contract_at(140)),
    ("too_dark", "brightness", "min_brightness", True,
     lambda: at_300(synth.exposure(contract_page(61), 0.42, 0)),
     lambda: at_300(synth.exposure(contract_page(61), 0.38, 0))),
    ("too_bright", "dark_level", "max_dark_level", False,
     lambda: at_300(synth.exposure(contract_page(61), 105 / 255, 150)),
     lambda: at_300(synth.exposure(contract_page(61), 85 / 255, 170))),
    ("low_contrast", "contrast", "min_contrast", True,
     lambda: at_300(synth.exposure(contract_page(61), 0.35, 100)),
     lambda: at_300(synth.exposure(contract_page(61), 0.29, 100))),
    ("blank_page", "ink_fraction", "min_ink_fraction", True,
     lambda: at_300(_words_on_blank(6)), lambda: at_300(_words_on_blank(2))),
    ("cropped", "edge_ink", "max_edge_ink", False,
     lambda: at_300(_lines_cut_at_left(1)), lambda: at_300(_lines_cut_at_left(2))),
    ("glare", "glare_fraction", "max_glare_fraction", False,
     lambda: at_300(_glare_core(0.5 * DEFAULTS.max_glare_fraction)),
     lambda: at_300(_glare_core(1.0 * DEFAULTS.max_glare_fraction))),
    ("skewed", "skew_degrees", "max_skew_degrees", False,
     lambda: at_300(synth.rotate(contract_page(63), 28.0)),
     lambda: at_300(synth.rotate(contract_page(63), 32.0))),
]  # fmt: skip


@pytest.mark.parametrize(
    ("code", "metric", "limit", "is_minimum", "passing", "failing"),
    BORDERLINE,
    ids=[f"{row[0]}-{row[1]}" for row in BORDERLINE],
)
def test_defects_just_inside_and_just_outside_the_default_threshold(
    code: str, metric: str, limit: str, is_minimum: bool, passing: Make, failing: Make
) -> None:
    """Each scan is measured for real; "just" means within a factor 2 of the threshold, and
    on the failing side the threshold's own reason is the only one given."""
    threshold = float(getattr(DEFAULTS, limit))
    good, bad = judge(*passing()), judge(*failing())
    good_value = abs(float(getattr(good.metrics, metric)))
    bad_value = abs(float(getattr(bad.metrics, metric)))
    assert good.passed, codes(good)
    assert codes(bad) == [code]
    assert bad.reasons[0].threshold == pytest.approx(threshold)
    assert bad.reasons[0].value == pytest.approx(bad_value)
    if is_minimum:
        assert threshold <= good_value < 2 * threshold
        assert threshold / 2 < bad_value < threshold
    else:
        assert threshold / 2 < good_value <= threshold
        assert threshold < bad_value < 2 * threshold


def _on_a_dark_desk(page: np.ndarray, level: float, noise: float, seed: int) -> np.ndarray:
    """The page, shrunk to 88 % and turned 3 degrees, photographed on a dark, noisy desk that
    frames it on every side."""
    h, w = page.shape
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), 3.0, 0.88)
    flat = cv2.warpAffine(page, turn, (w, h), borderValue=0).astype(np.float32)
    cover = cv2.warpAffine(np.full_like(page, 255), turn, (w, h), borderValue=0) > 127
    rng = np.random.default_rng(seed)
    desk = level + noise * rng.standard_normal((h, w)).astype(np.float32)
    return np.where(cover, flat, desk).clip(0, 255).astype(np.uint8)


@pytest.mark.parametrize(("level", "noise"), [(45.0, 6.0), (70.0, 9.0)])
def test_a_whole_page_on_a_dark_noisy_desk_is_not_cropped(level: float, noise: float) -> None:
    # The desk's grain along the frame is no content running off the page.
    for page in (contract_page(44), diploma_page(44)):
        report = judge(_on_a_dark_desk(page, level, noise, 44))
        assert "cropped" not in codes(report), report.reasons


def test_text_cut_by_the_frame_is_still_cropped_beside_a_dark_desk() -> None:
    photo = _on_a_dark_desk(contract_page(45), 45.0, 6.0, 45)
    assert "cropped" in codes(judge(photo[:, photo.shape[1] // 3 :]))
