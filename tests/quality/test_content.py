"""Ink, edge ink and the resolution estimate on pages whose content is known by construction."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from benchmarks import synth
from quality import QualityThresholds
from quality.content import edge_ink, half_scale, ink_fraction, ink_mask
from quality.resolution import effective_dpi, estimate_dpi, plausible_metadata_dpi
from tests.support.scans import (
    blank_page,
    contract_page,
    cut_off,
    diploma_page,
    passport_page,
    text_page,
)


def page_ink(img: np.ndarray) -> np.ndarray:
    return ink_mask(half_scale(img))


def test_ink_mask_finds_drawn_marks_and_nothing_else() -> None:
    img = np.full((300, 400), 230, np.uint8)
    img[100:110, 50:350] = 40  # a bar of 3000 px
    img[200:204, 100:104] = 200  # too faint to be ink: 30 levels below the paper
    mask = ink_mask(img)
    assert mask[100:110, 50:350].all()
    assert mask.sum() == 3000


def test_ink_is_found_on_dark_and_washed_out_pages_too() -> None:
    page = contract_page(20)
    normal = ink_fraction(page_ink(page))
    for gain, offset in ((0.3, 0.0), (0.3, 180.0)):
        degraded = ink_fraction(page_ink(synth.exposure(page, gain, offset)))
        assert degraded > 0.3 * normal


def test_blank_page_has_almost_no_ink_and_a_text_page_has_a_lot() -> None:
    assert ink_fraction(page_ink(blank_page(21))) < 1e-4
    assert 0.02 < ink_fraction(page_ink(text_page(0))) < 0.25
    assert 0.01 < ink_fraction(page_ink(contract_page(21))) < 0.25
    assert 0.01 < ink_fraction(page_ink(passport_page(21))) < 0.25


def test_tinted_card_background_is_not_ink() -> None:
    """The passport's security tint and the white bed differ by ~25 grey levels: only the
    print on it counts, so ink stays well below the card's share of the page (~80%)."""
    assert ink_fraction(page_ink(passport_page(22))) < 0.2


def test_pages_with_white_margins_have_no_edge_ink() -> None:
    pages = (contract_page(23), passport_page(23), diploma_page(23), text_page(0))
    for page in (*pages, synth.rotate(contract_page(23), 8.0)):
        assert edge_ink(page_ink(page)) == 0.0


@pytest.mark.parametrize("side", ["left", "right", "top", "bottom"])
def test_text_cut_at_the_edge_shows_as_edge_ink(side: str) -> None:
    """Cutting 20% off a page with 25 mm margins (12% of the width, 8% of the height)
    always goes through the text block."""
    assert edge_ink(page_ink(cut_off(text_page(0), side, 0.2))) > 0.15


def test_a_rule_along_the_border_is_whole_until_it_reaches_the_border() -> None:
    """A frame line near the edge of a page whose blank margin was cropped is not a cut; the
    same line on the border is the frame itself cut through."""
    mask = np.zeros((1000, 800), bool)
    mask[100:900, 5:7] = True
    assert edge_ink(mask) == 0.0
    mask[100:900, 0:2] = True
    assert edge_ink(mask) == pytest.approx(0.8)


def test_the_desk_around_a_photographed_page_is_not_ink() -> None:
    """The desk is a dark surface, not print: a photo of a whole page shows no cut, and a
    photo of a blank sheet stays blank."""
    assert edge_ink(page_ink(synth.phone_photo(contract_page(24), 3))) == 0.0
    blank = synth.phone_photo(blank_page(24), 3)
    assert ink_fraction(page_ink(blank)) < QualityThresholds().min_ink_fraction


def test_a_punch_hole_does_not_make_a_blank_page_written_on() -> None:
    """A 6 mm hole 12 mm from the edge, the dark scanner lid seen through it."""
    page = blank_page(28).copy()
    cv2.circle(page, (142, 1754), 35, 60, -1, cv2.LINE_AA)
    assert ink_fraction(page_ink(page)) < QualityThresholds().min_ink_fraction


def test_a_speck_at_the_border_is_not_a_cut() -> None:
    """A mark cut by the border counts over at least MIN_CUT_MARK of the side (6 of 1000
    positions here), a larger one over its own extent: one speck stays below the default
    threshold."""
    mask = np.zeros((1000, 800), bool)
    mask[500:503, 0:4] = True
    assert edge_ink(mask) == pytest.approx(6 / 1000)
    mask[500:508, 0:4] = True
    assert edge_ink(mask) == pytest.approx(8 / 1000)
    assert edge_ink(mask) < QualityThresholds().max_edge_ink


@pytest.mark.parametrize("dpi", [150, 200, 300, 600])
def test_dpi_estimate_from_text_height_is_within_25_percent(dpi: int) -> None:
    estimate = estimate_dpi(contract_page(25, dpi=dpi))
    assert estimate is not None
    assert estimate == pytest.approx(dpi, rel=0.25)


@pytest.mark.parametrize("dpi", [200, 300])
def test_dpi_estimate_on_passports_ignores_small_print(dpi: int) -> None:
    estimate = estimate_dpi(passport_page(26, dpi=dpi))
    assert estimate is not None
    assert estimate == pytest.approx(dpi, rel=0.3)


def test_blurred_text_barely_moves_the_dpi_estimate() -> None:
    page = contract_page(25)
    sharp, blurred = estimate_dpi(page), estimate_dpi(synth.gaussian_blur(page, 3.0))
    assert sharp is not None and blurred is not None
    assert blurred == pytest.approx(sharp, rel=0.2)


def test_no_text_no_dpi_estimate() -> None:
    assert estimate_dpi(blank_page(27)) is None


def test_metadata_dpi_is_used_only_when_plausible() -> None:
    a4_at_300 = (3508, 2480)
    assert plausible_metadata_dpi(300, a4_at_300) == 300
    assert plausible_metadata_dpi(None, a4_at_300) is None
    assert plausible_metadata_dpi(30, (300, 200)) is None  # below 50 dpi
    assert plausible_metadata_dpi(2400, a4_at_300) is None  # above 1200 dpi
    assert plausible_metadata_dpi(72, a4_at_300) is None  # would be a 1.2 m poster


def test_effective_dpi_falls_back_to_the_estimate() -> None:
    page = contract_page(25)
    assert effective_dpi(300, page) == (300, True)
    dpi, from_metadata = effective_dpi(72, page)
    assert not from_metadata
    assert dpi == pytest.approx(300, rel=0.25)
