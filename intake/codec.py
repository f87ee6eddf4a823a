"""JSON shapes of the domain values: one place, used by the CLI contract, the
API and the record store, so the three can never drift apart.

Keys here are a public contract read by tools outside this repository:
add keys, never rename or drop one.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from intake.split import Note
from ocr.model import BBox, Check, Classification, Extraction, Field, OcrResult, Word
from quality import QualityMetrics, QualityReport, Reason


def quality_to_json(report: QualityReport) -> dict[str, Any]:
    metrics = report.metrics
    return {
        "blur_score": round(metrics.blur_score, 1),
        "skew_degrees": round(metrics.skew_degrees, 2),
        "verdict": report.verdict,
        "reasons": [
            {
                "code": r.code,
                "message": r.message,
                "message_nl": r.message_nl,
                "value": round(r.value, 4),
                "threshold": r.threshold,
            }
            for r in report.reasons
        ],
        "metrics": dataclasses.asdict(metrics),
    }


def _known(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    """Only the keys `cls` has: stored JSON may carry keys added after it was written."""
    names = {f.name for f in dataclasses.fields(cls)}
    return {k: v for k, v in data.items() if k in names}


def quality_from_json(data: dict[str, Any]) -> QualityReport:
    metrics = QualityMetrics(**_known(QualityMetrics, data["metrics"]))
    reasons = tuple(Reason(**_known(Reason, r)) for r in data["reasons"])
    return QualityReport(metrics=metrics, verdict=data["verdict"], reasons=reasons)


def field_to_json(f: Field) -> dict[str, Any]:
    return {
        "value": f.value,
        "confidence": round(f.confidence, 3),
        "source": f.source,
        "page": f.page,
        "bbox": list(f.bbox) if f.bbox is not None else None,
    }


def field_from_json(data: dict[str, Any]) -> Field:
    raw = data.get("bbox")
    bbox: BBox | None = (int(raw[0]), int(raw[1]), int(raw[2]), int(raw[3])) if raw else None
    return Field(data["value"], data["confidence"], data["source"], data.get("page"), bbox)


def check_to_json(c: Check) -> dict[str, Any]:
    return {"code": c.code, "ok": c.ok, "message": c.message}


def check_from_json(data: dict[str, Any]) -> Check:
    return Check(data["code"], data["ok"], data["message"])


def extraction_to_json(e: Extraction) -> dict[str, Any]:
    return {
        "fields": {name: field_to_json(f) for name, f in e.fields.items()},
        "checks": [check_to_json(c) for c in e.checks],
    }


def extraction_from_json(data: dict[str, Any]) -> Extraction:
    return Extraction(
        fields={name: field_from_json(f) for name, f in data["fields"].items()},
        checks=tuple(check_from_json(c) for c in data["checks"]),
    )


def classification_to_json(c: Classification) -> dict[str, Any]:
    return {"type": c.type, "cues": list(c.cues)}


def classification_from_json(data: dict[str, Any]) -> Classification:
    return Classification(data["type"], tuple(data["cues"]))


def ocr_to_json(result: OcrResult) -> dict[str, Any]:
    return {
        "text": result.text,
        "source": result.source,
        "mean_confidence": result.mean_confidence,
        "language": result.language,
        "words": [[w.text, w.confidence, *w.bbox, *w.line] for w in result.words],
    }


def ocr_from_json(data: dict[str, Any]) -> OcrResult:
    words = tuple(
        Word(text, conf, (x, y, w, h), (block, par, line))
        for text, conf, x, y, w, h, block, par, line in data["words"]
    )
    return OcrResult(
        data["text"], words, data["source"], data["mean_confidence"], data.get("language")
    )


def note_to_json(note: Note) -> dict[str, Any]:
    return {"code": note.code, "message": note.message}


def note_from_json(data: dict[str, Any]) -> Note:
    return Note(**_known(Note, data))
