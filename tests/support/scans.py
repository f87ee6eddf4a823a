"""Synthetic scans for the quality tests, made so that each defect is known by construction.

Contracts, diplomas, passport data pages and the scan defects (blur, rotation, JPEG,
exposure, rescaling) come from the shared generator `benchmarks.synth`. Made here: a dense
text page (body text from margin to margin, so that any cut goes through text), an ID card
seen through scanner optics (softer than the generator's crisp renders), a blank page, and
the defects the generator has no function for (cut-off, glare). Text is rendered with
Pillow's bundled scalable font at a given resolution, so physical sizes hold: body text is
10.5 pt, whose x-height is about 1.9 mm. Builders are cached and return read-only arrays:
tests derive new images from them and never change them in place.
"""

from __future__ import annotations

from functools import lru_cache

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from benchmarks import synth

A4_MM = (210.0, 297.0)
ID3_MM = (125.0, 88.0)
PAPER = 244
INK = 28

_WORDS = [
    "de", "het", "een", "werkgever", "arbeidsovereenkomst", "werknemer", "loon", "uren",
    "artikel", "partijen", "the", "employer", "agrees", "to", "pay", "monthly", "salary",
    "contract", "term", "notice", "period", "duties", "Brussel", "Antwerpen", "Gent", "2024",
    "EUR", "3.250,00", "bruto", "per", "maand", "volgens", "bijlage", "van", "permit",
    "application", "diploma", "master", "engineering", "faculty", "university", "awarded",
]  # fmt: skip


def mm_to_px(mm: float, dpi: float) -> int:
    return round(mm / 25.4 * dpi)


def _frozen(img: np.ndarray) -> np.ndarray:
    img.setflags(write=False)
    return img


def _font(size_pt: float, dpi: float) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=max(4, round(size_pt * dpi / 72.0)))


def _scanner(canvas: Image.Image, rng: np.random.Generator) -> np.ndarray:
    """Optical blur of a good flatbed (sigma 0.6 px) plus sensor noise."""
    img = np.asarray(canvas, dtype=np.float32)
    img = cv2.GaussianBlur(img, (0, 0), 0.6)
    img += rng.normal(0.0, 2.0, img.shape).astype(np.float32)
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


@lru_cache(maxsize=16)
def text_page(seed: int, dpi: int = 300, n_lines: int = 48) -> np.ndarray:
    """An A4 contract-like page: a heading and paragraphs of 10.5 pt body text set in a
    25 mm margin, so every side has white paper between the text and the page edge."""
    rng = np.random.default_rng(seed)
    w, h = mm_to_px(A4_MM[0], dpi), mm_to_px(A4_MM[1], dpi)
    canvas = Image.new("L", (w, h), PAPER)
    draw = ImageDraw.Draw(canvas)
    margin = mm_to_px(25, dpi)
    font = _font(10.5, dpi)
    draw.text(
        (margin, margin), "ARBEIDSOVEREENKOMST / EMPLOYMENT CONTRACT", fill=INK, font=_font(16, dpi)
    )
    step = mm_to_px(10.5 * 0.3528 * 1.45, dpi)
    y = margin + 3 * step
    for i in range(n_lines):
        if y > h - margin - step:
            break
        if i % 9 != 8:
            x = float(margin)
            while True:
                word = str(rng.choice(_WORDS))
                width = draw.textlength(word + " ", font=font)
                if x + width > w - margin:
                    break
                draw.text((x, y), word, fill=INK, font=font)
                x += width
        y += step
    return _frozen(_scanner(canvas, rng))


@lru_cache(maxsize=32)
def passport_page(seed: int, dpi: int = 300) -> np.ndarray:
    """A passport data page on a white scanner bed, from the shared generator."""
    return _frozen(synth.passport(seed, dpi=dpi).pages[0])


@lru_cache(maxsize=32)
def contract_page(seed: int, dpi: int = 300) -> np.ndarray:
    """Page one of an employment contract (A4 portrait), from the shared generator."""
    return _frozen(synth.contract(seed, dpi=dpi).pages[0])


@lru_cache(maxsize=16)
def diploma_page(seed: int, dpi: int = 300) -> np.ndarray:
    """A diploma (A4 landscape, large type, framed), from the shared generator."""
    return _frozen(synth.diploma(seed, dpi=dpi).pages[0])


