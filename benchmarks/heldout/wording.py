"""How Belgian paperwork writes dates, amounts and enterprise numbers, in four languages.

Each document draws one writing habit (a date style, a thousands separator, where the euro sign
goes) and keeps it, as one drafter would; across documents every habit occurs.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

LANGUAGES: tuple[str, ...] = ("nl", "fr", "en", "de")

MONTHS: dict[str, tuple[str, ...]] = {
    "nl": (
        "januari", "februari", "maart", "april", "mei", "juni",
        "juli", "augustus", "september", "oktober", "november", "december",
    ),
    "fr": (
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
    "de": (
        "Januar", "Februar", "März", "April", "Mai", "Juni",
        "Juli", "August", "September", "Oktober", "November", "Dezember",
    ),
}  # fmt: skip


@dataclass(frozen=True)
class DateStyle:
    """One drafter's way of writing a date: in words or in figures, and with which separator."""

    in_words: bool
    separator: str = "/"
    padded: bool = True
    month_first: bool = False  # English "March 1, 2027"


def date_style(rng: random.Random, lang: str) -> DateStyle:
    if rng.random() < 0.5:
        return DateStyle(in_words=True, month_first=lang == "en" and rng.random() < 0.5)
    return DateStyle(
        in_words=False,
        separator=rng.choice("/.-") if lang != "de" else ".",
        padded=rng.random() < 0.8,
    )


def write_date(day: date, lang: str, style: DateStyle) -> str:
    """A date as `style` writes it in `lang`: "1 februari 2027", "1er mars 2027", "01/03/2027"."""
    if not style.in_words:
        d, m = (f"{day.day:02d}", f"{day.month:02d}") if style.padded else (day.day, day.month)
        return f"{d}{style.separator}{m}{style.separator}{day.year}"
    month = MONTHS[lang][day.month - 1]
    if lang == "fr":
        return f"{'1er' if day.day == 1 else day.day} {month} {day.year}"
    if lang == "de":
        return f"{day.day}. {month} {day.year}"
    if lang == "en" and style.month_first:
        return f"{month} {day.day}, {day.year}"
    return f"{day.day} {month} {day.year}"


@dataclass(frozen=True)
class MoneyStyle:
    """Thousands separator (possibly none) and the place and form of the currency."""

    thousands: str
    currency: str  # "€" or "EUR"
    before: bool


def money_style(rng: random.Random, lang: str) -> MoneyStyle:
    grouping = {"nl": [".", ""], "de": [".", ""], "fr": [" ", ".", ""], "en": [",", ""]}[lang]
    return MoneyStyle(rng.choice(grouping), rng.choice(("€", "EUR")), rng.random() < 0.5)


def write_amount(cents: int, lang: str, style: MoneyStyle) -> str:
    """An amount with its currency: "€ 3.250,00", "3 250,00 EUR", "EUR 3,250.00", "16,45 €"."""
    whole, fraction = divmod(cents, 100)
    digits = f"{whole}"
    groups: list[str] = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    decimal = "." if lang == "en" else ","
    number = f"{style.thousands.join(groups)}{decimal}{fraction:02d}"
    if style.before:
        glue = "" if style.currency == "€" and lang == "en" else " "
        return f"{style.currency}{glue}{number}"
    return f"{number} {style.currency}"


def enterprise_number(rng: random.Random) -> str:
    """A KBO/BCE number "0123.456.749": ten digits, the last two 97 - (first eight mod 97)."""
    first8 = rng.randint(2_000_000, 19_999_999)
    check = 97 - first8 % 97
    digits = f"{first8:08d}{check:02d}"
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


def write_enterprise_number(number: str, rng: random.Random) -> str:
    """The number as letterheads print it: dotted, spaced, with or without the BE prefix."""
    digits = number.replace(".", "")
    return rng.choice(
        (
            number,
            number,
            f"BE {number}",
            f"{digits[:4]} {digits[4:7]} {digits[7:]}",
            f"BE{digits}",
        )
    )
