"""A contract made out for the holder of a generated passport: same name, same birth date.

Submission tests need documents that belong together, as an employer's filing for one
worker does; the cross-document checks then have nothing to object to.
"""

from __future__ import annotations

from datetime import date

from benchmarks import synth


def holder_name(passport: synth.Sample) -> str:
    return f"{passport.truth['given_names'].title()} {passport.truth['surname'].title()}"


def contract_for(passport: synth.Sample) -> tuple[str, dict[str, str]]:
    """An English contract's text naming the passport's holder, and its ground truth."""
    letter = synth.contract(5, language="en")
    born = date.fromisoformat(passport.truth["date_of_birth"])
    written = f"{born.day} {born:%B %Y}"
    stated = letter.text_pages[0].splitlines()
    (birth_line,) = [line for line in stated if line.startswith("Date of birth:")]
    text = (
        letter.text_pages[0]
        .replace(letter.truth["employee_name"], holder_name(passport))
        .replace(birth_line, f"Date of birth: {written}")
    )
    truth = dict(
        letter.truth, employee_name=holder_name(passport), employee_birth_date=born.isoformat()
    )
    return text, truth
