"""Upload file names as shown back: a name, never a path, a markup or a spoof.

The portal passes on whatever name the uploader's browser sent. Shown as it
is, `../../etc/passwd.pdf` reads as a path, a right-to-left override turns
`invoice‮fdp.exe` into `invoiceexe.pdf` on screen, and a 5,000-character
name breaks every table it appears in. The name shown is cleaned; the name as
sent is kept beside it, unchanged, for the record.
"""

from __future__ import annotations

import re
import unicodedata

MAX_DISPLAY_CHARS = 120
MAX_EXTENSION_CHARS = 10
_SPACES = re.compile(r"\s+")


def display_filename(sent: str, position: int) -> str:
    """The name to show for the upload at `position` (0-based) that was sent as `sent`."""
    base = _SPACES.sub(" ", re.split(r"[/\\]", sent)[-1])
    visible = "".join(c for c in unicodedata.normalize("NFC", base) if _shown(c))
    name = _SPACES.sub(" ", visible).strip().lstrip(".").strip()
    if not name:
        return f"file-{position + 1}"
    if len(name) <= MAX_DISPLAY_CHARS:
        return name
    stem, dot, extension = name.rpartition(".")
    if dot and stem and len(extension) <= MAX_EXTENSION_CHARS:
        return f"{stem[: MAX_DISPLAY_CHARS - len(extension) - 2]}….{extension}"
    return f"{name[: MAX_DISPLAY_CHARS - 1]}…"


def _shown(char: str) -> bool:
    """Not a control, format (bidi overrides, zero-width), surrogate or unassigned character."""
    return not unicodedata.category(char).startswith("C")
