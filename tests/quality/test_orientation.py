"""Page orientation on generated documents turned by known quarter turns, and its undoing."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from benchmarks import synth
from benchmarks.synth.idcard import id_card as synth_id_card
from quality.content import half_scale, ink_mask
from quality.orientation import (
    ROTATIONS,
    estimate_orientation,
    orientation_from_ink,
    upright,
)
from quality.skew import skew_from_ink
from tests.support.scans import (
    blank_page,
    contract_page,
    diploma_page,
    id_card,
    passport_page,
    text_page,
)


@lru_cache(maxsize=4)
def id_card_scan(seed: int) -> np.ndarray:
    """Front and back of an ID card on an A4 scan, the back with a TD1 or TD2 MRZ."""
    page = synth_id_card(seed, fmt="TD1" if seed % 2 else "TD2").pages[0]
    page.setflags(write=False)
    return page


PAGES: dict[str, Callable[[int], np.ndarray]] = {
    "contract": contract_page,
    "diploma": diploma_page,
    "passport": passport_page,
    "id card": id_card_scan,
}


def turned(page: np.ndarray, rotation: int) -> np.ndarray:
    """The page turned counter-clockwise (as seen) by `rotation` degrees."""
    return np.ascontiguousarray(np.rot90(page, rotation // 90))


@pytest.mark.parametrize("rotation", ROTATIONS)
@pytest.mark.parametrize("kind", sorted(PAGES))
def test_each_document_type_is_found_at_each_rotation(kind: str, rotation: int) -> None:
    for seed in (40, 41):
        found = estimate_orientation(turned(PAGES[kind](seed), rotation))
        assert found.rotation == rotation, found.cues
        assert found.confidence > 0.5, found.cues


@pytest.mark.parametrize("rotation", ROTATIONS)
@pytest.mark.parametrize("make", [text_page, id_card])
def test_other_text_pages_and_cards_are_found_at_each_rotation(
    make: Callable[[int], np.ndarray], rotation: int
) -> None:
    found = estimate_orientation(turned(make(42), rotation))
    assert found.rotation == rotation, found.cues


@pytest.mark.parametrize("rotation", ROTATIONS)
@pytest.mark.parametrize("kind", sorted(PAGES))
def test_residual_skew_of_3_degrees_is_tolerated(kind: str, rotation: int) -> None:
    """Orientation is decided on pages that have not been deskewed yet."""
    skew = 3.0 if rotation in (0, 180) else -3.0
    found = estimate_orientation(synth.rotate(turned(PAGES[kind](43), rotation), skew))
    assert found.rotation == rotation, found.cues


@pytest.mark.parametrize("rotation", [90, 270])
def test_jpeg_at_200_dpi_is_found(rotation: int) -> None:
    for make in (contract_page, passport_page):
        page = synth.jpeg(synth.rescale(turned(make(44), rotation), 2 / 3), 70)
        assert estimate_orientation(page).rotation == rotation


def test_rotation_follows_the_screen_convention_of_skew() -> None:
    """Content turned with cv2.getRotationMatrix2D(centre, +90, 1), counter-clockwise as
    seen, like a skew of +90 degrees, has rotation 90."""
    found = estimate_orientation(synth.rotate(passport_page(45), 90.0))
    assert found.rotation == 90, found.cues


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_measure_path_agrees(rotation: int) -> None:
    """From the half-scale ink mask and skew that `quality.gate.measure` computes anyway."""
    for make in (contract_page, passport_page):
        ink = ink_mask(half_scale(turned(make(46), rotation)))
        assert orientation_from_ink(ink, skew_from_ink(ink)).rotation == rotation


@pytest.mark.parametrize("rotation", ROTATIONS)
def test_upright_undoes_the_rotation_found(rotation: int) -> None:
    page = contract_page(47)
    scan = turned(page, rotation)
    back = upright(scan, estimate_orientation(scan).rotation)
    assert np.array_equal(back, page)
    assert back.flags.c_contiguous and not np.shares_memory(back, scan)


@settings(max_examples=60, deadline=None)
@given(arrays(np.uint8, st.tuples(st.integers(1, 40), st.integers(1, 40))), st.integers(0, 3))
def test_upright_round_trips_exactly(img: np.ndarray, k: int) -> None:
    assert np.array_equal(upright(np.rot90(img, k), 90 * k), img)


def test_upright_turns_colour_images_too() -> None:
    img = np.arange(2 * 3 * 3, dtype=np.uint8).reshape(2, 3, 3)
    assert np.array_equal(upright(np.rot90(img, 3), 270), img)


@pytest.mark.parametrize("rotation", [45, -90, 360, 1])
def test_upright_rejects_other_angles(rotation: int) -> None:
    with pytest.raises(ValueError):
        upright(np.zeros((4, 4), np.uint8), rotation)


def test_blank_page_is_upright_with_zero_confidence() -> None:
    for page in (blank_page(48), np.full((3508, 2480), 255, np.uint8)):
        found = estimate_orientation(page)
        assert found.rotation == 0
        assert found.confidence == 0.0


@settings(max_examples=60, deadline=None)
@given(arrays(np.uint8, st.tuples(st.integers(8, 64), st.integers(8, 64))))
def test_small_images_never_raise(img: np.ndarray) -> None:
    found = estimate_orientation(img)
    assert found.rotation in ROTATIONS
    assert 0.0 <= found.confidence <= 1.0


@pytest.mark.parametrize("shape", [(8, 8), (8, 2000), (2000, 8), (9, 13), (8, 20000)])
def test_thin_and_tiny_pages_never_raise(shape: tuple[int, int]) -> None:
    rng = np.random.default_rng(49)
    for img in (np.zeros(shape, np.uint8), rng.integers(0, 256, shape).astype(np.uint8)):
        found = estimate_orientation(img)
        assert found.rotation in ROTATIONS
        assert 0.0 <= found.confidence <= 1.0


@pytest.mark.parametrize(
    "bad",
    [
        np.zeros((100, 100), np.float32),
        np.zeros((100, 100), np.uint16),
        np.zeros((100, 100, 3), np.uint8),
        np.zeros(100, np.uint8),
        [[0, 255], [255, 0]],
    ],
)
def test_bad_input_is_rejected(bad: object) -> None:
    with pytest.raises(ValueError):
        estimate_orientation(bad)  # type: ignore[arg-type]
