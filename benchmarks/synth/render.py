"""Shared drawing helpers: physical units to pixels, fonts, text layout.

Documents are laid out in millimetres and points, like the paper originals, and converted to
pixels only here, so every generator renders correctly at any scan resolution.
"""

from __future__ import annotations

import math
import random
from functools import lru_cache
from pathlib import Path

from PIL import ImageDraw, ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
# Only the files of Debian's fonts-dejavu-core, which the Makefile installs.
SANS = FONT_DIR / "DejaVuSans.ttf"
SANS_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
SERIF = FONT_DIR / "DejaVuSerif.ttf"
SERIF_BOLD = FONT_DIR / "DejaVuSerif-Bold.ttf"
# The "Sharp" cut of OCR-B (butt stroke ends, as MRZ printers produce). Tesseract's stock LSTM
# model merges runs of round-ended '<' fillers from OCRB.otf and drops a tenth of them.
OCR_B = Path("/usr/share/fonts/opentype/ocr-b/OCRBS.otf")

Font = ImageFont.FreeTypeFont


def mm(value: float, dpi: int) -> int:
    """Millimetres to whole pixels at `dpi`."""
    return round(value * dpi / 25.4)


def pt(value: float, dpi: int) -> int:
    """Typographic points (1/72 inch) to a pixel font size at `dpi`."""
    return max(1, round(value * dpi / 72))


@lru_cache(maxsize=128)
def font(path: Path, size_px: int) -> Font:
    """Load a font once per size; FreeType loading dominates small renders otherwise."""
    return ImageFont.truetype(str(path), size_px)


def wrap(text: str, face: Font, width_px: int) -> list[str]:
    """Greedy word wrap to a pixel width, as a word processor would break the paragraph."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and face.getlength(candidate) > width_px:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def text_centered(
    draw: ImageDraw.ImageDraw, centre_x: int, top: int, text: str, face: Font, fill: int = 0
) -> None:
    """Draw `text` horizontally centred on `centre_x` with its ascender line at `top`."""
    draw.text((centre_x - face.getlength(text) / 2, top), text, font=face, fill=fill)


def scribble(rng: random.Random, box: tuple[int, int, int, int]) -> list[tuple[float, float]]:
    """A smooth scribble: a few random loops of a sine curve, like a hurried signature."""
    left, top, right, bottom = box
    freqs = [rng.uniform(2, 9) for _ in range(3)]
    phases = [rng.uniform(0, 2 * math.pi) for _ in range(3)]
    points = []
    for i in range(80):
        t = i / 79
        wobble = sum(math.sin(f * t * math.pi * 2 + p) for f, p in zip(freqs, phases, strict=True))
        x = left + (right - left) * (t + 0.04 * math.sin(t * 40))
        points.append((x, (top + bottom) / 2 + (bottom - top) / 6 * wobble))
    return points
