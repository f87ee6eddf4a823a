"""The file ops tune (quality thresholds, review rule, salary thresholds): one validation path.

Each document type inherits `[quality.default]` and overrides what it needs:
the Laplacian variance of a sharp passport is not that of a sharp contract, so
one number for all would be wrong for some. A bad file fails loudly with the
key and the allowed range, never silently with a default.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, get_args

from intake.errors import ConfigError
from intake.rules.permits import DEFAULT_CATEGORY, OCCUPATION_CATEGORY, PERMIT_TYPES
from intake.rules.salary import (
    CENT,
    DEFAULT_HOURS_PER_WEEK,
    DEFAULT_MONTHS_PER_YEAR,
    Annualisation,
    SalaryTable,
    SalaryThreshold,
)
from ocr.model import DocumentType
from quality import QualityThresholds

DOCUMENT_TYPES: tuple[DocumentType, ...] = get_args(DocumentType)

# Allowed range per threshold key; every QualityThresholds field needs one.
RANGES: dict[str, tuple[float, float]] = {
    "min_blur": (0.0, 100_000.0),
    "min_dpi": (0.0, 1200.0),
    "min_brightness": (0.0, 255.0),
    "max_dark_level": (0.0, 255.0),
    "min_contrast": (0.0, 255.0),
    "min_ink_fraction": (0.0, 1.0),
    "max_edge_ink": (0.0, 1.0),
    "max_glare_fraction": (0.0, 1.0),
    "max_skew_degrees": (0.0, 45.0),
    "min_motion_blur_ratio": (0.0, 1.0),
}
_MONTHS_PER_YEAR_RANGE = (Decimal(1), Decimal(24))
_HOURS_PER_WEEK_RANGE = (Decimal(1), Decimal(60))
_MAX_ANNUAL_EUR = Decimal(10_000_000)


@dataclass(frozen=True)
class Policy:
    """Quality thresholds per document type plus the review rule for extracted fields."""

    quality: dict[DocumentType, QualityThresholds]
    min_field_confidence: float = 0.6
    salary: SalaryTable = field(default_factory=SalaryTable)

    def thresholds_for(self, doc_type: DocumentType) -> QualityThresholds:
        return self.quality.get(doc_type, self.quality["unknown"])

    def as_mapping(self) -> dict[str, dict[str, Any]]:
        """Every value in force, per type after inheritance, shaped like the TOML file."""
        quality: dict[str, Any] = {t: asdict(self.thresholds_for(t)) for t in DOCUMENT_TYPES}
        basis = self.salary.basis
        salary = {
            "months_per_year": float(basis.months_per_year),
            "hours_per_week": float(basis.hours_per_week),
            "threshold": {
                f"{row.permit_type}/{row.category}/{row.valid_from.isoformat()}": float(
                    row.min_annual_eur
                )
                for row in self.salary.thresholds
            },
        }
        review = {"min_field_confidence": self.min_field_confidence}
        return {"quality": quality, "review": review, "salary": salary}


def describe_changes(old: Policy, new: Policy) -> list[str]:
    """One line per value that differs, `quality.contract.min_blur: 100 -> 120`, so a log
    or a simulation says exactly what a new file changes."""
    before, after = _flatten(old.as_mapping()), _flatten(new.as_mapping())
    return [
        f"{key}: {before.get(key)!r} -> {after.get(key)!r}"
        for key in sorted(before.keys() | after.keys())
        if before.get(key) != after.get(key)
    ]


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


def load_policy(path: Path) -> Policy:
    """Read and validate a thresholds file; raises ConfigError naming the bad key."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(f"thresholds file not found: {path}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"thresholds file {path} cannot be read: {exc}") from exc
    return parse_policy(text, source=str(path))


