"""Skew estimates on pages turned by known angles, and deskewing them back."""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np
import pytest

from benchmarks import synth
from quality import deskew, estimate_skew
from tests.support.scans import contract_page, diploma_page, passport_page


@pytest.mark.parametrize("angle", [-14.0, -6.3, -0.7, -0.0, 0.0, 0.4, 2.25, 9.8, 15.0])
def test_skew_of_a_rotated_text_page(angle: float) -> None:
    page = contract_page(30)
    turned = synth.rotate(page, angle) if angle else page
    assert estimate_skew(turned) == pytest.approx(angle, abs=0.3)


@pytest.mark.parametrize("angle", [-11.5, -1.2, 3.7, 13.0])
@pytest.mark.parametrize("make", [passport_page, diploma_page])
def test_skew_of_a_rotated_passport_and_diploma(
    make: Callable[..., np.ndarray], angle: float
) -> None:
    assert estimate_skew(synth.rotate(make(31), angle)) == pytest.approx(angle, abs=0.3)


def test_sign_follows_opencv_rotation_matrix() -> None:
    """Content turned with cv2.getRotationMatrix2D(centre, +a, 1) has skew +a (counter-
    clockwise as seen), without an expanded canvas in between."""
    page = np.ascontiguousarray(contract_page(32))
    h, w = page.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), 4.0, 1.0)
    turned = cv2.warpAffine(page, matrix, (w, h), borderValue=255)
    assert estimate_skew(turned) == pytest.approx(4.0, abs=0.3)


@pytest.mark.parametrize("angle", [30.0, -38.0])
def test_large_skew_is_found_within_45_degrees(angle: float) -> None:
    assert estimate_skew(synth.rotate(contract_page(33), angle)) == pytest.approx(angle, abs=0.5)


def test_page_on_its_side_has_no_skew() -> None:
    """Lines running vertically are a 90 degree orientation, not a skew."""
    on_side = np.ascontiguousarray(np.rot90(contract_page(34)))
    assert estimate_skew(on_side) == pytest.approx(0.0, abs=0.3)


@pytest.mark.parametrize("angle", [-7.5, 4.0])
def test_deskewed_page_has_no_skew_left(angle: float) -> None:
    turned = synth.rotate(contract_page(35), angle)
    straight = deskew(turned, estimate_skew(turned))
    assert estimate_skew(straight) == pytest.approx(0.0, abs=0.3)


def test_deskew_grows_the_canvas_and_fills_it_white() -> None:
    page = np.full((400, 300), 128, np.uint8)
    out = deskew(page, 10.0)
    rad = np.deg2rad(10.0)
    assert out.shape[1] == pytest.approx(300 * np.cos(rad) + 400 * np.sin(rad), abs=1)
    assert out.shape[0] == pytest.approx(300 * np.sin(rad) + 400 * np.cos(rad), abs=1)
    assert out[0, 0] == 255 and out[-1, -1] == 255
    assert out[out.shape[0] // 2, out.shape[1] // 2] == 128


def test_deskew_by_zero_is_the_same_image() -> None:
    page = contract_page(36)
    out = deskew(page, 0.0)
    assert np.array_equal(out, page)
    assert out is not page


def test_blank_page_has_no_skew() -> None:
    assert estimate_skew(np.full((500, 400), 240, np.uint8)) == 0.0
