"""Synthetic scans for the quality tests, made so that each defect is known by construction.

Pages are rendered with Pillow's bundled scalable font (no system fonts needed) at a given
resolution, so physical sizes hold: body text is 10.5 pt, whose x-height is about 1.9 mm.
A light optical blur and sensor noise make a "clean" page look like a real flatbed scan
rather than a perfect raster. The defect functions mirror `benchmarks.synth` so tests can
switch to it without changing their expectations.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

A4_MM = (210.0, 297.0)
ID3_MM = (125.0, 88.0)
PAPER = 244
INK = 28

_WORDS = (
    "de het een werkgever arbeidsovereenkomst werknemer loon uren artikel partijen "
    "the employer agrees to pay monthly salary contract term notice period duties "
    "Brussel Antwerpen Gent 2024 EUR 3.250,00 bruto per maand volgens bijlage van "
    "permit application diploma master engineering faculty university awarded"
).split()


def mm_to_px(mm: float, dpi: float) -> int:
    return round(mm / 25.4 * dpi)


def _font(size_pt: float, dpi: float) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=max(4, round(size_pt * dpi / 72.0)))


def _scanner(canvas: Image.Image, rng: np.random.Generator) -> np.ndarray:
    """Optical blur of a good flatbed (sigma 0.6 px) plus sensor noise."""
    img = np.asarray(canvas, dtype=np.float32)
    img = cv2.GaussianBlur(img, (0, 0), 0.6)
    img += rng.normal(0.0, 2.0, img.shape).astype(np.float32)
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


def text_page(seed: int, dpi: float = 300, size_pt: float = 10.5, n_lines: int = 48) -> np.ndarray:
    """An A4 contract-like page: a heading and justified-looking paragraphs of body text."""
    rng = np.random.default_rng(seed)
    w, h = mm_to_px(A4_MM[0], dpi), mm_to_px(A4_MM[1], dpi)
    canvas = Image.new("L", (w, h), PAPER)
    draw = ImageDraw.Draw(canvas)
    margin = mm_to_px(25, dpi)
    font = _font(size_pt, dpi)
    head = _font(size_pt * 1.6, dpi)
    draw.text((margin, margin), "ARBEIDSOVEREENKOMST / EMPLOYMENT CONTRACT", fill=INK, font=head)
    step = mm_to_px(size_pt * 0.3528 * 1.45, dpi)
    y = margin + 3 * step
    right = w - margin
    for i in range(n_lines):
        if y > h - margin - step:
            break
        if i % 9 == 8:
            y += step
            continue
        x = margin
        while True:
            word = str(rng.choice(_WORDS))
            width = draw.textlength(word + " ", font=font)
            if x + width > right:
                break
            draw.text((x, y), word, fill=INK, font=font)
            x += width
        y += step
    return _scanner(canvas, rng)


def id_card(seed: int, dpi: float = 300, margin_mm: float = 12.0) -> np.ndarray:
    """A passport data page (ID-3, 125x88 mm) on a white scanner bed.

    Tinted background with fine guilloche lines, a photo with smooth shading and hard
    edges, labelled fields and two machine-readable-zone lines.
    """
    rng = np.random.default_rng(seed)
    cw, ch = mm_to_px(ID3_MM[0], dpi), mm_to_px(ID3_MM[1], dpi)
    m = mm_to_px(margin_mm, dpi)
    yy, xx = np.mgrid[0:ch, 0:cw].astype(np.float32)
    period = mm_to_px(1.2, dpi)
    phase = rng.uniform(0, 2 * np.pi)
    guilloche = 8.0 * np.sin(2 * np.pi * (xx + 6 * np.sin(yy / (4 * period) + phase)) / period)
    card = np.clip(212 + guilloche, 0, 255).astype(np.uint8)
    img = Image.new("L", (cw + 2 * m, ch + 2 * m), PAPER)
    img.paste(Image.fromarray(card), (m, m))
    draw = ImageDraw.Draw(img)
    draw.rectangle((m, m, m + cw - 1, m + ch - 1), outline=120, width=max(1, mm_to_px(0.3, dpi)))
    px, py = m + mm_to_px(5, dpi), m + mm_to_px(14, dpi)
    pw, ph = mm_to_px(32, dpi), mm_to_px(42, dpi)
    fy, fx = np.mgrid[0:ph, 0:pw].astype(np.float32)
    face = ((fx - pw / 2) / (pw * 0.32)) ** 2 + ((fy - ph * 0.45) / (ph * 0.33)) ** 2
    photo = np.where(face < 1.0, 150 - 40 * face, 225 - 0.4 * fy).astype(np.float32)
    shoulders = fy > ph * 0.78
    photo[shoulders] = 70
    img.paste(Image.fromarray(np.clip(photo, 0, 255).astype(np.uint8)), (px, py))
    label = _font(6, dpi)
    value = _font(9, dpi)
    draw.text((m + mm_to_px(5, dpi), m + mm_to_px(4, dpi)), "PASSPORT / PASPOORT / PASSEPORT",
              fill=INK, font=_font(11, dpi))
    x0 = px + pw + mm_to_px(6, dpi)
    y = py
    for key in ("Surname / Nom", "Given names / Prénoms", "Nationality", "Date of birth",
                "Sex", "Place of birth", "Date of issue", "Date of expiry"):
        draw.text((x0, y), key, fill=90, font=label)
        text = " ".join(str(rng.choice(_WORDS)).upper() for _ in range(2))
        draw.text((x0, y + mm_to_px(2.4, dpi)), text, fill=INK, font=value)
        y += mm_to_px(6.4, dpi)
    mrz = _font(10, dpi)
    letters = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<<<<"))
    for k in range(2):
        line = "".join(rng.choice(letters, 44))
        draw.text((m + mm_to_px(5, dpi), m + ch - mm_to_px(14 - 6 * k, dpi)), line,
                  fill=INK, font=mrz)
    return _scanner(img, rng)


def blank_page(seed: int, dpi: float = 300) -> np.ndarray:
    """Empty A4 paper as a scanner sees it: paper tone, noise and a little dust."""
    rng = np.random.default_rng(seed)
    w, h = mm_to_px(A4_MM[0], dpi), mm_to_px(A4_MM[1], dpi)
    canvas = Image.new("L", (w, h), PAPER)
    draw = ImageDraw.Draw(canvas)
    for _ in range(6):
        x, y = rng.integers(0, w), rng.integers(0, h)
        draw.ellipse((x, y, x + 2, y + 2), fill=120)
    return _scanner(canvas, rng)


def gaussian_blur(img: np.ndarray, sigma: float) -> np.ndarray:
    return cv2.GaussianBlur(img, (0, 0), sigma)


def motion_blur(img: np.ndarray, length: int, angle: float) -> np.ndarray:
    """Linear motion blur of `length` px along `angle` degrees (CCW from the x axis)."""
    size = length + 2
    kernel = np.zeros((size, size), np.float32)
    c = (size - 1) / 2
    dx, dy = np.cos(np.deg2rad(angle)), -np.sin(np.deg2rad(angle))
    for t in np.linspace(-(length - 1) / 2, (length - 1) / 2, 4 * length):
        kernel[round(c + t * dy), round(c + t * dx)] += 1.0
    kernel /= kernel.sum()
    return cv2.filter2D(img, -1, kernel, borderType=cv2.BORDER_REPLICATE)


def rotate(img: np.ndarray, degrees: float) -> np.ndarray:
    """Rotate counter-clockwise on screen by `degrees` on an expanded white canvas."""
    h, w = img.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(np.ceil(w * cos + h * sin)), int(np.ceil(w * sin + h * cos))
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    return cv2.warpAffine(img, m, (nw, nh), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=255)


def jpeg(img: np.ndarray, quality: int) -> np.ndarray:
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE)


def exposure(img: np.ndarray, gain: float, offset: float = 0.0) -> np.ndarray:
    return np.clip(img.astype(np.float32) * gain + offset, 0, 255).astype(np.uint8)


def rescale(img: np.ndarray, factor: float) -> np.ndarray:
    h, w = img.shape
    interp = cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC
    return cv2.resize(img, (round(w * factor), round(h * factor)), interpolation=interp)


def cut_off(img: np.ndarray, side: str, fraction: float) -> np.ndarray:
    """Drop `fraction` of the page on one side, as when the document overhangs the scan area."""
    h, w = img.shape
    if side == "left":
        return img[:, round(w * fraction):].copy()
    if side == "right":
        return img[:, : w - round(w * fraction)].copy()
    if side == "top":
        return img[round(h * fraction):, :].copy()
    return img[: h - round(h * fraction), :].copy()


def add_glare(img: np.ndarray, cx: float, cy: float, radius: float) -> np.ndarray:
    """A specular highlight: saturated core of `radius` px fading out over another radius."""
    h, w = img.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    r = np.hypot(xx - cx, yy - cy) / radius
    boost = np.clip(2.0 - r, 0.0, 1.0)
    out = img.astype(np.float32) * (1 - boost) + 255.0 * boost
    return np.clip(out, 0, 255).astype(np.uint8)