def parse_policy(text: str, *, source: str = "thresholds") -> Policy:
    """Validate thresholds given as TOML text; raises ConfigError naming the bad key."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source} is not valid TOML: {exc}") from exc
    return policy_from_mapping(raw, source=source)


def policy_from_mapping(raw: dict[str, Any], *, source: str = "thresholds") -> Policy:
    unknown_sections = set(raw) - {"quality", "review", "salary"}
    if unknown_sections:
        raise ConfigError(f"{source}: unknown section(s) {sorted(unknown_sections)}")
    quality_raw = _table(raw, "quality", source)
    allowed = {"default", *DOCUMENT_TYPES}
    for name in quality_raw:
        if name not in allowed:
            raise ConfigError(
                f"{source}: [quality.{name}] is not a document type; use one of {sorted(allowed)}"
            )
        _table(quality_raw, name, f"{source} [quality]")
    base = _thresholds(QualityThresholds(), quality_raw.get("default", {}), "quality.default")
    per_type = {
        doc_type: _thresholds(base, quality_raw.get(doc_type, {}), f"quality.{doc_type}")
        for doc_type in DOCUMENT_TYPES
    }
    review = _table(raw, "review", source)
    extra = set(review) - {"min_field_confidence"}
    if extra:
        raise ConfigError(f"{source}: unknown key(s) in [review]: {sorted(extra)}")
    confidence = _number(
        review.get("min_field_confidence", 0.6), "review.min_field_confidence", (0.0, 1.0)
    )
    return Policy(quality=per_type, min_field_confidence=confidence, salary=_salary_table(raw))


def _table(raw: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    value = raw.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: {key} must be a table like [{key}], not {value!r}")
    return value


def _thresholds(base: QualityThresholds, section: dict[str, Any], where: str) -> QualityThresholds:
    known = {f.name for f in fields(QualityThresholds)}
    for key in section:
        if key not in known:
            raise ConfigError(f"[{where}] {key}: unknown key; known keys are {sorted(known)}")
    values = {key: _number(value, f"{where}.{key}", RANGES[key]) for key, value in section.items()}
    return replace(base, **values)


def _number(value: Any, key: str, bounds: tuple[float, float]) -> float:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{key}: expected a number from {low:g} to {high:g}, got {value!r}")
    if not low <= value <= high:
        raise ConfigError(f"{key}: {value!r} is outside the allowed range {low:g} to {high:g}")
    return float(value)


def _salary_table(raw: Mapping[str, Any]) -> SalaryTable:
    """The salary table from a parsed TOML document (its `[salary]` section).

    Raises ConfigError naming the bad key. Without a `[salary]` section the
    table is empty and no threshold applies. Other sections are not looked at.
    """
    section = raw.get("salary", {})
    if not isinstance(section, Mapping):
        raise ConfigError(f"salary: must be a table [salary], not {section!r}")
    unknown = set(section) - {"months_per_year", "hours_per_week", "threshold"}
    if unknown:
        raise ConfigError(f"salary: unknown key(s) {sorted(unknown)}")
    basis = Annualisation(
        months_per_year=_amount(
            section.get("months_per_year", DEFAULT_MONTHS_PER_YEAR),
            "salary.months_per_year",
            _MONTHS_PER_YEAR_RANGE,
        ),
        hours_per_week=_amount(
            section.get("hours_per_week", DEFAULT_HOURS_PER_WEEK),
            "salary.hours_per_week",
            _HOURS_PER_WEEK_RANGE,
        ),
    )
    rows_raw = section.get("threshold", [])
    if not isinstance(rows_raw, list):
        raise ConfigError(
            "salary.threshold: must be an array of tables, written [[salary.threshold]]"
        )
    rows = [_threshold_row(row, number) for number, row in enumerate(rows_raw, start=1)]
    seen: dict[tuple[str, str, date], int] = {}
    for number, row in enumerate(rows, start=1):
        key = (row.permit_type, row.category, row.valid_from)
        if key in seen:
            raise ConfigError(
                f"salary.threshold #{number}: same permit_type, category and valid_from as "
                f"#{seen[key]} ({row.permit_type}, {row.category}, {row.valid_from.isoformat()})"
            )
        seen[key] = number
    return SalaryTable(basis, tuple(rows))


def _threshold_row(raw: Any, number: int) -> SalaryThreshold:
    where = f"salary.threshold #{number}"
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{where}: must be a table, not {raw!r}")
    known = {"permit_type", "category", "min_annual_eur", "valid_from"}
    unknown = set(raw) - known
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {sorted(unknown)}; known are {sorted(known)}")
    for key in ("permit_type", "min_annual_eur", "valid_from"):
        if key not in raw:
            raise ConfigError(f"{where}.{key}: missing")
    permit_type = raw["permit_type"]
    if permit_type not in PERMIT_TYPES:
        raise ConfigError(
            f"{where}.permit_type: {permit_type!r} is not one of {list(PERMIT_TYPES)}"
        )
    category = raw.get("category", DEFAULT_CATEGORY)
    if not isinstance(category, str) or not OCCUPATION_CATEGORY.fullmatch(category):
        raise ConfigError(
            f"{where}.category: {category!r} is not a lower-case identifier like highly_qualified"
        )
    minimum = _amount(raw["min_annual_eur"], f"{where}.min_annual_eur", (CENT, _MAX_ANNUAL_EUR))
    return SalaryThreshold(permit_type, category, minimum, _date(raw["valid_from"], where))


def _amount(value: Any, key: str, bounds: tuple[Decimal, Decimal]) -> Decimal:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ConfigError(f"{key}: expected a number from {low} to {high}, got {value!r}")
    number = Decimal(str(value))
    if not number.is_finite() or not low <= number <= high:
        raise ConfigError(f"{key}: {value!r} is outside the allowed range {low} to {high}")
    return number


def _date(value: Any, where: str) -> date:
    key = f"{where}.valid_from"
    if isinstance(value, datetime):
        raise ConfigError(f"{key}: expected a date like 2025-01-01 without a time, got {value!r}")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ConfigError(f"{key}: expected a date like 2025-01-01, got {value!r}")
