"""Focus measures: the Laplacian against OpenCV's, and blur scores on pages blurred on purpose."""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from benchmarks import synth
from quality import QualityThresholds, blur_score, laplacian_variance, motion_blur_ratio
from tests.support.scans import (
    contract_page,
    diploma_page,
    id_card,
    passport_page,
    text_page,
)

DEFAULTS = QualityThresholds()
PageMaker = Callable[..., np.ndarray]


def opencv_laplacian_variance(img: np.ndarray) -> float:
    return float(cv2.Laplacian(img, cv2.CV_64F)[1:-1, 1:-1].var())


@settings(max_examples=300, deadline=None)
@given(arrays(np.uint8, st.tuples(st.integers(3, 300), st.integers(3, 300))))
def test_laplacian_variance_equals_opencv_on_random_images(img: np.ndarray) -> None:
    expected = opencv_laplacian_variance(img)
    assert laplacian_variance(img) == pytest.approx(expected, rel=1e-6, abs=1e-9)


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 2**32 - 1), st.floats(0.0, 4.0), st.integers(130, 400))
def test_laplacian_variance_equals_opencv_on_smooth_images(
    seed: int, sigma: float, rows: int
) -> None:
    """Smooth images have small Laplacians, where cancellation would show; more rows than
    one processing block, so the block seams are covered."""
    noise = np.random.default_rng(seed).integers(0, 256, (rows, 97), dtype=np.uint8)
    img = cv2.GaussianBlur(noise, (0, 0), sigma) if sigma > 0.05 else noise
    expected = opencv_laplacian_variance(img)
    assert laplacian_variance(img) == pytest.approx(expected, rel=1e-6, abs=1e-9)


def test_laplacian_variance_equals_opencv_on_a_full_page() -> None:
    page = text_page(0)
    assert laplacian_variance(page) == pytest.approx(opencv_laplacian_variance(page), rel=1e-6)


def test_laplacian_variance_of_a_flat_image_is_zero() -> None:
    assert laplacian_variance(np.full((50, 40), 200, np.uint8)) == 0.0


@pytest.mark.parametrize(
    "bad",
    [np.zeros((10, 10), np.float32), np.zeros((10, 10, 3), np.uint8), np.zeros((2, 10), np.uint8)],
)
def test_laplacian_variance_rejects_what_it_cannot_measure(bad: np.ndarray) -> None:
    with pytest.raises(ValueError):
        laplacian_variance(bad)


def test_blur_score_falls_as_blur_grows() -> None:
    page = contract_page(1)
    scores = [blur_score(synth.gaussian_blur(page, s), 300) for s in (0, 1, 2, 3)]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] > 10 * scores[3]


@pytest.mark.parametrize("make", [contract_page, passport_page, diploma_page, id_card])
def test_default_threshold_passes_sigma_1_and_rejects_sigma_3(make: PageMaker) -> None:
    page = make(2)
    assert blur_score(synth.gaussian_blur(page, 1.0), 300) >= DEFAULTS.min_blur
    assert blur_score(synth.gaussian_blur(page, 3.0), 300) < DEFAULTS.min_blur


@pytest.mark.parametrize("make", [contract_page, passport_page, diploma_page])
def test_same_page_at_200_and_600_dpi_scores_as_sharp(make: PageMaker) -> None:
    at_300 = blur_score(make(3, dpi=300), 300)
    for dpi in (200, 600):
        score = blur_score(make(3, dpi=dpi), dpi)
        assert score >= DEFAULTS.min_blur
        assert at_300 / 3 < score < at_300 * 3


def test_600_dpi_scan_is_judged_at_300_dpi() -> None:
    """Blur of 2 px at 600 dpi is 1 px at the reference: it must score like sigma 1 at 300,
    not like sigma 2 at 300 (which it would without the rescale)."""
    page_600 = contract_page(3, dpi=600)
    page_300 = contract_page(3, dpi=300)
    at_600 = blur_score(synth.gaussian_blur(page_600, 2.0), 600)
    sigma_1 = blur_score(synth.gaussian_blur(page_300, 1.0), 300)
    sigma_2 = blur_score(synth.gaussian_blur(page_300, 2.0), 300)
    assert abs(np.log(at_600 / sigma_1)) < abs(np.log(at_600 / sigma_2))


def test_mostly_white_page_is_judged_on_its_text() -> None:
    full = text_page(0)
    sparse = full.copy()
    sparse[900:] = np.median(full)  # keep the heading and one paragraph only
    assert blur_score(sparse, 300) == pytest.approx(blur_score(full, 300), rel=0.5)
    assert blur_score(synth.gaussian_blur(sparse, 3.0), 300) < DEFAULTS.min_blur


def test_sharp_photo_does_not_hide_blurred_text() -> None:
    page = synth.gaussian_blur(text_page(0), 3.0)
    photo = np.random.default_rng(6).integers(0, 256, (900, 700), dtype=np.uint8)
    page[1200:2100, 900:1600] = photo  # a sharp, busy picture over a fifth of the text
    assert blur_score(page, 300) < DEFAULTS.min_blur


def test_page_without_ink_scores_zero() -> None:
    assert blur_score(np.full((600, 500), 240, np.uint8), 300) == 0.0


@pytest.mark.parametrize("angle", [0.0, 30.0, 45.0, 90.0, 135.0, 160.0])
@pytest.mark.parametrize("make", [contract_page, passport_page, diploma_page])
def test_motion_blur_of_20_px_breaks_the_directional_balance(make: PageMaker, angle: float) -> None:
    """Diplomas included: their large type is mostly vertical stems and horizontal bars,
    which a diagonal smear blurs alike; the few edges along the smear still give it away."""
    smeared = synth.motion_blur(make(7), 20, angle)
    assert motion_blur_ratio(smeared, 300) < DEFAULTS.min_motion_blur_ratio


@pytest.mark.parametrize("make", [contract_page, passport_page, diploma_page, text_page])
def test_sharp_and_defocused_pages_keep_their_directional_balance(make: PageMaker) -> None:
    page = make(8)
    assert motion_blur_ratio(page, 300) >= DEFAULTS.min_motion_blur_ratio
    defocused = synth.gaussian_blur(page, 1.0)
    assert motion_blur_ratio(defocused, 300) >= DEFAULTS.min_motion_blur_ratio
