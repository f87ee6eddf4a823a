"""The page pipeline: one function per stage, the same code for CLI, tests and workers.

A page is measured once, deskewed, and held to the thresholds of the type it
looks like before any OCR (a cheap MRZ-band test tells passports apart); a
page that fails stops there. Pages that pass are read (their PDF text layer,
or Tesseract), classified, and a passport's MRZ is read. Documents are
assembled from the pages of one file afterwards, because a contract may span
several pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import numpy as np

import quality
from intake.errors import BadInput, IntakeError, OcrFailed
from intake.rules.policy import Policy
from intake.split import PageInput, SplitLimits, split
from ocr.classify import classify_page, group_pages
from ocr.fields import extract, extract_passport
from ocr.language import detect_language, read_in_language
from ocr.model import (
    MRZ_DOCUMENTS,
    Check,
    Classification,
    DocumentType,
    Extraction,
    Field,
    OcrResult,
)
from ocr.mrz.geometry import Band
from ocr.mrz.locate import find_mrz_bands, read_mrz
from ocr.names import printed_name_check
from ocr.refine import refine_names
from ocr.seam import OcrEngine, OcrTimeout

FileStatus = Literal["accepted", "needs_review", "rejected", "error"]
# Below this the rotation costs more (interpolation blur) than the skew costs OCR.
MIN_DESKEW_DEGREES = 0.2
# A page is turned upright only when its orientation is this sure; below it the page is
# read as scanned (a wrong quarter turn would cost the whole page).
MIN_ORIENTATION_CONFIDENCE = 0.5


@dataclass(frozen=True)
class PageAnalysis:
    """What the pipeline learned about one page.

    `image` is the deskewed page, present while the page is in memory and None
    when the analysis is read back from the record store.
    """

    index: int
    quality: quality.QualityReport
    classification: Classification
    skew_applied: float
    image: np.ndarray | None
    text: OcrResult | None = None
    mrz: Extraction | None = None
    rotation_applied: int = 0

    @property
    def doc_type(self) -> DocumentType:
        return self.classification.type


@dataclass(frozen=True)
class DocumentResult:
    type: DocumentType
    pages: tuple[int, ...]
    fields: dict[str, Field]
    checks: tuple[Check, ...]
    cues: tuple[str, ...] = ()


@dataclass(frozen=True)
class FileResult:
    status: FileStatus
    kind: str | None = None
    pages: list[PageAnalysis] = field(default_factory=list)
    documents: list[DocumentResult] = field(default_factory=list)
    error: IntakeError | None = None


def analyse_page(page: PageInput, policy: Policy, engine: OcrEngine, today: date) -> PageAnalysis:
    """Gate, deskew, read and classify one page; a rejected page is never OCR'd."""
    metrics = quality.measure(page.image, page.dpi)
    applied = metrics.skew_degrees if abs(metrics.skew_degrees) >= MIN_DESKEW_DEGREES else 0.0
    straight = quality.deskew(page.image, applied) if applied else page.image
    turned = (
        metrics.orientation if metrics.orientation_confidence >= MIN_ORIENTATION_CONFIDENCE else 0
    )
    upright = quality.upright(straight, turned) if turned else straight
    bands = find_mrz_bands(upright)
    looks_like = _looks_like(bands)
    report = quality.evaluate(metrics, policy.thresholds_for(looks_like))
    if not report.passed:
        cues = ("rejected by the quality gate before OCR",)
        return PageAnalysis(
            page.index,
            report,
            Classification(looks_like, cues),
            applied,
            upright,
            rotation_applied=turned,
        )
    try:
        if page.text_layer:
            text = _text_layer(page.text_layer, engine.languages)
        else:
            text = read_in_language(upright, engine)
        mrz = read_mrz(upright, engine, today, bands) if bands else None
        classification = classify_page(text.text, mrz.format if mrz is not None else None)
        if classification.type in ("contract", "diploma") and text.source == "ocr":
            found = extract(classification.type, [(page.index, text)])
            text = refine_names(upright, text, found.fields, engine)
    except OcrTimeout as exc:
        raise OcrFailed(str(exc)) from exc
    mrz_extraction = extract_passport(mrz, page.index) if mrz is not None else None
    if classification.type != looks_like:
        report = quality.evaluate(metrics, policy.thresholds_for(classification.type))
    return PageAnalysis(
        page.index, report, classification, applied, upright, text, mrz_extraction, turned
    )


