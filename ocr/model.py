"""Plain value types shared by the OCR engine, the MRZ reader and the extractors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

DocumentType = Literal["passport", "id_card", "contract", "diploma", "unknown"]
# Documents whose fields come from a machine-readable zone.
MRZ_DOCUMENTS: tuple[DocumentType, ...] = ("passport", "id_card")
FieldSource = Literal["mrz", "ocr", "text_layer"]
BBox = tuple[int, int, int, int]  # x, y, width, height in pixels of the deskewed page


@dataclass(frozen=True)
class Word:
    """One recognised word; `line` groups words of one text line (block, paragraph, line)."""

    text: str
    confidence: float  # 0..1
    bbox: BBox
    line: tuple[int, int, int]


@dataclass(frozen=True)
class OcrResult:
    """Text of one page, from Tesseract or from a PDF text layer."""

    text: str
    words: tuple[Word, ...] = ()
    source: FieldSource = "ocr"
    mean_confidence: float = 0.0
    language: str | None = None  # Tesseract code of the page's language, when it was clear


@dataclass(frozen=True)
class Field:
    value: str
    confidence: float  # 0..1
    source: FieldSource
    page: int | None = None
    bbox: BBox | None = None


@dataclass(frozen=True)
class Check:
    code: str
    ok: bool
    message: str


@dataclass(frozen=True)
class Classification:
    """A page's document type and the cues that decided it, so it can be explained."""

    type: DocumentType
    cues: tuple[str, ...] = ()


@dataclass(frozen=True)
class Extraction:
    fields: dict[str, Field] = field(default_factory=dict)
    checks: tuple[Check, ...] = ()
