"""Dates and amounts written the way each portal language writes them.

Extractors must parse these local forms back to ISO dates and plain decimals, so the generator
produces the genuine variants (4.250,00 / 4 250,00 / 4,250.00, "1er juin", "1. Juni").
"""

from __future__ import annotations

from datetime import date

LANGUAGES = ("nl", "fr", "en", "de")

MONTHS = {
    "nl": (
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "de": (
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ),
}


def check_language(language: str) -> str:
    """Reject languages the templates do not cover, before any drawing starts."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    return language


def numeric_date(day: date, language: str) -> str:
    """dd/mm/yyyy (nl, fr, en) or dd.mm.yyyy (de)."""
    separator = "." if language == "de" else "/"
    return f"{day.day:02d}{separator}{day.month:02d}{separator}{day.year}"


def long_date(day: date, language: str) -> str:
    """'30 juni 2019', '1er juin 2019', '30 June 2019', '30. Juni 2019'."""
    month = MONTHS[language][day.month - 1]
    if language == "de":
        return f"{day.day}. {month} {day.year}"
    if language == "fr" and day.day == 1:
        return f"1er {month} {day.year}"
    return f"{day.day} {month} {day.year}"


def amount(cents: int, language: str) -> str:
    """Money with the language's separators: 4.250,00 (nl, de), 4 250,00 (fr), 4,250.00 (en)."""
    text = f"{cents // 100:,}.{cents % 100:02d}"
    if language == "en":
        return text
    thousands = " " if language == "fr" else "."
    return text.replace(",", "\0").replace(".", ",").replace("\0", thousands)
