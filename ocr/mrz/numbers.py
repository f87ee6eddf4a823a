"""Passport-number shapes of issuing states, to settle what the check digits cannot.

The check digit weighs positions 7-3-1, so swapping 0 for O (values 0 and 24)
at two positions of equal weight gives two repairs that both hold: `05542500`
could be `O5542500` or `055425O0`. The issuer's number format decides between
them. It also catches two misreadings that cancel out in the check digit
("CZOTZZHZ5" for "CZ01ZZHZ5": German numbers have no O): a number its issuer
never gives is repaired when exactly one look-alike repair fits and holds,
and put in doubt when none or several do.

Formats of ordinary passports, as long as the issuers have used them; states
not listed give no evidence, and their numbers are taken as the check digits
allow.
"""

from __future__ import annotations

import re

_PASSPORT_NUMBERS = {
    "BEL": r"[A-Z]{2}\d{6}",
    "BRA": r"[A-Z]{2}\d{6}",
    # Since November 2017: a letter of CFGHJK, then eight of digits and consonants.
    "D": r"[CFGHJK][0-9CFGHJKLMNPRTVWXYZ]{8}",
    "IND": r"[A-Z]\d{7}",
    # The letter O is never used, so that it cannot be confused with zero.
    "NLD": r"[A-NP-Z]{2}[A-NP-Z0-9]{6}\d",
    "PHL": r"P\d{7}[A-Z]",
    "TUR": r"U\d{8}",
    "UKR": r"[A-Z]{2}\d{6}",
    # Older books: nine digits; Next Generation books (2021 on): a letter and eight digits.
    "USA": r"\d{9}|[A-Z]\d{8}",
}
_COMPILED = {state: re.compile(pattern) for state, pattern in _PASSPORT_NUMBERS.items()}


def fits_issuer(document_code: str, issuing_state: str, number: str) -> bool | None:
    """Whether a passport number has its issuer's shape; None when there is no rule."""
    pattern = _COMPILED.get(issuing_state) if document_code.startswith("P") else None
    if pattern is None:
        return None
    return pattern.fullmatch(number) is not None
