"""ID and residence cards with a TD1 (3 x 30) or TD2 (2 x 36) machine-readable zone.

Employers often upload the worker's Belgian residence card or a national ID card instead of,
or beside, the passport, usually as one A4 scan with the front above the back. Belgian eID and
residence card numbers have 12 digits: longer than the 9-character number field, so the number
runs on into the optional data (ICAO 9303 part 5), which readers must handle.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Literal

import numpy as np
from PIL import Image, ImageDraw

from .passport import check_digit, draw_mrz, mrz_field, mrz_name, portrait, security_tint
from .people import person, random_date
from .render import SANS, SANS_BOLD, font, mm, pt
from .sample import Sample

CardFormat = Literal["TD1", "TD2"]
# Card sizes (ICAO ID-1 and ID-2) and where the MRZ lines sit on the back, in mm.
_SIZE_MM = {"TD1": (85.6, 54.0), "TD2": (105.0, 74.0)}
_MRZ_LEFT_MM = {"TD1": 4.0, "TD2": 6.0}
_MRZ_CENTRES_MM = {"TD1": (39.6, 43.9, 48.2), "TD2": (63.7, 68.0)}
_PAGE_MM = (210.0, 297.0)
_CARD_LEFT_MM, _FRONT_TOP_MM, _GAP_MM = 25.0, 25.0, 20.0


def td1_mrz(
    *,
    code: str,
    state: str,
    number: str,
    birth: date,
    sex: str,
    expiry: date,
    nationality: str,
    surname: str,
    given_names: str,
) -> tuple[str, str, str]:
    """The three TD1 lines; a number over 9 characters continues in the optional data."""
    if len(number) > 9:
        number_field, number_check = number[:9], "<"
        optional = number[9:] + check_digit(number)
    else:
        number_field, number_check, optional = mrz_field(number, 9), check_digit(number), ""
    line1 = (
        mrz_field(code, 2)
        + mrz_field(state, 3)
        + number_field
        + number_check
        + mrz_field(optional, 15)
    )
    birth_s, expiry_s = birth.strftime("%y%m%d"), expiry.strftime("%y%m%d")
    line2 = (
        birth_s
        + check_digit(birth_s)
        + ("<" if sex == "X" else sex)
        + expiry_s
        + check_digit(expiry_s)
        + mrz_field(nationality, 3)
        + "<" * 11
    )
    composite = check_digit(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
    names = f"{surname.replace(' ', '<')}<<{given_names.replace(' ', '<')}"
    return line1, line2 + composite, mrz_field(names[:30], 30)


def td2_mrz(
    *,
    code: str,
    state: str,
    number: str,
    birth: date,
    sex: str,
    expiry: date,
    nationality: str,
    surname: str,
    given_names: str,
) -> tuple[str, str]:
    """The two TD2 lines (9-character numbers only here)."""
    names = f"{surname.replace(' ', '<')}<<{given_names.replace(' ', '<')}"
    line1 = mrz_field(code, 2) + mrz_field(state, 3) + mrz_field(names[:31], 31)
    birth_s, expiry_s = birth.strftime("%y%m%d"), expiry.strftime("%y%m%d")
    doc = mrz_field(number, 9)
    line2 = (
        doc
        + check_digit(doc)
        + mrz_field(nationality, 3)
        + birth_s
        + check_digit(birth_s)
        + ("<" if sex == "X" else sex)
        + expiry_s
        + check_digit(expiry_s)
        + "<" * 7
    )
    composite = check_digit(line2[0:10] + line2[13:20] + line2[21:35])
    return line1, line2 + composite


def _number(rng: random.Random, state: str, fmt: CardFormat) -> str:
    """Belgian cards: 12 digits whose last two are the number mod 97; others: 9 characters."""
    if state == "BEL" and fmt == "TD1":
        first = rng.randrange(10**9, 10**10)
        return f"{first}{first % 97 or 97:02d}"
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    return "".join(rng.choice(letters) for _ in range(2)) + f"{rng.randrange(10**7):07d}"


def id_card(
    seed: int, *, fmt: CardFormat = "TD1", dpi: int = 300, today: date | None = None
) -> Sample:
    """An A4 scan of both sides of an ID or residence card, with the MRZ ground truth.

    TD1 cards are Belgian residence cards (issued by BEL to a foreign national, code `IR`)
    or Belgian eID cards (`ID`), with the 12-digit number; TD2 cards are national ID cards
    of the holder's own state.
    """
    rng = random.Random(f"id_card:{fmt}:{seed}")
    np_rng = np.random.default_rng(rng.getrandbits(64))
    ref = today or date.today()
    holder = person(rng)
    nationality = holder.nationality
    if fmt == "TD1":
        state, code = "BEL", ("ID" if nationality == "BEL" else "IR")
    else:
        state, code = nationality, "I<"
    expiry = random_date(rng, ref + timedelta(days=200), ref + timedelta(days=5 * 365))
    surname = mrz_name(holder.surname, nationality).replace("<", " ").strip()
    given = mrz_name(holder.given_names, nationality).replace("<", " ").strip()
    number = _number(rng, state, fmt)
    values = {
        "code": code,
        "state": state,
        "number": number,
        "birth": holder.birth_date,
        "sex": holder.sex,
        "expiry": expiry,
        "nationality": nationality,
        "surname": surname,
        "given_names": given,
    }
    lines: tuple[str, ...] = td1_mrz(**values) if fmt == "TD1" else td2_mrz(**values)  # type: ignore[arg-type]
    name_field = lines[2] if fmt == "TD1" else lines[0][5:]
    mrz_given = " ".join(name_field.split("<<", 1)[1].split("<")).strip()  # as truncated
    truth = {
        "document_number": number,
        "surname": surname,
        "given_names": mrz_given,
        "nationality": nationality,
        "date_of_birth": holder.birth_date.isoformat(),
        "sex": holder.sex,
        "expiry_date": expiry.isoformat(),
        "issuing_state": state,
        "document_code": code.rstrip("<"),
        "mrz": "\n".join(lines),
    }
    title = (
        "BELGIË BELGIQUE BELGIEN  VERBLIJFSTITEL / TITRE DE SÉJOUR"
        if state == "BEL"
        else "IDENTITY CARD"
    )
    visual = [
        ("Name", holder.surname.upper()),
        ("Given names", holder.given_names),
        ("Nationality", nationality),
        ("Date of birth", f"{holder.birth_date:%d.%m.%Y}"),
        ("Card no.", number),
        ("Valid until", f"{expiry:%d.%m.%Y}"),
    ]

    page = Image.new("L", (mm(_PAGE_MM[0], dpi), mm(_PAGE_MM[1], dpi)), 255)
    card_w, card_h = (mm(v, dpi) for v in _SIZE_MM[fmt])
    left = mm(_CARD_LEFT_MM, dpi)
    front_top = mm(_FRONT_TOP_MM, dpi)
    back_top = front_top + card_h + mm(_GAP_MM, dpi)

    front = security_tint(np_rng, card_w, card_h, dpi)
    photo = (mm(3, dpi), mm(9, dpi), mm(25, dpi), mm(38, dpi))
    front[photo[1] : photo[3], photo[0] : photo[2]] = portrait(
        np_rng, photo[2] - photo[0], photo[3] - photo[1]
    )
    front_img = Image.fromarray(front.clip(0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(front_img)
    draw.text((mm(3, dpi), mm(2.5, dpi)), title, font=font(SANS_BOLD, pt(6, dpi)), fill=30)
    for row, (label, value) in enumerate(visual):
        y = 9 + row * 6.5
        draw.text((mm(28, dpi), mm(y, dpi)), label, font=font(SANS, pt(4.5, dpi)), fill=70)
        draw.text((mm(28, dpi), mm(y + 2, dpi)), value, font=font(SANS_BOLD, pt(7, dpi)), fill=15)
    page.paste(front_img, (left, front_top))

    back = security_tint(np_rng, card_w, card_h, dpi)
    back[mm(_MRZ_CENTRES_MM[fmt][0] - 4, dpi) :] = 240  # the MRZ is printed on a plain strip
    back_img = Image.fromarray(back.clip(0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(back_img)
    draw.text(
        (mm(4, dpi), mm(4, dpi)),
        f"{state}  {code.rstrip('<')}  {number}",
        font=font(SANS, pt(6, dpi)),
        fill=40,
    )
    draw_mrz(draw, lines, _MRZ_LEFT_MM[fmt], _MRZ_CENTRES_MM[fmt], dpi)
    page.paste(back_img, (left, back_top))

    pixels = np.asarray(page, dtype=np.float32) + np_rng.normal(0, 2.0, (page.height, page.width))
    out = np.clip(pixels, 0, 255).astype(np.uint8)
    for top in (front_top, back_top):
        out[top, left : left + card_w] = out[top + card_h - 1, left : left + card_w] = 150
        out[top : top + card_h, left] = out[top : top + card_h, left + card_w - 1] = 150
    text = "\n".join([title, *(f"{label}: {value}" for label, value in visual), *lines])
    return Sample(kind="id_card", pages=[out], dpi=dpi, truth=truth, text_pages=[text])
