"""Compare a glyph image with OCR-B, the typeface every MRZ is printed in.

Check digits cannot always tell which of two look-alikes (S/5, S/8, ...) is
right: sometimes two readings satisfy every check digit. Then the glyph
itself is compared with both characters rendered in OCR-B. Without the font
(Debian package fonts-ocr-b) there is no evidence and the ambiguity stays
unresolved, which is the safe outcome.
"""

from __future__ import annotations

from functools import lru_cache

import cv2
import numpy as np

from ocr.engines.fonts import ocrb_font
from ocr.mrz.geometry import DESCENT

MRZ_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
_SIZE = 24  # side of the normalised glyph square
# Smoothing relative to the glyph height, so print sharpness and scan blur matter less.
_SMOOTHING = 0.7 / 34


def scores(cell: np.ndarray) -> dict[str, float]:
    """Correlation (-1..1) of a grey cell image with every MRZ character in OCR-B.

    `cell` is cut as `Grid.cell` cuts it, relative to its MRZ row: glyph
    heights differ (0 is taller than O, Q reaches below the line), and that
    is kept. Empty without evidence (no font, no contrast).
    """
    templates = _templates()
    glyph = _normalise(cell)
    if templates is None or glyph is None:
        return {}
    chars, matrix = templates
    vector = glyph.ravel() - glyph.mean()
    norm = float(np.linalg.norm(vector))
    if norm == 0:
        return {}
    return dict(zip(chars, (matrix @ vector / norm).tolist(), strict=True))


def _normalise(gray: np.ndarray) -> np.ndarray | None:
    """Ink density (0..1), cut to the ink columns, scaled to the fixed height, centred."""
    if gray.size == 0:
        return None
    pixels = gray.astype(np.float32)
    paper, ink_level = np.percentile(pixels, 95), np.percentile(pixels, 5)
    if paper - ink_level < 30:
        return None
    ink = np.clip((paper - pixels) / (paper - ink_level), 0, 1)
    ink = cv2.GaussianBlur(ink, (0, 0), _SMOOTHING * gray.shape[0])
    columns = np.nonzero(ink.max(axis=0) > 0.5)[0]
    if len(columns) == 0:
        return None
    box = ink[:, columns.min() : columns.max() + 1]
    width = min(_SIZE, max(1, round(box.shape[1] * _SIZE / box.shape[0])))
    glyph = cv2.resize(box, (width, _SIZE), interpolation=cv2.INTER_AREA)
    canvas = np.zeros((_SIZE, _SIZE), np.float32)
    left = (_SIZE - width) // 2
    canvas[:, left : left + width] = glyph
    return canvas


@lru_cache(maxsize=1)
def _templates() -> tuple[str, np.ndarray] | None:
    """All MRZ characters rendered in OCR-B, as centred unit vectors (one row each)."""
    from PIL import Image, ImageDraw, ImageFont

    path = ocrb_font()
    if path is None:
        return None
    font = ImageFont.truetype(str(path), 96)
    rows = []
    for char in MRZ_CHARS:
        image = Image.new("L", (160, 160), 255)
        draw = ImageDraw.Draw(image)
        draw.text((30, 10), char, fill=0, font=font)
        # Cut the way an MRZ cell is: from the top of the digits (the tallest glyphs) to
        # DESCENT below the baseline.
        _, top, _, bottom = draw.textbbox((30, 10), "0", font=font)
        glyph = _normalise(np.asarray(image)[top : bottom + round(DESCENT * (bottom - top))])
        assert glyph is not None
        vector = glyph.ravel() - glyph.mean()
        rows.append(vector / np.linalg.norm(vector))
    return MRZ_CHARS, np.stack(rows)
