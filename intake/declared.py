"""Which files form a submission and what the portal declared with them, for `intake process`.

On the command line all files given form one submission, with the declared
data from flags. For many submissions at once a sidecar file lists them:

- CSV, one row per file: `file,external_ref,permit_type,applicant_name,
  declared_gross_salary,salary_period,occupation_category`; rows with the same
  `external_ref` form one submission (and must declare the same data), a row
  without one is a submission of its own;
- JSON, a list of submissions: `[{"external_ref": "...", "files": ["a.png", ...],
  "permit_type": "...", ...}]`.

File paths are relative to the sidecar's folder. Every declared value is
validated by `SubmissionCreate`, the model the HTTP API uses, so the CLI and
the API accept exactly the same data.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from intake.errors import InvalidRequest
from intake.schemas import SubmissionCreate, describe_validation

FILE_COLUMN = "file"
DECLARED_KEYS = tuple(SubmissionCreate.model_fields)


@dataclass(frozen=True)
class SubmissionInput:
    """The files of one submission, as given, and what was declared with them."""

    paths: tuple[str, ...]
    declared: SubmissionCreate


def from_flags(paths: list[str], values: dict[str, Any]) -> SubmissionInput:
    """All `paths` as one submission; `values` are the declared fields given as flags."""
    return SubmissionInput(tuple(paths), _validated(values, "the command line"))


def read_sidecar(path: Path) -> list[SubmissionInput]:
    """The submissions a CSV or JSON sidecar lists; InvalidRequest naming the row when wrong."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidRequest(f"Cannot read the declared-data file {path}: {exc}") from exc
    if path.suffix.lower() == ".json":
        submissions = _from_json(text, path)
    else:
        submissions = _from_csv(text, path)
    if not submissions:
        raise InvalidRequest(f"{path} lists no files.")
    return submissions


def _from_json(text: str, path: Path) -> list[SubmissionInput]:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidRequest(f"{path} is not valid JSON: {exc}") from exc
    if not isinstance(raw, list):
        raise InvalidRequest(f"{path}: expected a list of submissions, each with 'files'.")
    submissions = []
    for number, entry in enumerate(raw, start=1):
        where = f"{path} submission #{number}"
        if not isinstance(entry, dict) or not isinstance(entry.get("files"), list):
            raise InvalidRequest(f"{where}: expected an object with a list 'files'.")
        files = entry["files"]
        if not files or not all(isinstance(f, str) and f for f in files):
            raise InvalidRequest(f"{where}: 'files' must list one or more paths.")
        values = {k: v for k, v in entry.items() if k != "files"}
        submissions.append(SubmissionInput(_relative(files, path), _validated(values, where)))
    return submissions


def _from_csv(text: str, path: Path) -> list[SubmissionInput]:
    reader = csv.DictReader(io.StringIO(text))
    columns = set(reader.fieldnames or ())
    if FILE_COLUMN not in columns:
        raise InvalidRequest(f"{path}: the first line must name the columns, one of them 'file'.")
    unknown = columns - {FILE_COLUMN, *DECLARED_KEYS}
    if unknown:
        raise InvalidRequest(
            f"{path}: unknown column(s) {sorted(unknown)}; known are "
            f"{[FILE_COLUMN, *DECLARED_KEYS]}"
        )
    groups: dict[str, tuple[list[str], dict[str, Any], int]] = {}
    for number, row in enumerate(reader, start=2):
        where = f"{path} line {number}"
        if None in row:
            raise InvalidRequest(
                f"{where}: more values than columns; quote a value that holds a comma."
            )
        file = (row.get(FILE_COLUMN) or "").strip()
        if not file:
            raise InvalidRequest(f"{where}: the 'file' column is empty.")
        values = {k: v.strip() for k, v in row.items() if k != FILE_COLUMN and v and v.strip()}
        key = values.get("external_ref") or f"\0line {number}"
        if key not in groups:
            groups[key] = ([file], values, number)
            continue
        files, first, first_line = groups[key]
        if values != first:
            raise InvalidRequest(
                f"{where}: declares other data than line {first_line} for the same "
                f"external_ref {key!r}."
            )
        files.append(file)
    return [
        SubmissionInput(_relative(files, path), _validated(values, f"{path} line {line}"))
        for files, values, line in groups.values()
    ]


def _relative(files: list[str], sidecar: Path) -> tuple[str, ...]:
    return tuple(str(sidecar.parent / f) for f in files)


def _validated(values: dict[str, Any], where: str) -> SubmissionCreate:
    unknown = set(values) - set(DECLARED_KEYS)
    if unknown:
        raise InvalidRequest(f"{where}: unknown key(s) {sorted(unknown)}")
    try:
        return SubmissionCreate(**values)
    except ValidationError as exc:
        raise InvalidRequest(f"{where}: {describe_validation(exc.errors())}") from exc
