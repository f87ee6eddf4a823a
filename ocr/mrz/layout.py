"""Where each field of a TD1, TD2 or TD3 machine-readable zone sits (ICAO 9303 parts 4-6).

The lines of an MRZ are handled joined into one string; every position has
a character class, and the check digits cover fixed groups of positions -
except that a TD1/TD2 document number longer than nine characters runs on
into the optional data, so the groups depend on the characters.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Literal

from ocr.mrz.checkdigit import check_digit_holds

MrzFormat = Literal["TD1", "TD2", "TD3"]
# A: letters and filler, N: digits, C: check digit (digit or filler), X: alphanumeric.
CharClass = Literal["A", "N", "C", "X"]
ALLOWED: dict[CharClass, str] = {
    "A": string.ascii_uppercase + "<",
    "N": string.digits,
    "C": string.digits + "<",
    "X": string.ascii_uppercase + string.digits + "<",
}


@dataclass(frozen=True)
class Layout:
    format: MrzFormat
    length: int
    lines: int
    doc_code: slice
    issuing_state: slice
    name: slice
    number: slice
    number_check: int
    nationality: slice
    birth: slice
    birth_check: int
    sex: int
    expiry: slice
    expiry_check: int
    optional: tuple[slice, ...]
    optional_check: int | None
    composite: tuple[slice, ...]
    composite_check: int
    # TD1/TD2: a number longer than 9 characters continues in the optional data.
    long_number: bool


TD3 = Layout(
    "TD3",
    44,
    2,
    slice(0, 2),
    slice(2, 5),
    slice(5, 44),
    slice(44, 53),
    53,
    slice(54, 57),
    slice(57, 63),
    63,
    64,
    slice(65, 71),
    71,
    (slice(72, 86),),
    86,
    (slice(44, 54), slice(57, 64), slice(65, 87)),
    87,
    False,
)
TD2 = Layout(
    "TD2",
    36,
    2,
    slice(0, 2),
    slice(2, 5),
    slice(5, 36),
    slice(36, 45),
    45,
    slice(46, 49),
    slice(49, 55),
    55,
    56,
    slice(57, 63),
    63,
    (slice(64, 71),),
    None,
    (slice(36, 46), slice(49, 56), slice(57, 71)),
    71,
    True,
)
TD1 = Layout(
    "TD1",
    30,
    3,
    slice(0, 2),
    slice(2, 5),
    slice(60, 90),
    slice(5, 14),
    14,
    slice(45, 48),
    slice(30, 36),
    36,
    37,
    slice(38, 44),
    44,
    (slice(15, 30), slice(48, 59)),
    None,
    (slice(5, 30), slice(30, 37), slice(38, 45), slice(48, 59)),
    59,
    True,
)
LAYOUTS: dict[MrzFormat, Layout] = {"TD1": TD1, "TD2": TD2, "TD3": TD3}


@dataclass(frozen=True)
class Group:
    """Positions covered by one check digit."""

    name: str
    data: tuple[int, ...]
    check: int

    def holds(self, chars: list[str]) -> bool:
        return check_digit_holds("".join(chars[i] for i in self.data), chars[self.check])


def positions(part: slice) -> tuple[int, ...]:
    return tuple(range(part.start, part.stop))


def char_classes(layout: Layout) -> list[CharClass]:
    classes: list[CharClass] = ["A" for _ in range(layout.length * layout.lines)]
    for part in (layout.number, *layout.optional):
        for i in positions(part):
            classes[i] = "X"
    for part in (layout.birth, layout.expiry):
        for i in positions(part):
            classes[i] = "N"
    checks = [layout.number_check, layout.birth_check, layout.expiry_check, layout.composite_check]
    if layout.optional_check is not None:
        checks.append(layout.optional_check)
    for i in checks:
        classes[i] = "C"
    return classes


def check_groups(layout: Layout, chars: list[str]) -> list[Group]:
    """The check-digit groups, the document number first and the composite last.

    TD1/TD2 long document numbers (ICAO 9303 part 5, note j): a `<` in the
    number's check position means the number continues at the start of the
    first optional field, followed there by its check digit.
    """
    number = positions(layout.number)
    number_check = layout.number_check
    extension_field = layout.optional[0]
    if layout.long_number and chars[number_check] == "<" and chars[extension_field.start] != "<":
        tail = "".join(chars[extension_field]).split("<", 1)[0]
        extension = tuple(range(extension_field.start, extension_field.start + len(tail)))
        number, number_check = number + extension[:-1], extension[-1]
    groups = [
        Group("document number", number, number_check),
        Group("date of birth", positions(layout.birth), layout.birth_check),
        Group("expiry date", positions(layout.expiry), layout.expiry_check),
    ]
    if layout.optional_check is not None:
        groups.append(Group("optional data", positions(layout.optional[0]), layout.optional_check))
    composite = tuple(i for part in layout.composite for i in positions(part))
    groups.append(Group("composite", composite, layout.composite_check))
    return groups


def all_hold(layout: Layout, chars: list[str]) -> bool:
    return all(g.holds(chars) for g in check_groups(layout, chars))


def protected(layout: Layout, chars: list[str]) -> set[int]:
    """Positions some check digit covers (including the check digits themselves)."""
    return {i for g in check_groups(layout, chars) for i in (*g.data, g.check)}


def field_at(layout: Layout, chars: list[str], i: int) -> str | None:
    """The reported field that position `i` belongs to, if any."""
    if layout.name.start <= i < layout.name.stop:
        separator = "".join(chars[layout.name]).find("<<")
        return "surname" if separator < 0 or i - layout.name.start < separator else "given_names"
    number = check_groups(layout, chars)[0]
    spans = {
        "document_number": (*number.data, number.check),
        "nationality": positions(layout.nationality),
        "issuing_state": positions(layout.issuing_state),
        "date_of_birth": (*positions(layout.birth), layout.birth_check),
        "expiry_date": (*positions(layout.expiry), layout.expiry_check),
        "sex": (layout.sex,),
    }
    return next((name for name, span in spans.items() if i in span), None)
