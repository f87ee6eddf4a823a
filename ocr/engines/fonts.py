"""Where the OCR-B typeface is on disk, for the MRZ reader's glyph comparison.

Debian's `fonts-ocr-b` installs it; without it the comparison has no evidence
and `ocr.mrz.ocrb` leaves look-alike ties to the check digits and review.
"""

from __future__ import annotations

from pathlib import Path

OCRB_FONT_PATHS = (
    Path("/usr/share/fonts/opentype/ocr-b/OCRB.otf"),
    Path("/usr/share/fonts/truetype/ocr-b/OCRB.ttf"),
)


def ocrb_font() -> Path | None:
    """The first installed OCR-B font file, or None."""
    return next((p for p in OCRB_FONT_PATHS if p.exists()), None)
