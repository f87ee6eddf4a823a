"""Which language a page is written in, from the words a first OCR pass found.

Tesseract reads a page best with that page's own language model alone: with
several models at once it lets English win ties and drops accents ("Universitat"
for "Universität"), and it is slower. Function words are the surest tell and
survive a reading with the wrong model, because they are short and common.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

import numpy as np

from ocr.model import OcrResult
from ocr.seam import OcrEngine

# Tesseract language code -> frequent function words; words shared by two of the languages
# ("de", "die", "en", "des", "is", "a") are left out, they tell nothing.
_FUNCTION_WORDS = {
    "nld": "het een van op voor met aan door bij zijn wordt werd niet ook dat deze naar tot "
    "onder tussen uit te heeft behaald uitgereikt werkgever werknemer overeenkomst",
    "fra": "le la les du un une et est sur pour par avec dans au aux ce cette qui que ne pas "
    "sont entre obtenu delivre employeur travailleur contrat",
    "deu": "der das den dem ein eine und ist auf mit von zu im bei wird sind nicht auch "
    "zwischen am dass hat erworben verliehen bescheinigt arbeitgeber arbeitnehmer vertrag",
    "eng": "the and of to for with by at be are this that which from between employer "
    "employee agreement",
}
FUNCTION_WORDS = {language: frozenset(words.split()) for language, words in _FUNCTION_WORDS.items()}
# A decision needs this many function words, and the winner this lead over the runner-up:
# a passport's few labels or a name must not switch the model.
MIN_HITS = 4
MIN_LEAD = 1.5
_WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str, candidates: tuple[str, ...]) -> str | None:
    """The candidate language whose function words dominate `text`; None when unclear."""
    counts: Counter[str] = Counter()
    for word in _WORD.findall(text.lower()):
        for language in candidates:
            if word in FUNCTION_WORDS.get(language, frozenset()):
                counts[language] += 1
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < MIN_HITS:
        return None
    if len(ranked) > 1 and ranked[0][1] < MIN_LEAD * ranked[1][1]:
        return None
    return ranked[0][0]


def read_in_language(gray: np.ndarray, engine: OcrEngine) -> OcrResult:
    """OCR a page with its own language model: a first pass with the engine's first language,
    a second with the detected one when it differs. Pages in the first language (Dutch, for a
    Flemish portal) cost one pass; the others keep their accents for one more."""
    first_language = engine.languages[0]
    first = engine.recognize(gray, languages=(first_language,))
    language = detect_language(first.text, engine.languages)
    if language is None or language == first_language:
        return replace(first, language=first_language if language else None)
    return replace(engine.recognize(gray, languages=(language,)), language=language)
