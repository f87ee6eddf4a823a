"""Exposure levels and glare on images whose grey levels are known by construction."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from benchmarks import synth
from quality.exposure import glare_fraction, histogram, measure_exposure, percentile
from tests.support.scans import (
    add_glare,
    contract_page,
    diploma_page,
    id_card,
    passport_page,
)


@settings(max_examples=100, deadline=None)
@given(arrays(np.uint8, st.integers(1, 5000)), st.floats(0.0, 100.0))
def test_histogram_percentile_agrees_with_numpy(pixels: np.ndarray, q: float) -> None:
    """The smallest level with at least q% of pixels at or below it: numpy's 'inverted_cdf'."""
    expected = np.percentile(pixels, q, method="inverted_cdf")
    assert percentile(histogram(pixels), q) == expected


def test_levels_of_a_two_tone_page() -> None:
    """8% ink at 30 on paper at 235: brightness is the weighted mean, the 5th percentile is
    the ink, the 95th the paper."""
    img = np.full((400, 400), 235, np.uint8)
    img[::25, :] = 30
    img[1::25, :] = 30
    levels = measure_exposure(img)
    assert levels.brightness == pytest.approx(0.08 * 30 + 0.92 * 235, abs=0.5)
    assert levels.dark_level == 30
    assert levels.bright_level == 235
    assert levels.contrast == 205


def test_ink_level_is_taken_over_content_tiles_only() -> None:
    """1.6% ink on the whole page is below the 5th percentile, but a quarter of the tiles
    that hold it: given the content grid, the dark level is the ink."""
    img = np.full((512, 512), 240, np.uint8)
    img[0:16, 0:256] = 20  # a band of ink in the top-left 64 x 64 tiles
    content = np.zeros((8, 8), bool)
    content[0, :4] = True
    assert measure_exposure(img).dark_level == 240
    assert measure_exposure(img, content).dark_level == 20


def test_dark_and_washed_out_pages_move_the_levels_the_way_they_were_made() -> None:
    page = contract_page(10)
    normal, dark = measure_exposure(page), measure_exposure(synth.exposure(page, 0.3, 0))
    washed = measure_exposure(synth.exposure(page, 0.3, 180))
    assert dark.brightness == pytest.approx(0.3 * normal.brightness, abs=2)
    assert washed.dark_level == pytest.approx(0.3 * normal.dark_level + 180, abs=2)
    assert washed.contrast < 0.35 * normal.contrast


def test_white_paper_and_white_margins_are_not_glare() -> None:
    assert glare_fraction(np.full((800, 600), 255, np.uint8)) == 0.0
    assert glare_fraction(contract_page(11)) == 0.0
    assert glare_fraction(diploma_page(11)) == 0.0
    assert glare_fraction(passport_page(11)) == 0.0
    assert glare_fraction(synth.exposure(passport_page(11), 1.0, 40)) == 0.0


@pytest.mark.parametrize("make", [passport_page, id_card])
def test_highlight_on_a_tinted_card_is_glare_of_its_size(make: Callable[..., np.ndarray]) -> None:
    card = make(12)
    h, w = card.shape
    radius = 0.08 * min(h, w)
    glared = add_glare(card, 0.55 * w, 0.5 * h, radius)
    saturated_disc = np.pi * radius**2 / (h * w)
    assert glare_fraction(glared) == pytest.approx(saturated_disc, rel=0.5)


def test_small_speck_is_not_glare() -> None:
    card = passport_page(13)
    h, w = card.shape
    assert glare_fraction(add_glare(card, w / 2, h / 2, 3)) == 0.0
