"""Find and normalise typed values in a piece of text: dates, amounts, enterprise numbers.

Every finder works on `fold`ed text (same offsets as the original) and
returns the value *and where it was*, so the extractor can attach the OCR
words it came from. Dates come out as ISO YYYY-MM-DD, amounts as plain
decimals ("4250.00"), whatever the language wrote.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date

from ocr.text import fold


@dataclass(frozen=True)
class Found:
    value: str
    start: int
    end: int


_MONTH_NAMES = {
    1: "januari jan janvier janv january januar janner",
    2: "februari feb fevrier fevr fev february februar",
    3: "maart mrt mars march mar marz",
    4: "april apr avril avr",
    5: "mei mai may",
    6: "juni jun juin june",
    7: "juli jul juillet juil july",
    8: "augustus aug aout august",
    9: "september sep sept septembre",
    10: "oktober okt octobre oct october",
    11: "november nov novembre",
    12: "december dec decembre dezember dez",
}
MONTHS = {name: month for month, names in _MONTH_NAMES.items() for name in names.split()}
_LONG_MONTHS = [name for name in MONTHS if len(name) >= 5]

_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2}) ?[./-] ?(\d{1,2}) ?[./-] ?(\d{4})(?!\d)")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_DAY_MONTH_YEAR = re.compile(
    r"(?<!\d)(\d{1,2})(?:er|e|st|nd|rd|th)?\.? ?([a-z]{3,10})\.? ?,? (\d{4})(?!\d)"
)
_MONTH_DAY_YEAR = re.compile(r"\b([a-z]{3,10})\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})(?!\d)")

_AMOUNT = re.compile(r"(?<![\d.,])(\d{1,3}(?:[ .,']\d{3})+|\d+)(?:[.,](\d{1,2}))?(?![\d])")
_CURRENCY = re.compile(r"\b(eur|euro|euros|usd|gbp|chf)\b|€|\$|£")
_CURRENCY_CODES = {"€": "EUR", "euro": "EUR", "euros": "EUR", "$": "USD", "£": "GBP"}
_PERIOD_WORDS = {
    "month": "maand mnd mois month monat maandelijks mensuel mensuelle monthly monatlich",
    "year": "jaar annee year jahr jaarlijks annuel annuelle annual yearly jahrlich",
    "hour": "uur heure hour stunde horaire hourly stundlich",
}
_PERIODS = {word: period for period, words in _PERIOD_WORDS.items() for word in words.split()}
_PERIOD = re.compile(
    r"(?:\b(?:per|par|pro) an\b|/ ?an\b)|\b("
    + "|".join(sorted(_PERIODS, key=len, reverse=True))
    # "monthly", "maandelijkse", "monatliche": the plural and the inflected adjective
    + r")(?:s|e)?\b"
)
# Salary labels that carry the period themselves ("Bruto maandloon", "Monatsgehalt").
_PERIOD_COMPOUNDS = {
    "maandloon": "month",
    "monatsgehalt": "month",
    "monatslohn": "month",
    "monatsbrutto": "month",
    "mensuel": "month",
    "monthly": "month",
    "jaarloon": "year",
    "annuel": "year",
    "jahresgehalt": "year",
    "jahresbrutto": "year",
    "annual": "year",
    "uurloon": "hour",
    "stundenlohn": "hour",
    "horaire": "hour",
    "hourly": "hour",
}

_ENTERPRISE_TEN = re.compile(r"(?<![\d])([01]\d{3}) ?[ .,]? ?(\d{3}) ?[ .,]? ?(\d{3})(?!\d)")
_ENTERPRISE_NINE = re.compile(r"(?<![\d.])(\d{3})\.(\d{3})\.(\d{3})(?![\d.])")
_OPEN_ENDED = re.compile(
    r"onbepaalde (?:duur|tijd)|onbepaald|onbeperkte duur|duree indeterminee|indeterminee|"
    r"duree illimitee|open[- ]ended|indefinite|unlimited (?:duration|period|term)|"
    r"unbefristet|unbestimmte zeit|permanent"
)
# OCR reads 0 as O and 1 as l or I inside numbers; only next to a digit is that safe to undo.
_DIGIT_LOOKALIKES = {"o": "0", "l": "1", "i": "1", "|": "1"}


def digits_repaired(text: str) -> str:
    """`fold(text)` with O/l/I/| next to a digit read as 0/1 (same length)."""
    folded = fold(text)
    out = list(folded)
    for i, char in enumerate(folded):
        if char in _DIGIT_LOOKALIKES:
            before = folded[i - 1] if i else ""
            after = folded[i + 1] if i + 1 < len(folded) else ""
            if before.isdigit() or after.isdigit():
                out[i] = _DIGIT_LOOKALIKES[char]
    return "".join(out)


def find_date(text: str) -> Found | None:
    """The first date in `text` as ISO: dd/mm/yyyy, dd.mm.yyyy, ISO, or a month name."""
    folded = digits_repaired(text)
    found = []
    for m in _NUMERIC_DATE.finditer(folded):
        found.append((m.start(), m.end(), _iso(m.group(3), m.group(2), m.group(1))))
    for m in _ISO_DATE.finditer(folded):
        found.append((m.start(), m.end(), _iso(m.group(1), m.group(2), m.group(3))))
    for m in _DAY_MONTH_YEAR.finditer(folded):
        found.append((m.start(), m.end(), _iso(m.group(3), _month(m.group(2)), m.group(1))))
    for m in _MONTH_DAY_YEAR.finditer(folded):
        found.append((m.start(), m.end(), _iso(m.group(3), _month(m.group(1)), m.group(2))))
    valid = sorted((start, end, value) for start, end, value in found if value)
    if not valid:
        return None
    start, end, value = valid[0]
    return Found(value, start, end)


def _month(word: str) -> str | None:
    if word in MONTHS:
        return str(MONTHS[word])
    close = difflib.get_close_matches(word, _LONG_MONTHS, n=1, cutoff=0.8) if len(word) >= 5 else []
    return str(MONTHS[close[0]]) if close else None


def _iso(year: str, month: str | None, day: str) -> str | None:
    if month is None:
        return None
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def find_amount(text: str) -> Found | None:
    """The first amount, as a plain decimal with two places.

    The last separator followed by one or two digits is the decimal mark;
    groups of three after ".", ",", a space or an apostrophe are thousands,
    so 4.250,00 / 4 250,00 / 4,250.00 / 4250 all give 4250.00.
    """
    folded = digits_repaired(text)
    for m in _AMOUNT.finditer(folded):
        whole = re.sub(r"\D", "", m.group(1))
        cents = (m.group(2) or "0").ljust(2, "0")
        return Found(f"{int(whole)}.{cents}", m.start(), m.end())
    return None


def find_currency(text: str) -> Found | None:
    m = _CURRENCY.search(fold(text))
    if m is None:
        return None
    token = m.group(0)
    return Found(_CURRENCY_CODES.get(token, token.upper()), m.start(), m.end())


def find_period(text: str) -> Found | None:
    """month, year or hour, from "per maand", "par an", "pro Stunde", "monthly" and the like."""
    folded = fold(text)
    found = []
    m = _PERIOD.search(folded)
    if m is not None:
        word = m.group(1)
        found.append(Found(_PERIODS[word] if word else "year", m.start(), m.end()))
    for compound, period in _PERIOD_COMPOUNDS.items():
        start = folded.find(compound)
        if start >= 0:
            found.append(Found(period, start, start + len(compound)))
    # The first one named: "jaarloon ..., uitbetaald in twaalf maandelijkse schijven" is a year.
    return min(found, key=lambda f: f.start) if found else None


def find_enterprise_number(text: str) -> Found | None:
    """A Belgian enterprise (KBO/BCE) number, normalised to 0xxx.xxx.xxx.

    Accepts the dotted and the plain ten-digit form, with or without a BE
    VAT prefix, and the older nine-digit form (a leading 0 is added).
    """
    folded = digits_repaired(text)
    m = _ENTERPRISE_TEN.search(folded)
    if m is not None:
        return Found(f"{m.group(1)}.{m.group(2)}.{m.group(3)}", m.start(), m.end())
    m = _ENTERPRISE_NINE.search(folded)
    if m is not None:
        return Found(f"0{m.group(1)}.{m.group(2)}.{m.group(3)}", m.start(), m.end())
    return None


def enterprise_number_valid(number: str) -> bool:
    """The mod-97 check: the last two digits are 97 minus the first eight modulo 97."""
    digits = re.sub(r"\D", "", number)
    return len(digits) == 10 and 97 - int(digits[:8]) % 97 == int(digits[8:])


def find_open_ended(text: str) -> Found | None:
    """Wording for a contract without end date ("onbepaalde duur", "unbefristet", ...)."""
    m = _OPEN_ENDED.search(fold(text))
    return Found("", m.start(), m.end()) if m else None
