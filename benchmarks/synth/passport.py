"""TD3 passport data pages (ICAO Doc 9303 part 4) with a valid machine readable zone.

The page is drawn as a flatbed scan would show it: the 125 x 88 mm data page on white, a
guilloche-tinted background, a photo, the visual inspection zone and two 44-character MRZ lines
in OCR-B at the ICAO character size and pitch, so MRZ readers are tested at realistic scale.
"""

from __future__ import annotations

import random
import unicodedata
from datetime import date, timedelta

import cv2
import numpy as np
from PIL import Image, ImageDraw

from .people import Person, person, random_date
from .render import OCR_B, SANS, SANS_BOLD, font, mm, pt, scribble
from .sample import Sample

CARD_W_MM, CARD_H_MM = 125.0, 88.0
MARGIN_MM = 6.0
# MRZ geometry: OCR-B size 1 characters on a 2.54 mm pitch (10 per inch), letters 2.2 mm and
# digits 2.4 mm high, the first character 6.5 mm from the left edge, line centres 4.3 mm apart
# near the bottom edge.
MRZ_CHAR_MM = 2.3  # mean of letter and digit height
MRZ_PITCH_MM = 2.54
MRZ_LEFT_MM = 6.5
MRZ_LINE_CENTRES_MM = (77.6, 81.9)
# OCR-B letters are 0.70 em tall and digits 0.77 em: size the font so their mean is MRZ_CHAR_MM.
_OCR_B_HEIGHT_RATIO = 0.735

_COUNTRY = {
    "BEL": ("KINGDOM OF BELGIUM", "BELGIAN"),
    "IND": ("REPUBLIC OF INDIA", "INDIAN"),
    "PHL": ("REPUBLIC OF THE PHILIPPINES", "FILIPINO"),
    "TUR": ("REPUBLIC OF TÜRKIYE", "TURKISH"),
    "MAR": ("KINGDOM OF MOROCCO", "MOROCCAN"),
    "BRA": ("FEDERATIVE REPUBLIC OF BRAZIL", "BRAZILIAN"),
    "UKR": ("UKRAINE", "UKRAINIAN"),
    "USA": ("UNITED STATES OF AMERICA", "USA"),
    "NLD": ("KINGDOM OF THE NETHERLANDS", "DUTCH"),
    "D": ("FEDERAL REPUBLIC OF GERMANY", "DEUTSCH"),
}
# Document number shapes per issuer: L letter, D digit, A letter or digit. Letters and digits are
# drawn with extra weight on the OCR-confusable O/I/S/B/Z and 0/1/5/8/2.
_DOC_FORMATS = {
    "BEL": "LLDDDDDD",
    "IND": "LDDDDDDD",
    "PHL": "PDDDDDDDL",
    "TUR": "UDDDDDDDD",
    "MAR": "LLDDDDDDD",
    "BRA": "LLDDDDDD",
    "UKR": "LLDDDDDD",
    "USA": "LDDDDDDDD",
    "NLD": "LLAAAAAAD",
    "D": "CAAAAAAAA",
}
_CONFUSABLE_LETTERS = "OISBZ"
_CONFUSABLE_DIGITS = "01582"
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_UPPER_NO_O = _UPPER.replace("O", "")
# Issuers that leave out letters OCR confuses with digits: the Netherlands drops O; German
# numbers (since 2017) use digits and consonants only, without B, D, Q and S.
_LETTERS_USED = {"NLD": _UPPER_NO_O, "D": "CFGHJKLMNPRTVWXYZ"}
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
# ICAO 9303 part 3 transliteration where plain accent stripping is wrong.
_TRANSLIT = {"Æ": "AE", "Ø": "OE", "Å": "AA", "Œ": "OE", "ß": "SS", "Þ": "TH"}
_GERMAN_UMLAUTS = {"Ä": "AE", "Ö": "OE", "Ü": "UE"}


def check_digit(data: str) -> str:
    """ICAO 9303 check digit: weights 7,3,1 over values 0-9, A-Z = 10-35, '<' = 0; sum mod 10."""
    total = 0
    for index, char in enumerate(data):
        if char.isdigit():
            value = int(char)
        elif "A" <= char <= "Z":
            value = ord(char) - ord("A") + 10
        elif char == "<":
            value = 0
        else:
            raise ValueError(f"character {char!r} cannot appear in an MRZ")
        total += value * (7, 3, 1)[index % 3]
    return str(total % 10)


