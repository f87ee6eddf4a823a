"""TD3 passport data pages with security print and a machine-readable zone per ICAO 9303.

What makes a real data page hard to read is mostly what lies under the text: guilloche (fine
interleaved sine-wave lines), rosettes and a tinted gradient, and the photo. These are drawn here
in mid-to-light greys, as a grey scan renders the coloured originals; the MRZ band keeps only a
faint pattern, as the standard's clear zone requires.
"""

from __future__ import annotations

import math
import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from PIL import Image, ImageDraw

from benchmarks.synth.render import OCR_B, Font, font, mm, pt
from benchmarks.synth.sample import Sample

from .identities import Worker, worker
from .typeset import TYPEFACES

TD3_MM = (125.0, 88.0)
MRZ_LENGTH = 44

# ICAO code: (state name as printed, document number pattern: L letter, D digit)
STATES: dict[str, tuple[str, str]] = {
    "IND": ("REPUBLIC OF INDIA", "LDDDDDDD"),
    "PHL": ("REPUBLIKA NG PILIPINAS / REPUBLIC OF THE PHILIPPINES", "LDDDDDDDL"),
    "TUR": ("TÜRKIYE CUMHURIYETI / REPUBLIC OF TÜRKIYE", "LDDDDDDDD"),
    "BRA": ("REPÚBLICA FEDERATIVA DO BRASIL", "LLDDDDDD"),
    "MAR": ("ROYAUME DU MAROC", "LLDDDDDDD"),
    "NGA": ("FEDERAL REPUBLIC OF NIGERIA", "LDDDDDDDD"),
    "UKR": ("UKRAINE / УКРАЇНА", "LLDDDDDD"),
    "POL": ("RZECZPOSPOLITA POLSKA / REPUBLIC OF POLAND", "LLDDDDDDD"),
}

NATIONALITY_WORDS = {
    "IND": "INDIAN",
    "PHL": "FILIPINO",
    "TUR": "T.C. / TURKISH",
    "BRA": "BRASILEIRO(A)",
    "MAR": "MAROCAINE",
    "NGA": "NIGERIAN",
    "UKR": "УКРАЇНА / UKRAINE",
    "POL": "POLSKIE / POLISH",
}
_MONTHS_VIZ = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def check_digit(field: str) -> str:
    """ICAO 9303 check digit: weights 7, 3, 1 over digit values, A=10 ... Z=35, '<'=0."""
    total = 0
    for index, char in enumerate(field):
        if char.isdigit():
            value = int(char)
        elif char.isalpha():
            value = ord(char) - ord("A") + 10
        else:
            value = 0
        total += value * (7, 3, 1)[index % 3]
    return str(total % 10)


def mrz_name(text: str) -> str:
    """A name as the MRZ spells it: Latin capitals, umlauts as AE/OE/UE, separators as '<'."""
    text = text.upper().replace("Ä", "AE").replace("Ö", "OE").replace("Ü", "UE").replace("ß", "SS")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    plain = plain.replace("'", "")
    return "".join(c if c.isalpha() else "<" for c in plain)


@dataclass(frozen=True)
class Passport:
    state: str
    holder: Worker
    number: str
    issued: date
    expires: date
    personal_number: str

    @property
    def surname(self) -> str:
        return mrz_name(self.holder.surname)

    @property
    def given(self) -> str:
        return mrz_name(self.holder.given)

    def mrz(self) -> tuple[str, str]:
        name = f"{self.surname}<<{self.given}"
        line1 = f"P<{self.state}{name}".ljust(MRZ_LENGTH, "<")[:MRZ_LENGTH]
        number = self.number.ljust(9, "<")
        birth = self.holder.birth_date.strftime("%y%m%d")
        expiry = self.expires.strftime("%y%m%d")
        personal = self.personal_number.ljust(14, "<")
        personal_check = check_digit(personal) if self.personal_number else "<"
        parts = (
            f"{number}{check_digit(number)}",
            self.state,
            f"{birth}{check_digit(birth)}",
            self.holder.sex,
            f"{expiry}{check_digit(expiry)}",
            f"{personal}{personal_check}",
        )
        composite = parts[0] + parts[2] + parts[4] + parts[5]
        line2 = "".join(parts) + check_digit(composite)
        return line1, line2


def _document_number(rng: random.Random, pattern: str) -> str:
    return "".join(
        rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") if c == "L" else rng.choice("0123456789")
        for c in pattern
    )