@lru_cache(maxsize=8)
def id_card(seed: int, dpi: int = 300) -> np.ndarray:
    """An ID-3 card on a white bed seen through scanner optics (unlike the crisp generator
    pages): tinted background, a photo with soft shading, small labels and grey values."""
    rng = np.random.default_rng(seed)
    cw, ch = mm_to_px(ID3_MM[0], dpi), mm_to_px(ID3_MM[1], dpi)
    m = mm_to_px(12, dpi)
    yy, xx = np.mgrid[0:ch, 0:cw].astype(np.float32)
    period = mm_to_px(1.2, dpi)
    wave = 8.0 * np.sin(2 * np.pi * (xx + 6 * np.sin(yy / (4 * period))) / period)
    img = Image.new("L", (cw + 2 * m, ch + 2 * m), PAPER)
    img.paste(Image.fromarray(np.clip(212 + wave, 0, 255).astype(np.uint8)), (m, m))
    draw = ImageDraw.Draw(img)
    draw.rectangle((m, m, m + cw - 1, m + ch - 1), outline=120, width=mm_to_px(0.3, dpi))
    px, py = m + mm_to_px(5, dpi), m + mm_to_px(14, dpi)
    pw, ph = mm_to_px(32, dpi), mm_to_px(42, dpi)
    fy, fx = np.mgrid[0:ph, 0:pw].astype(np.float32)
    face = ((fx - pw / 2) / (pw * 0.32)) ** 2 + ((fy - ph * 0.45) / (ph * 0.33)) ** 2
    photo = np.where(face < 1.0, 150 - 40 * face, 225 - 0.4 * fy)
    photo[fy > ph * 0.78] = 70
    img.paste(Image.fromarray(np.clip(photo, 0, 255).astype(np.uint8)), (px, py))
    draw.text((px, m + mm_to_px(4, dpi)), "PASSPORT / PASPOORT", fill=INK, font=_font(11, dpi))
    y = py
    for key in ("Surname", "Given names", "Nationality", "Date of birth", "Place of birth"):
        draw.text((px + pw + mm_to_px(6, dpi), y), key, fill=90, font=_font(6, dpi))
        value = " ".join(str(rng.choice(_WORDS)).upper() for _ in range(2))
        draw.text(
            (px + pw + mm_to_px(6, dpi), y + mm_to_px(2.4, dpi)),
            value,
            fill=INK,
            font=_font(9, dpi),
        )
        y += mm_to_px(7, dpi)
    letters = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<<<<"))
    for k in range(2):
        draw.text(
            (px, m + ch - mm_to_px(14 - 6 * k, dpi)),
            "".join(rng.choice(letters, 44)),
            fill=INK,
            font=_font(10, dpi),
        )
    return _frozen(_scanner(img, rng))


@lru_cache(maxsize=4)
def blank_page(seed: int, dpi: int = 300) -> np.ndarray:
    """Empty A4 paper as a scanner sees it: paper tone, noise and a few dust specks."""
    rng = np.random.default_rng(seed)
    w, h = mm_to_px(A4_MM[0], dpi), mm_to_px(A4_MM[1], dpi)
    canvas = Image.new("L", (w, h), PAPER)
    draw = ImageDraw.Draw(canvas)
    for _ in range(6):
        x, y = int(rng.integers(0, w - 3)), int(rng.integers(0, h - 3))
        draw.ellipse((x, y, x + 2, y + 2), fill=120)
    return _frozen(_scanner(canvas, rng))


def cut_off(img: np.ndarray, side: str, fraction: float) -> np.ndarray:
    """Drop `fraction` of the image on one side, as when the document overhangs the glass."""
    h, w = img.shape
    dy, dx = round(h * fraction), round(w * fraction)
    crops = {
        "left": img[:, dx:],
        "right": img[:, : w - dx],
        "top": img[dy:, :],
        "bottom": img[: h - dy, :],
    }
    return np.ascontiguousarray(crops[side])


def add_glare(img: np.ndarray, cx: float, cy: float, radius: float) -> np.ndarray:
    """A specular highlight: saturated disc of `radius` px fading out over another radius."""
    h, w = img.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    boost = np.clip(2.0 - np.hypot(xx - cx, yy - cy) / radius, 0.0, 1.0)
    out = img.astype(np.float32) * (1 - boost) + 255.0 * boost
    return np.clip(out, 0, 255).astype(np.uint8)
