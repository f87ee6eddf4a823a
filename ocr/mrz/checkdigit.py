"""ICAO 9303 check digits, the only integrity signal an MRZ carries.

Weights 7, 3, 1 repeat over the characters; digits count as their value,
A-Z as 10..35 and the filler `<` as 0; the digit is the sum modulo 10.
"""

from __future__ import annotations

import string

_VALUES = {c: i for i, c in enumerate(string.digits + string.ascii_uppercase)} | {"<": 0}
_WEIGHTS = (7, 3, 1)
MRZ_ALPHABET = frozenset(_VALUES)


def check_digit(data: str) -> int:
    """The ICAO 9303 check digit of `data`; ValueError on a character outside the MRZ set."""
    try:
        return sum(_VALUES[c] * _WEIGHTS[i % 3] for i, c in enumerate(data)) % 10
    except KeyError as exc:
        raise ValueError(f"not an MRZ character: {exc.args[0]!r}") from None


def check_digit_holds(data: str, digit: str) -> bool:
    """Whether `digit` is a valid check digit for `data`.

    Some states print `<` instead of 0 in the check position of an empty
    (all-filler) optional field; ICAO 9303 allows that, so it counts as valid
    there and nowhere else.
    """
    if digit == "<":
        return all(c == "<" for c in data)
    if not digit.isdigit() or not MRZ_ALPHABET.issuperset(data):
        return False
    return check_digit(data) == int(digit)