def mrz_name(text: str, nationality: str) -> str:
    """Transliterate a printed name to MRZ letters, words joined by '<' (ICAO 9303 part 3).

    German passports write umlauts as AE/OE/UE; elsewhere diacritics are dropped. Apostrophes
    vanish and hyphens become fillers, as on issued passports.
    """
    out: list[str] = []
    for char in text.upper():
        if nationality == "D" and char in _GERMAN_UMLAUTS:
            out.append(_GERMAN_UMLAUTS[char])
        elif char in _TRANSLIT:
            out.append(_TRANSLIT[char])
        elif char in " -":
            out.append("<")
        else:
            base = unicodedata.normalize("NFKD", char)[0]
            if "A" <= base <= "Z":
                out.append(base)
    return "".join(out)


def mrz_field(value: str, width: int) -> str:
    """Pad an MRZ field with fillers; overlong values are a generator bug, not data to truncate."""
    if len(value) > width:
        raise ValueError(f"{value!r} does not fit an MRZ field of {width}")
    return value.ljust(width, "<")


def td3_mrz(
    *,
    issuing_state: str,
    surname: str,
    given_names: str,
    document_number: str,
    nationality: str,
    birth_date: date,
    sex: str,
    expiry_date: date,
    personal_number: str = "",
    filler_check: str = "<",
) -> tuple[str, str]:
    """Build the two 44-character TD3 lines from MRZ-ready values (names with spaces or '<').

    `filler_check` is the check digit written when the personal number is all fillers: ICAO
    allows '<' or '0', and issuers differ, so readers must accept both.
    """
    names = f"{surname.replace(' ', '<')}<<{given_names.replace(' ', '<')}"
    line1 = "P<" + mrz_field(issuing_state, 3) + mrz_field(names, 39)
    doc = mrz_field(document_number, 9)
    birth = birth_date.strftime("%y%m%d")
    expiry = expiry_date.strftime("%y%m%d")
    personal = mrz_field(personal_number, 14)
    personal_cd = check_digit(personal) if personal_number else filler_check
    mrz_sex = "<" if sex == "X" else sex
    body = (
        doc
        + check_digit(doc)
        + mrz_field(nationality, 3)
        + birth
        + check_digit(birth)
        + mrz_sex
        + expiry
        + check_digit(expiry)
        + personal
        + personal_cd
    )
    composite = check_digit(body[0:10] + body[13:20] + body[21:43])
    return line1, body + composite


def draw_mrz(
    draw: ImageDraw.ImageDraw,
    lines: tuple[str, ...],
    left_mm: float,
    centres_mm: tuple[float, ...],
    dpi: int,
) -> None:
    """Print MRZ lines in OCR-B at the ICAO size and pitch, in card coordinates (mm)."""
    char_px = MRZ_CHAR_MM * dpi / 25.4
    mrz_font = font(OCR_B, round(char_px / _OCR_B_HEIGHT_RATIO))
    pitch = MRZ_PITCH_MM * dpi / 25.4
    for line, centre in zip(lines, centres_mm, strict=True):
        baseline = centre * dpi / 25.4 + char_px / 2
        for index, char in enumerate(line):
            # Every character is centred in its own 2.54 mm cell, as MRZ printers place them.
            left = left_mm * dpi / 25.4 + index * pitch
            left += (pitch - mrz_font.getlength(char)) / 2
            draw.text((left, baseline), char, font=mrz_font, fill=0, anchor="ls")


def mrz_box(dpi: int) -> tuple[int, int, int, int]:
    """Pixel box (left, top, right, bottom) of the MRZ band on a page from `passport()`.

    Benchmarks and tests crop it to score an MRZ reader without depending on its detector.
    """
    half = MRZ_CHAR_MM / 2 + 1.5
    top = MARGIN_MM + MRZ_LINE_CENTRES_MM[0] - half
    bottom = MARGIN_MM + MRZ_LINE_CENTRES_MM[1] + half
    left = MARGIN_MM + MRZ_LEFT_MM - 2.5
    right = MARGIN_MM + MRZ_LEFT_MM + 44 * MRZ_PITCH_MM + 2.5
    return mm(left, dpi), mm(top, dpi), mm(right, dpi), mm(bottom, dpi)


def document_number(rng: random.Random, state: str) -> str:
    """A number in the issuer's shape, rich in characters OCR confuses (O/0, I/1, S/5, B/8, Z/2)."""
    chars = []
    for slot in _DOC_FORMATS[state]:
        digit = slot == "D" or (slot == "A" and rng.random() < 0.5)
        if slot in "LDA":
            confusable = _CONFUSABLE_DIGITS if digit else _CONFUSABLE_LETTERS
            pool = "0123456789" if digit else _UPPER
            if not digit and state in _LETTERS_USED:
                pool = _LETTERS_USED[state]
                confusable = "".join(c for c in confusable if c in pool) or pool
            chars.append(rng.choice(confusable if rng.random() < 0.5 else pool))
        else:
            chars.append(slot)
    return "".join(chars)


