"""Field extraction per document type, behind one dispatcher for the pipeline."""

from __future__ import annotations

from ocr.fields.contract import extract_contract
from ocr.fields.diploma import extract_diploma
from ocr.fields.passport import extract_passport
from ocr.model import MRZ_DOCUMENTS, DocumentType, Extraction, OcrResult
from ocr.mrz.parse import MrzResult

__all__ = ["extract", "extract_contract", "extract_diploma", "extract_passport"]


def extract(
    doc_type: DocumentType,
    pages: list[tuple[int, OcrResult]],
    mrz: MrzResult | None = None,
) -> Extraction:
    """The fields of one document from its pages ((page index, text) pairs) or its MRZ.

    Date-dependent checks (passport expiry) are made when the MRZ is parsed.
    """
    if doc_type in MRZ_DOCUMENTS:
        return extract_passport(mrz, pages[0][0] if pages else None)
    if doc_type == "contract":
        return extract_contract(pages)
    if doc_type == "diploma":
        return extract_diploma(pages)
    return Extraction()