def _draw_passport(rng: random.Random) -> Passport:
    state = rng.choice(tuple(STATES))
    holder = worker(rng, state)
    # Names must fit the 39 characters of the MRZ name field, so the truth is never truncated.
    while len(mrz_name(holder.surname)) + len(mrz_name(holder.given)) + 2 > 39:
        holder = worker(rng, state)
    issued = date(2017, 1, 1) + timedelta(days=rng.randint(0, 8 * 365))
    expires = issued.replace(year=issued.year + rng.choice((5, 10, 10))) - timedelta(days=1)
    personal = "" if rng.random() < 0.6 else f"{rng.randint(10**9, 10**10 - 1)}"
    return Passport(
        state, holder, _document_number(rng, STATES[state][1]), issued, expires, personal
    )


# ----- security print ------------------------------------------------------------------------


def _background(rng: random.Random, w: int, h: int, mrz_top: int) -> Image.Image:
    """Tinted gradient, two guilloche families and a rosette; faint over the MRZ band."""
    xx = np.linspace(0.0, 1.0, w, dtype=np.float32)[None, :]
    yy = np.linspace(0.0, 1.0, h, dtype=np.float32)[:, None]
    angle = rng.uniform(0, math.pi)
    tint = rng.uniform(205, 225) + rng.uniform(15, 30) * (
        xx * math.cos(angle) + yy * math.sin(angle)
    )
    base = np.clip(tint, 0, 250).astype(np.uint8)
    image = Image.fromarray(base, mode="L")
    draw = ImageDraw.Draw(image)
    shade = rng.randint(150, 190)
    for family in range(2):
        wavelength = rng.uniform(w / 9, w / 4)
        amplitude = rng.uniform(h / 40, h / 14)
        spacing = rng.uniform(h / 90, h / 45)
        phase_step = rng.uniform(0.08, 0.25)
        for k in range(int(h / spacing) + 8):
            y0 = (k - 4) * spacing
            wave = [
                (float(x), y0 + amplitude * math.sin(2 * math.pi * x / wavelength + k * phase_step))
                for x in range(0, w + 8, 6)
            ]
            draw.line(wave, fill=shade + 15 * family, width=1)
    cx, cy = rng.uniform(0.55, 0.85) * w, rng.uniform(0.3, 0.6) * h
    radius, petals = rng.uniform(0.12, 0.22) * h, rng.choice((12, 16, 24))
    for ring in range(10):
        phase = ring * math.pi / 14
        petal_curve: list[tuple[float, float]] = []
        for step in range(721):
            theta = 2 * math.pi * step / 720
            r = radius * (0.75 + 0.25 * math.sin(petals * theta + phase))
            petal_curve.append((cx + r * math.cos(theta), cy + r * math.sin(theta)))
        draw.line(petal_curve, fill=shade + 10, width=1)
    # The MRZ clear zone: fade the print there to a trace.
    band = np.asarray(image, dtype=np.float32)
    band[mrz_top:] = 235 + (band[mrz_top:] - band[mrz_top:].min()) * 0.25
    return Image.fromarray(np.clip(band, 0, 255).astype(np.uint8), mode="L")


def _photo(image: Image.Image, box: tuple[int, int, int, int], rng: random.Random) -> None:
    """A portrait cut to its frame: a lighter backdrop, shoulders, a head and hair in greys."""
    w, h = box[2] - box[0], box[3] - box[1]
    portrait = Image.new("L", (w, h), rng.randint(185, 215))
    draw = ImageDraw.Draw(portrait)
    skin, hair, cloth = rng.randint(110, 170), rng.randint(20, 80), rng.randint(40, 100)
    draw.ellipse((0.05 * w, 0.68 * h, 0.95 * w, 1.5 * h), fill=cloth)
    draw.rectangle((0.4 * w, 0.55 * h, 0.6 * w, 0.75 * h), fill=skin)
    draw.ellipse((0.25 * w, 0.14 * h, 0.75 * w, 0.66 * h), fill=skin)
    draw.chord((0.23 * w, 0.10 * h, 0.77 * w, 0.50 * h), 180, 360, fill=hair)
    draw.rectangle((0, 0, w - 1, h - 1), outline=120, width=2)
    image.paste(portrait, box[:2])