def _personal_number(rng: random.Random, holder: Person) -> str:
    """Optional data: the Belgian national register number, a Turkish ID, or (mostly) nothing."""
    if holder.nationality == "BEL":
        serial = rng.randrange(1, 998)
        if (serial % 2 == 1) != (holder.sex == "M"):  # odd serials for men, even for women
            serial += 1
        first9 = f"{holder.birth_date:%y%m%d}{serial:03d}"
        base = int(("2" if holder.birth_date.year >= 2000 else "") + first9)
        return f"{first9}{97 - base % 97:02d}"
    if holder.nationality == "TUR":
        return str(rng.randint(10**10, 10**11 - 1))
    return ""


def _years_before(day: date, years: int) -> date:
    """Same calendar day `years` earlier; 29 February falls back to the 28th."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _visual_date(day: date) -> str:
    """Visual-zone date style of most passports: '12 MAR 1990'."""
    return f"{day.day:02d} {_MONTHS[day.month - 1]} {day.year}"


def _authority(rng: random.Random, holder: Person) -> str:
    """Issuing authority as each country words it (municipality, ministry or office code)."""
    return {
        "USA": "Department of State",
        "PHL": "DFA Manila",
        "NLD": "Burg. v. " + holder.place_of_birth,
        "D": "Stadt " + holder.place_of_birth,
        "UKR": str(rng.randint(1000, 8099)),
    }.get(holder.nationality, holder.place_of_birth.upper())


def security_tint(np_rng: np.random.Generator, w: int, h: int, dpi: int) -> np.ndarray:
    """Light security-print tint: a soft gradient plus two crossing families of wavy lines."""
    sw, sh = max(1, w // 2), max(1, h // 2)  # computed at half size, then upscaled
    y, x = np.mgrid[0:sh, 0:sw].astype(np.float32)
    phase = np_rng.uniform(0, 2 * np.pi, 4).astype(np.float32)
    period = mm(1.6, dpi) / 2
    tint = 230 + 6 * np.sin(x / sw * 5 + phase[0]) * np.cos(y / sh * 4 + phase[1])
    wave_a = np.abs(np.sin((x + 12 * np.sin(y / sh * 9 + phase[2])) * np.pi / period))
    wave_b = np.abs(np.sin((y + 10 * np.sin(x / sw * 7 + phase[3])) * np.pi / period))
    tint -= 14 * (wave_a < 0.12) + 10 * (wave_b < 0.12)
    return cv2.resize(tint, (w, h), interpolation=cv2.INTER_LINEAR)


def portrait(np_rng: np.random.Generator, w: int, h: int) -> np.ndarray:
    """A grey head-and-shoulders blob with skin-like texture; only its presence matters."""
    img = Image.new("L", (w, h), int(np_rng.integers(185, 215)))
    draw = ImageDraw.Draw(img)
    tone = int(np_rng.integers(95, 160))
    draw.ellipse((-0.1 * w, 0.72 * h, 1.1 * w, 1.5 * h), fill=int(np_rng.integers(40, 90)))
    draw.rectangle((0.4 * w, 0.58 * h, 0.6 * w, 0.8 * h), fill=tone)
    draw.ellipse((0.24 * w, 0.14 * h, 0.76 * w, 0.68 * h), fill=tone)
    draw.ellipse((0.22 * w, 0.08 * h, 0.78 * w, 0.36 * h), fill=max(20, tone - 80))
    face = cv2.GaussianBlur(np.asarray(img, dtype=np.float32), (0, 0), max(1.0, w / 60))
    face += np_rng.normal(0.0, 6.0, size=(h, w)).astype(np.float32)
    return np.clip(face, 0, 255).astype(np.uint8)


def passport(
    seed: int, *, dpi: int = 300, expired: bool = False, today: date | None = None
) -> Sample:
    """Render a TD3 passport data page scan with its MRZ and visual-zone ground truth.

    Expiry is 1-9 years after `today` (default: the real date), or 1-3 years before it when
    `expired`; pass `today` to make the pixels independent of the calendar.
    """
    rng = random.Random(f"passport:{seed}")
    np_rng = np.random.default_rng(rng.getrandbits(64))
    ref = today or date.today()
    holder = person(rng)
    state = holder.nationality
    if expired:
        expiry = random_date(rng, ref - timedelta(days=3 * 365), ref - timedelta(days=365))
    else:
        expiry = random_date(rng, ref + timedelta(days=365), ref + timedelta(days=9 * 365))
    issue = _years_before(expiry, 10) + timedelta(days=1)
    surname = mrz_name(holder.surname, state).replace("<", " ").strip()
    given = mrz_name(holder.given_names, state).replace("<", " ").strip()
    number = document_number(rng, state)
    line1, line2 = td3_mrz(
        issuing_state=state,
        surname=surname,
        given_names=given,
        document_number=number,
        nationality=state,
        birth_date=holder.birth_date,
        sex=holder.sex,
        expiry_date=expiry,
        personal_number=_personal_number(rng, holder),
        filler_check=rng.choice("<0"),
    )
    truth = {
        "document_number": number,
        "surname": surname,
        "given_names": given,
        "nationality": state,
        "date_of_birth": holder.birth_date.isoformat(),
        "sex": holder.sex,
        "expiry_date": expiry.isoformat(),
        "issuing_state": state,
        "mrz_line1": line1,
        "mrz_line2": line2,
    }
    country, demonym = _COUNTRY[state]
    fields = [
        # (label, value, x mm, y mm) in card coordinates; labels sit above their values.
        ("Type / Type", "P", 42, 11),
        ("Code", state, 58, 11),
        ("Passport No.", number, 82, 11),
        ("Surname", holder.surname.upper(), 42, 18.5),
        ("Given names", holder.given_names.upper(), 42, 26),
        ("Nationality", demonym, 42, 33.5),
        ("Sex", holder.sex, 100, 33.5),
        ("Date of birth", _visual_date(holder.birth_date), 42, 41),
        ("Place of birth", holder.place_of_birth.upper(), 72, 41),
        ("Date of issue", _visual_date(issue), 42, 48.5),
        ("Authority", _authority(rng, holder), 72, 48.5),
        ("Date of expiry", _visual_date(expiry), 42, 56),
    ]
    text = [f"{country}  PASSPORT", *(f"{label}: {value}" for label, value, _, _ in fields)]
    text += [line1, line2]

    card_w, card_h = mm(CARD_W_MM, dpi), mm(CARD_H_MM, dpi)
    card = security_tint(np_rng, card_w, card_h, dpi)
    mrz_top = mm(MRZ_LINE_CENTRES_MM[0] - 5, dpi)
    card[mrz_top:] = 236 + (card[mrz_top:] - 236) * 0.4  # the MRZ band is printed lighter
    photo_box = (mm(5, dpi), mm(12, dpi), mm(37, dpi), mm(54, dpi))
    card[photo_box[1] : photo_box[3], photo_box[0] : photo_box[2]] = portrait(
        np_rng, photo_box[2] - photo_box[0], photo_box[3] - photo_box[1]
    )
    image = Image.fromarray(card.clip(0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    label_font, value_font = font(SANS, pt(5.5, dpi)), font(SANS_BOLD, pt(8.5, dpi))
    header_font = font(SANS_BOLD, pt(8, dpi))
    draw.text((mm(42, dpi), mm(3.5, dpi)), country, font=header_font, fill=40)
    draw.text((mm(121, dpi), mm(3.5, dpi)), "PASSPORT", font=header_font, fill=40, anchor="ra")
    for label, value, x, y in fields:
        draw.text((mm(x, dpi), mm(y, dpi)), label, font=label_font, fill=70)
        draw.text((mm(x, dpi), mm(y + 2.3, dpi)), value, font=value_font, fill=15)
    draw.text((mm(72, dpi), mm(56, dpi)), "Holder's signature", font=label_font, fill=70)
    signature_box = (mm(73, dpi), mm(58.5, dpi), mm(100, dpi), mm(63, dpi))
    draw.line(scribble(rng, signature_box), fill=30, width=max(1, mm(0.3, dpi)), joint="curve")

    draw_mrz(draw, (line1, line2), MRZ_LEFT_MM, MRZ_LINE_CENTRES_MM, dpi)

    card = np.asarray(image, dtype=np.float32)
    card += np_rng.normal(0, 2.5, card.shape).astype(np.float32)
    margin = mm(MARGIN_MM, dpi)
    page = np.full((card_h + 2 * margin, card_w + 2 * margin), 255, dtype=np.uint8)
    page[margin : margin + card_h, margin : margin + card_w] = np.clip(card, 0, 255)
    cv2.rectangle(page, (margin, margin), (margin + card_w - 1, margin + card_h - 1), 150, 1)
    return Sample(kind="passport", pages=[page], dpi=dpi, truth=truth, text_pages=["\n".join(text)])
