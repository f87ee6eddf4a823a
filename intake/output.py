"""What `intake process` prints: the JSON contract and a table for people."""

from __future__ import annotations

from typing import Any

from intake.assemble import (
    DocumentResult,
    FailedPage,
    FileResult,
    PageAnalysis,
    PageOutcome,
    SubmissionResult,
)
from intake.codec import check_to_json, field_to_json, note_to_json, quality_to_json
from storage.states import PageStatus


def page_to_json(page: PageOutcome) -> dict[str, Any]:
    if isinstance(page, FailedPage):
        return {
            "index": page.index,
            "status": PageStatus.FAILED,
            "error": page.error.as_dict(),
            "quality": None,
            "type": None,
            "skew_applied": None,
            "rotation_applied": None,
        }
    return {
        "index": page.index,
        "status": PageStatus.DONE,
        "quality": quality_to_json(page.quality),
        "type": page.doc_type,
        "skew_applied": round(page.skew_applied, 2),
        "rotation_applied": page.rotation_applied,
    }


def document_to_json(document: DocumentResult) -> dict[str, Any]:
    return {
        "type": document.type,
        "pages": list(document.pages),
        "fields": {name: field_to_json(f) for name, f in document.fields.items()},
        "checks": [check_to_json(c) for c in document.checks],
        "cues": list(document.cues),
    }


def submission_to_json(ref: str | None, result: SubmissionResult) -> dict[str, Any]:
    return {
        "ref": ref,
        "status": result.status,
        "checks": [check_to_json(c) for c in result.checks],
    }


def file_to_json(path: str, result: FileResult, submission: dict[str, Any]) -> dict[str, Any]:
    """One file's entry; `submission` is the `submission_to_json` of the submission it is in."""
    out: dict[str, Any] = {"file": path, "status": result.status}
    if result.error is not None:
        out["error"] = result.error.as_dict()
    out["pages"] = [page_to_json(p) for p in result.pages]
    out["documents"] = [document_to_json(d) for d in result.documents]
    out["submission"] = submission
    out["notes"] = [note_to_json(n) for n in result.notes]
    return out


def file_to_table(path: str, result: FileResult) -> str:
    lines = [f"{path}: {result.status}"]
    if result.error is not None:
        lines.append(f"  error {result.error.code}: {result.error.message}")
    lines += [f"  note {note.code}: {note.message}" for note in result.notes]
    for page in result.pages:
        lines.append(_page_line(page))
    for document in result.documents:
        pages = ",".join(str(i) for i in document.pages)
        lines.append(f"  {document.type} (pages {pages})")
        for name, f in document.fields.items():
            lines.append(f"    {name:<27} {f.value:<32} {f.confidence:.2f} {f.source}")
        for check in document.checks:
            lines.append(f"    {_check_line(check.ok, check.code, check.message)}")
    return "\n".join(lines)


def submission_to_table(ref: str | None, result: SubmissionResult) -> str:
    lines = [f"submission {ref or '(no reference)'}: {result.status}"]
    lines += [f"  {_check_line(c.ok, c.code, c.message)}" for c in result.checks]
    if not result.checks:
        lines.append("  no checks across documents apply")
    return "\n".join(lines)


def _page_line(page: PageOutcome) -> str:
    if not isinstance(page, PageAnalysis):
        return f"  page {page.index}: failed {page.error.code}: {page.error.message}"
    q = page.quality
    reasons = ", ".join(r.code for r in q.reasons) or "-"
    return (
        f"  page {page.index}: {q.verdict:<6} {page.doc_type:<9} "
        f"blur {q.metrics.blur_score:8.1f}  skew {q.metrics.skew_degrees:+6.2f}°  "
        f"turned {page.rotation_applied:3d}°  {reasons}"
    )


def _check_line(ok: bool, code: str, message: str) -> str:
    return f"[{'ok' if ok else 'FAIL'}] {code}: {message}"
