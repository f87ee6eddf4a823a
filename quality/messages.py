"""What the uploader reads when a page is rejected, in English and Dutch.

Every text names the problem in plain words and says what to do about it; none mentions
a measure or a number. Kept in one place so that wording is reviewed (and translated) as
a whole.
"""

from __future__ import annotations

from typing import Literal

MessageKey = Literal[
    "blurry",
    "motion_blur",
    "low_resolution",
    "too_dark",
    "too_bright",
    "low_contrast",
    "blank_page",
    "cropped",
    "glare",
    "skewed",
]

MESSAGES: dict[MessageKey, tuple[str, str]] = {
    "blurry": (
        "The scan is out of focus: scan it again at 300 dpi or higher, holding the document "
        "flat and still.",
        "De scan is onscherp: scan opnieuw op 300 dpi of hoger en houd het document vlak en stil.",
    ),
    "motion_blur": (
        "The scan is smeared, as if the document or the camera moved: scan it again and keep "
        "both still until the scan is finished.",
        "De scan is uitgesmeerd, alsof het document of de camera bewoog: scan opnieuw en houd "
        "beide stil tot de scan klaar is.",
    ),
    "low_resolution": (
        "The resolution is too low to read the text: scan it again at 300 dpi or higher.",
        "De resolutie is te laag om de tekst te lezen: scan opnieuw op 300 dpi of hoger.",
    ),
    "too_dark": (
        "The scan is too dark: scan it again in good light or with a higher brightness setting.",
        "De scan is te donker: scan opnieuw bij goed licht of met een hogere "
        "helderheidsinstelling.",
    ),
    "too_bright": (
        "The scan is too light and the text is faded: scan it again with a lower brightness "
        "setting and without flash.",
        "De scan is te licht en de tekst is vervaagd: scan opnieuw met een lagere "
        "helderheidsinstelling en zonder flits.",
    ),
    "low_contrast": (
        "The text hardly stands out from the background: scan the original (not a copy) "
        "again in colour or greyscale with automatic exposure.",
        "De tekst is nauwelijks te onderscheiden van de achtergrond: scan het origineel "
        "(geen kopie) opnieuw in kleur of grijstinten met automatische belichting.",
    ),
    "blank_page": (
        "This page appears to be empty: check that you uploaded the right page and that the "
        "printed side faced the scanner glass.",
        "Deze pagina lijkt leeg: controleer of u de juiste pagina hebt geüpload en of de "
        "bedrukte kant naar het glas van de scanner gericht was.",
    ),
    "cropped": (
        "Part of the document is cut off: place the whole document on the scanner with some "
        "space all around it and scan it again.",
        "Een deel van het document valt weg: leg het hele document met wat ruimte rondom op "
        "de scanner en scan opnieuw.",
    ),
    "glare": (
        "A reflection hides part of the document: scan it again without flash, or tilt it "
        "slightly away from the light.",
        "Een weerspiegeling verbergt een deel van het document: scan opnieuw zonder flits, of "
        "kantel het document een beetje weg van het licht.",
    ),
    "skewed": (
        "The document lies too crooked: place it straight on the scanner and scan it again.",
        "Het document ligt te scheef: leg het recht op de scanner en scan opnieuw.",
    ),
}


def message(key: MessageKey) -> tuple[str, str]:
    """The (English, Dutch) text for one rejection reason."""
    return MESSAGES[key]