def _looks_like(bands: list[Band]) -> DocumentType:
    """The type whose thresholds hold a page before OCR: a three-row MRZ is a TD1 card's."""
    if not bands:
        return "unknown"
    return "id_card" if bands[0].rows == 3 else "passport"


def _text_layer(text: str, languages: tuple[str, ...]) -> OcrResult:
    return OcrResult(
        text=text,
        source="text_layer",
        mean_confidence=1.0,
        language=detect_language(text, languages),
    )


def assemble(pages: list[PageAnalysis], policy: Policy, today: date) -> list[DocumentResult]:
    """Group the readable pages of one file into documents and extract their fields."""
    readable = [p for p in pages if p.quality.passed]
    groups = group_pages([p.doc_type for p in readable])
    documents = []
    for group in groups:
        members = [readable[i] for i in group]
        doc_type = members[0].doc_type
        if doc_type in MRZ_DOCUMENTS and members[0].mrz is not None:
            extraction = _with_printed_name(members[0].mrz, members[0].text)
        else:
            texts = [(p.index, p.text) for p in members if p.text is not None]
            extraction = extract(doc_type, texts, None, today)
        checks = (*extraction.checks, *_confidence_checks(extraction, policy))
        cues = tuple(dict.fromkeys(c for p in members for c in p.classification.cues))
        documents.append(
            DocumentResult(
                doc_type, tuple(p.index for p in members), extraction.fields, checks, cues
            )
        )
    return documents


def _with_printed_name(mrz: Extraction, text: OcrResult | None) -> Extraction:
    surname, given = mrz.fields.get("surname"), mrz.fields.get("given_names")
    if surname is None or text is None:
        return mrz
    check = printed_name_check(surname.value, given.value if given else "", text.text)
    return Extraction(mrz.fields, (*mrz.checks, check))


def _confidence_checks(extraction: Extraction, policy: Policy) -> list[Check]:
    low = {n: f for n, f in extraction.fields.items() if f.confidence < policy.min_field_confidence}
    if not low:
        return []
    listed = ", ".join(f"{name} ({f.confidence:.2f})" for name, f in sorted(low.items()))
    return [Check("field_confidence", False, f"Fields read with low confidence: {listed}.")]


def file_status(pages: list[PageAnalysis], documents: list[DocumentResult]) -> FileStatus:
    """Rejected if any page fails the gate; needs review if any document is doubtful."""
    if any(not p.quality.passed for p in pages):
        return "rejected"
    doubtful = any(d.type == "unknown" or not all(c.ok for c in d.checks) for d in documents)
    return "needs_review" if doubtful else "accepted"


def process_file(
    data: bytes,
    policy: Policy,
    engine: OcrEngine,
    *,
    limits: SplitLimits | None = None,
    today: date | None = None,
) -> FileResult:
    """The whole path for one file in-process; bad input becomes an `error` result."""
    today = today or date.today()
    try:
        kind, inputs = split(data, limits)
    except BadInput as exc:
        return FileResult(status="error", error=exc)
    pages: list[PageAnalysis] = []
    for page in inputs:
        try:
            analysis = analyse_page(page, policy, engine, today)
        except IntakeError as exc:
            return FileResult(status="error", kind=kind, pages=pages, error=exc)
        pages.append(analysis)
    documents = assemble(pages, policy, today)
    return FileResult(file_status(pages, documents), kind, pages, documents)
