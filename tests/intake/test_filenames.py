"""Upload names are shown as names: no path, no control or bidi characters, a bounded length."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intake.filenames import MAX_DISPLAY_CHARS, display_filename


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        ("scan.pdf", "scan.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\jan\\Desktop\\paspoort.jpg", "paspoort.jpg"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),
        ("zero\u200bwidth\x00null\x1b[31mred.png", "zerowidthnull[31mred.png"),
        ("  Arbeidsovereenkomst\tJan   Peeters .pdf ", "Arbeidsovereenkomst Jan Peeters .pdf"),
        ("Conceic\u0327a\u0303o.pdf", "Conceição.pdf"),
        ("..", "file-3"),
        (".htaccess", "htaccess"),
        ("", "file-3"),
        ("\u202e\u202c", "file-3"),
    ],
)
def test_names_are_cleaned_for_display(sent: str, shown: str) -> None:
    assert display_filename(sent, 2) == shown


def test_a_long_name_is_cut_keeping_its_extension() -> None:
    shown = display_filename("a" * 5000 + ".pdf", 0)
    assert len(shown) == MAX_DISPLAY_CHARS
    assert shown.endswith("….pdf") and shown.startswith("a" * 100)
    assert len(display_filename("b" * 5000, 0)) == MAX_DISPLAY_CHARS


@given(st.text(max_size=400))
def test_any_name_shows_as_a_short_plain_name(sent: str) -> None:
    shown = display_filename(sent, 0)
    assert 0 < len(shown) <= MAX_DISPLAY_CHARS
    assert "/" not in shown and "\\" not in shown
    assert shown == shown.strip() and not shown.startswith(".")
    assert all(ch.isprintable() or ch == " " for ch in shown)
