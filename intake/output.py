"""What `intake process` prints: the JSON contract and a table for people."""

from __future__ import annotations

from typing import Any

from intake.codec import check_to_json, field_to_json, quality_to_json
from intake.pipeline import DocumentResult, FileResult, PageAnalysis


def page_to_json(page: PageAnalysis) -> dict[str, Any]:
    return {
        "index": page.index,
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


def file_to_json(path: str, result: FileResult) -> dict[str, Any]:
    out: dict[str, Any] = {"file": path, "status": result.status}
    if result.error is not None:
        out["error"] = result.error.as_dict()
    out["pages"] = [page_to_json(p) for p in result.pages]
    out["documents"] = [document_to_json(d) for d in result.documents]
    return out


def file_to_table(path: str, result: FileResult) -> str:
    lines = [f"{path}: {result.status}"]
    if result.error is not None:
        lines.append(f"  error {result.error.code}: {result.error.message}")
    for page in result.pages:
        q = page.quality
        reasons = ", ".join(r.code for r in q.reasons) or "-"
        lines.append(
            f"  page {page.index}: {q.verdict:<6} {page.doc_type:<9} "
            f"blur {q.metrics.blur_score:8.1f}  skew {q.metrics.skew_degrees:+6.2f}°  "
            f"turned {page.rotation_applied:3d}°  {reasons}"
        )
    for document in result.documents:
        pages = ",".join(str(i) for i in document.pages)
        lines.append(f"  {document.type} (pages {pages})")
        for name, f in document.fields.items():
            lines.append(f"    {name:<27} {f.value:<32} {f.confidence:.2f} {f.source}")
        for check in document.checks:
            lines.append(f"    [{'ok' if check.ok else 'FAIL'}] {check.code}: {check.message}")
    return "\n".join(lines)
