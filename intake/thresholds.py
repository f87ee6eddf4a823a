"""The thresholds ops tune, from one TOML file, validated at start-up.

Each document type inherits `[quality.default]` and overrides what it needs:
the Laplacian variance of a sharp passport is not that of a sharp contract, so
one number for all would be wrong for some. A bad file fails loudly with the
key and the allowed range, never silently with a default.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, get_args

from intake.errors import ConfigError
from ocr.model import DocumentType
from ocr.salary import SalaryTable, salary_table_from_mapping
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
    try:
        salary = salary_table_from_mapping(raw)
    except ValueError as exc:
        raise ConfigError(f"{source}: {exc}") from exc
    return Policy(quality=per_type, min_field_confidence=confidence, salary=salary)


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