def _viz_date(day: date, style: int) -> str:
    if style == 0:
        return f"{day.day:02d} {_MONTHS_VIZ[day.month - 1]} {day.year}"
    if style == 1:
        return f"{day.day:02d}.{day.month:02d}.{day.year}"
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def data_page(p: Passport, rng: random.Random, dpi: int) -> tuple[np.ndarray, str]:
    """The data page alone, edge to edge, and its text as read top to bottom."""
    w, h = mm(TD3_MM[0], dpi), mm(TD3_MM[1], dpi)
    mrz_top = h - mm(23, dpi)
    image = _background(rng, w, h, mrz_top)
    draw = ImageDraw.Draw(image)
    face = rng.choice(TYPEFACES)
    label_font = font(face.regular, pt(5.5, dpi))
    value_font = font(face.bold, pt(8.5, dpi))
    header_font = font(face.bold, pt(9, dpi))
    lines: list[str] = []
    state_name = STATES[p.state][0]
    draw.text((mm(5, dpi), mm(3.5, dpi)), state_name, font=header_font, fill=30)
    draw.text((mm(5, dpi), mm(8, dpi)), "PASSPORT / PASSEPORT", font=label_font, fill=40)
    lines += [state_name, "PASSPORT / PASSEPORT"]
    _photo(image, (mm(5, dpi), mm(14, dpi), mm(37, dpi), mm(56, dpi)), rng)
    style = rng.randrange(3)
    sex = {"M": "M", "F": "F"}[p.holder.sex]
    fields = [
        ("Type / Type", "P", "Code / Code", p.state, "Passport No. / N°", p.number),
        ("Surname / Nom", p.holder.surname.upper()),
        ("Given names / Prénoms", p.holder.given.upper()),
        ("Nationality / Nationalité", NATIONALITY_WORDS[p.state]),
        (
            "Date of birth / Date de naissance",
            _viz_date(p.holder.birth_date, style),
            "Sex / Sexe",
            sex,
        ),
        ("Place of birth / Lieu de naissance", p.holder.birthplace.upper()),
        ("Date of issue / Date de délivrance", _viz_date(p.issued, style)),
        ("Date of expiry / Date d'expiration", _viz_date(p.expires, style)),
    ]
    x0, y = mm(41, dpi), mm(13, dpi)
    row = mm(6.6, dpi)
    for entry in fields:
        x: float = x0
        values = []
        for label, value in zip(entry[::2], entry[1::2], strict=True):
            draw.text((x, y), label, font=label_font, fill=60)
            draw.text((x, y + mm(2.2, dpi)), value, font=value_font, fill=15)
            values.append(value)
            lines.append(label)
            x += max(label_font.getlength(label), value_font.getlength(value)) + mm(5, dpi)
        lines.append(" ".join(values))
        y += row
    line1, line2 = p.mrz()
    mrz_font = _mrz_font(dpi)
    mrz_x = (w - mrz_font.getlength(line1)) / 2
    draw.text((mrz_x, mrz_top + mm(5, dpi)), line1, font=mrz_font, fill=10)
    draw.text((mrz_x, mrz_top + mm(11.5, dpi)), line2, font=mrz_font, fill=10)
    lines += [line1, line2]
    return np.asarray(image, dtype=np.uint8).copy(), "\n".join(lines)


def _mrz_font(dpi: int) -> Font:
    """OCR-B at the size that gives the standard pitch of ten characters per inch."""
    probe = font(OCR_B, 100)
    size = round(100 * (MRZ_LENGTH * dpi / 10) / probe.getlength("<" * MRZ_LENGTH))
    return font(OCR_B, size)


def _on_flatbed(page: np.ndarray, rng: random.Random, dpi: int) -> np.ndarray:
    """The open booklet laid in a corner of an A4 flatbed: the facing page above, white around."""
    sheet = np.full((mm(297, dpi), mm(210, dpi)), 250, np.uint8)
    h, w = page.shape
    left, top = mm(rng.uniform(8, 30), dpi), mm(rng.uniform(8, 30), dpi)
    facing = np.clip(page[: h // 3].mean() + 8, 0, 255)
    sheet[top : top + h, left : left + w] = np.uint8(facing)
    sheet[top + h : top + 2 * h, left : left + w] = page
    sheet[top + h - 3 : top + h + 3, left : left + w] = 150  # the binding fold
    return sheet


def _framed(page: np.ndarray, rng: random.Random, dpi: int) -> np.ndarray:
    """The data page filling most of the frame: a few millimetres of scanner lid around it."""
    margin = mm(rng.uniform(2, 6), dpi)
    h, w = page.shape
    out = np.full((h + 2 * margin, w + 2 * margin), rng.randint(235, 252), np.uint8)
    out[margin : margin + h, margin : margin + w] = page
    return out


def passport(seed: int, *, dpi: int = 300) -> Sample:
    """One passport scan: the data page on an A4 flatbed or filling the frame, with its truth."""
    rng = random.Random(f"heldout-passport-{seed}")
    p = _draw_passport(rng)
    page, text = data_page(p, rng, dpi)
    image = _on_flatbed(page, rng, dpi) if rng.random() < 0.5 else _framed(page, rng, dpi)
    line1, line2 = p.mrz()
    truth = {
        "document_number": p.number,
        "surname": p.surname.replace("<", " "),
        "given_names": p.given.replace("<", " "),
        "nationality": p.state,
        "date_of_birth": p.holder.birth_date.isoformat(),
        "sex": p.holder.sex,
        "expiry_date": p.expires.isoformat(),
        "issuing_state": p.state,
        "mrz_line1": line1,
        "mrz_line2": line2,
    }
    return Sample("passport", [image], dpi, truth, [text])
