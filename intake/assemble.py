"""From page analyses to a submission's verdict: the one assembly, pure.

`intake process`, the benchmarks and the service's finalize step all end
here, so a set of files gives the same documents, checks and status whether
it was read on a laptop or by a fleet of workers. The pages' analyses are
grouped into documents per file, each document's fields and checks are
extracted, the documents of all files are checked against each other and
against what the portal declared, and the worst outcome decides:

- a file that could not be read (bad input): `error`, and the submission is `rejected`;
- a page that failed the quality gate: the file is `rejected`;
- a page that could not be processed (OCR failed, attempts used up): the file
  is `failed`, with that page's reason; its other pages are still read, and so
  are the other files;
- an unknown document, a failed check or a field read with low confidence:
  `needs_review`, and so for a failed check across the submission.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

import quality
from intake.errors import BadInput, IntakeError
from intake.rules.crosscheck import Declared, cross_checks
from intake.rules.policy import Policy
from intake.split import Note
from ocr.classify import group_pages
from ocr.fields import extract
from ocr.model import (
    MRZ_DOCUMENTS,
    Check,
    Classification,
    DocumentType,
    Extraction,
    Field,
    OcrResult,
)
from ocr.names import printed_name_check
from storage.states import FileVerdict, SubmissionStatus, submission_status, worst


@dataclass(frozen=True)
class PageAnalysis:
    """What the page pipeline learned about one page.

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
class FailedPage:
    """A page the pipeline could not finish; the reason is for the uploader or ops."""

    index: int
    error: IntakeError


PageOutcome = PageAnalysis | FailedPage


@dataclass(frozen=True)
class FileAnalysis:
    """One file's pages as read, or the error that kept it from being split into pages."""

    kind: str | None = None
    pages: Sequence[PageOutcome] = ()
    error: IntakeError | None = None
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True)
class DocumentResult:
    type: DocumentType
    pages: tuple[int, ...]
    fields: dict[str, Field]
    checks: tuple[Check, ...]
    cues: tuple[str, ...] = ()


@dataclass(frozen=True)
class FileResult:
    status: FileVerdict
    kind: str | None = None
    pages: Sequence[PageOutcome] = ()
    documents: list[DocumentResult] = field(default_factory=list)
    error: IntakeError | None = None
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True)
class SubmissionResult:
    status: SubmissionStatus
    files: list[FileResult]
    checks: list[Check]


def assemble_submission(
    files: Sequence[FileAnalysis], declared: Declared, policy: Policy, today: date
) -> SubmissionResult:
    """Documents per file, checks across the files and the declared data, and the verdict."""
    return conclude_submission([assemble_file(f, policy) for f in files], declared, policy, today)


def conclude_submission(
    results: list[FileResult], declared: Declared, policy: Policy, today: date
) -> SubmissionResult:
    """The checks across assembled files and the declared data, and the submission's verdict.

    Apart from `assemble_submission` so that a caller showing each file as soon
    as it is read (`intake process`) assembles each file once.
    """
    extracted = [(d.type, d.fields) for r in results for d in r.documents]
    checks = cross_checks(extracted, declared, policy.salary, today)
    verdicts = [r.status for r in results]
    if not all(c.ok for c in checks):
        verdicts.append(FileVerdict.NEEDS_REVIEW)
    return SubmissionResult(submission_status(verdicts), results, checks)


def assemble_file(file: FileAnalysis, policy: Policy) -> FileResult:
    """One file's documents and verdict; see the module's docstring for the rule."""
    if file.error is not None:
        verdict = FileVerdict.ERROR if isinstance(file.error, BadInput) else FileVerdict.FAILED
        return FileResult(verdict, file.kind, file.pages, [], file.error, file.notes)
    analysed = [p for p in file.pages if isinstance(p, PageAnalysis)]
    documents = assemble_documents(analysed, policy)
    verdicts = [FileVerdict.ACCEPTED]
    if any(isinstance(p, FailedPage) for p in file.pages):
        verdicts.append(FileVerdict.FAILED)
    if any(not p.quality.passed for p in analysed):
        verdicts.append(FileVerdict.REJECTED)
    if any(d.type == "unknown" or not all(c.ok for c in d.checks) for d in documents):
        verdicts.append(FileVerdict.NEEDS_REVIEW)
    return FileResult(worst(verdicts), file.kind, file.pages, documents, notes=file.notes)


def assemble_documents(pages: Sequence[PageAnalysis], policy: Policy) -> list[DocumentResult]:
    """Group the readable pages of one file into documents and extract their fields."""
    readable = [p for p in pages if p.quality.passed]
    documents = []
    for group in group_pages([p.doc_type for p in readable]):
        members = [readable[i] for i in group]
        doc_type = members[0].doc_type
        if doc_type in MRZ_DOCUMENTS and members[0].mrz is not None:
            extraction = _with_printed_name(members[0].mrz, members[0].text)
        else:
            extraction = extract(
                doc_type, [(p.index, p.text) for p in members if p.text is not None]
            )
        checks = (*extraction.checks, *_confidence_checks(extraction, policy))
        cues = tuple(dict.fromkeys(c for p in members for c in p.classification.cues))
        indexes = tuple(p.index for p in members)
        documents.append(DocumentResult(doc_type, indexes, extraction.fields, checks, cues))
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
