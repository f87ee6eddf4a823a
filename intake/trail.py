"""The audit trail as admins read it: filters from a query, rows as CSV."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Query
from pydantic import BeforeValidator

from storage.audit import AuditFilter
from storage.records import AuditEvent

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
COLUMNS = ("id", "at", "actor", "role", "action", "outcome", "tenant_id", "target", "remote")


def _iso(value: object) -> object:
    """ISO 8601 only: pydantic would also read a bare number as a Unix time."""
    if isinstance(value, str) and not ISO_DATE.match(value):
        raise ValueError("must be an ISO 8601 date or time, e.g. 2026-12-01T00:00:00Z")
    return value


@dataclass
class AuditQuery:
    """The filters of `GET /v1/admin/audit` and its export; each narrows, none is required."""

    tenant_id: Annotated[str | None, Query(max_length=64)] = None
    actor: Annotated[str | None, Query(max_length=100)] = None
    action: Annotated[str | None, Query(max_length=40)] = None
    target: Annotated[str | None, Query(max_length=64)] = None
    since: Annotated[
        datetime | None, BeforeValidator(_iso), Query(description="From this time (inclusive).")
    ] = None
    until: Annotated[
        datetime | None, BeforeValidator(_iso), Query(description="Before this time.")
    ] = None

    def filter(self) -> AuditFilter:
        return AuditFilter(**asdict(self))

    def detail(self) -> dict[str, str]:
        """The filters used, for the audit event that records the reading of the trail."""
        return {k: str(v) for k, v in asdict(self).items() if v is not None}


def audit_csv(events: Iterable[AuditEvent]) -> Iterator[str]:
    """A header line, then one line per event; `detail` as JSON in the last column."""
    yield _line([*COLUMNS, "detail"])
    for event in events:
        values = [getattr(event, c) for c in COLUMNS]
        cells = [
            v.isoformat() if isinstance(v, datetime) else "" if v is None else str(v)
            for v in values
        ]
        yield _line([*cells, json.dumps(event.detail, sort_keys=True) if event.detail else ""])


def _line(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([_inert(c) for c in cells])
    return out.getvalue()


def _inert(cell: str) -> str:
    """A cell a spreadsheet would take for a formula is quoted as text (CSV injection)."""
    return f"'{cell}" if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell
