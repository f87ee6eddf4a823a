"""A second look at the lines that hold names, so their accents survive.

A page is read with its own language model, but the names on it often come
from elsewhere (a Portuguese worker on a Dutch contract: "Conceição", a
German one on a French page: "Groß", a Walloon employer on a German one:
"Hainaut Métal"), and diploma names and institutions are
set in large type, where Tesseract's models, trained on body-text sizes,
drop diacritics ("Universite", "Munchen"). Re-reading just those lines with
the model for the whole Latin script, scaled to a body-text line height,
gets them back.

The re-read only replaces a word where it differs from the first reading in
accents alone, or where the first reading was unsure of that word and the
re-read is surer: the Latin model is wider, so it also invents letters
("EIl" for "El") that the page's own model got right.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import cv2
import numpy as np

from ocr.model import BBox, Field, OcrResult, Word
from ocr.seam import OcrEngine
from ocr.text import fold, text_of_words

# Tesseract's model for every language written in Latin script (Debian: tesseract-ocr-script-latn).
NAME_MODEL = "Latin"
NAME_FIELDS = ("holder_name", "employee_name", "employer_name", "institution")
# Height in pixels the line is scaled down to: diacritics were read right at 24 and 32 px on
# every generated sample, and lost at the 80-90 px of diploma headings.
LINE_HEIGHT = 28
# A first reading this unsure of a word gives way to a surer re-read of it.
UNSURE = 0.6


def refine_names(
    gray: np.ndarray, result: OcrResult, fields: Mapping[str, Field], engine: OcrEngine
) -> OcrResult:
    """`result` with the words of name fields re-read where that is clearly better."""
    words = list(result.words)
    changed = False
    for name in NAME_FIELDS:
        field = fields.get(name)
        if field is None or field.bbox is None or field.source != "ocr":
            continue
        where = [i for i, w in enumerate(words) if _inside(w.bbox, field.bbox)]
        if not where:
            continue
        again = read_line(gray, field.bbox, engine)
        merged = merge_words([words[i] for i in where], list(again.words))
        for i, word in zip(where, merged, strict=True):
            changed |= word != words[i]
            words[i] = word
    if not changed:
        return result
    return replace(result, words=tuple(words), text=text_of_words(words))


def read_line(gray: np.ndarray, bbox: BBox, engine: OcrEngine) -> OcrResult:
    """One line of the page, with some margin, scaled to LINE_HEIGHT and read as one line."""
    x, y, width, height = bbox
    pad = max(4, height // 4)
    crop = gray[max(0, y - pad) : y + height + pad, max(0, x - pad) : x + width + pad]
    if height > LINE_HEIGHT:
        scale = LINE_HEIGHT / height
        crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return engine.recognize(crop, languages=(NAME_MODEL,), psm=7)


def merge_words(first: list[Word], again: list[Word]) -> list[Word]:
    """The first reading's words, each replaced by its re-read where that is clearly better.

    Words are paired by position, so a re-read that split or merged words is ignored.
    Positions (boxes, lines) stay those of the first reading: they index the page.
    """
    if len(first) != len(again):
        return first
    return [
        replace(old, text=new.text, confidence=max(old.confidence, new.confidence))
        if _better(old, new)
        else old
        for old, new in zip(first, again, strict=True)
    ]


def _better(old: Word, new: Word) -> bool:
    if new.text == old.text:
        return False
    if fold(new.text) == fold(old.text):
        return True
    return old.confidence < UNSURE and new.confidence > old.confidence


def _inside(inner: BBox, outer: BBox) -> bool:
    x, y, w, h = inner
    ox, oy, ow, oh = outer
    return x >= ox and y >= oy and x + w <= ox + ow and y + h <= oy + oh
