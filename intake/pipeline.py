"""The page pipeline: one function per stage, the same code for CLI, tests and workers.

A page is measured once, deskewed, and held to the thresholds of the type it
looks like before any OCR (a cheap MRZ-band test tells passports apart); a
page that fails stops there. Pages that pass are read (their PDF text layer,
or Tesseract), classified, and a passport's MRZ is read. Documents are
assembled from the pages afterwards (`intake.assemble`), because a contract
may span several pages and the checks span the files of a submission.
"""

from __future__ import annotations

from datetime import date

import quality
from intake.assemble import (
    FailedPage,
    FileAnalysis,
    FileResult,
    PageAnalysis,
    PageOutcome,
    assemble_file,
)
from intake.errors import BadInput, IntakeError, OcrFailed
from intake.rules.policy import Policy
from intake.sandbox import SandboxLimits, split_isolated
from intake.split import PageInput, SplitLimits
from ocr.classify import classify_page
from ocr.fields import extract, extract_passport
from ocr.language import detect_language, read_in_language
from ocr.model import Classification, DocumentType, OcrResult
from ocr.mrz.geometry import Band
from ocr.mrz.locate import find_mrz_bands, read_mrz
from ocr.refine import refine_names
from ocr.seam import OcrEngine, OcrTimeout

# Below this the rotation costs more (interpolation blur) than the skew costs OCR.
MIN_DESKEW_DEGREES = 0.2
# A page is turned upright only when its orientation is this sure; below it the page is
# read as scanned (a wrong quarter turn would cost the whole page).
MIN_ORIENTATION_CONFIDENCE = 0.5


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


def analyse_file(
    data: bytes,
    policy: Policy,
    engine: OcrEngine,
    *,
    limits: SplitLimits | None = None,
    sandbox: SandboxLimits | None = None,
    today: date | None = None,
) -> FileAnalysis:
    """Split one file and analyse its pages in-process; never raises for bad input.

    A file that cannot be split carries its error; a page that fails is a
    `FailedPage` with its reason, and the pages after it are still read.
    """
    today = today or date.today()
    try:
        read = split_isolated(data, limits or SplitLimits(), sandbox or SandboxLimits())
    except BadInput as exc:
        return FileAnalysis(error=exc)
    pages: list[PageOutcome] = []
    for page in read.pages:
        try:
            pages.append(analyse_page(page, policy, engine, today))
        except IntakeError as exc:
            pages.append(FailedPage(page.index, exc))
    return FileAnalysis(read.kind, pages, notes=read.notes)


def process_file(
    data: bytes,
    policy: Policy,
    engine: OcrEngine,
    *,
    limits: SplitLimits | None = None,
    sandbox: SandboxLimits | None = None,
    today: date | None = None,
) -> FileResult:
    """One file on its own, read and assembled: a submission of one file with nothing declared."""
    analysis = analyse_file(data, policy, engine, limits=limits, sandbox=sandbox, today=today)
    return assemble_file(analysis, policy)
