"""Configuration fails at start-up with a message that names the key and the range."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from intake.errors import ConfigError
from intake.rules.policy import DOCUMENT_TYPES, RANGES, load_policy, policy_from_mapping
from intake.settings import DEFAULT_THRESHOLDS_FILE, load_settings
from quality import QualityThresholds


def test_shipped_thresholds_file_loads_for_every_type() -> None:
    policy = load_policy(DEFAULT_THRESHOLDS_FILE)
    assert set(policy.quality) == set(DOCUMENT_TYPES)
    assert policy.min_field_confidence == 0.6


def test_every_threshold_has_an_allowed_range() -> None:
    assert {f.name for f in fields(QualityThresholds)} == set(RANGES)


def test_types_inherit_defaults_and_override() -> None:
    policy = policy_from_mapping(
        {"quality": {"default": {"min_blur": 50.0}, "passport": {"min_blur": 400}}}
    )
    assert policy.thresholds_for("contract").min_blur == 50.0
    assert policy.thresholds_for("passport").min_blur == 400.0
    assert policy.thresholds_for("passport").min_dpi == QualityThresholds().min_dpi


def test_out_of_range_value_names_key_and_range() -> None:
    with pytest.raises(ConfigError) as info:
        policy_from_mapping({"quality": {"passport": {"min_ink_fraction": 3}}})
    assert "quality.passport.min_ink_fraction" in info.value.message
    assert "0 to 1" in info.value.message


def test_unknown_key_and_type_are_refused() -> None:
    with pytest.raises(ConfigError, match="min_blurr"):
        policy_from_mapping({"quality": {"default": {"min_blurr": 10}}})
    with pytest.raises(ConfigError, match=r"\[quality\.visa\]"):
        policy_from_mapping({"quality": {"visa": {}}})
    with pytest.raises(ConfigError, match="expected a number"):
        policy_from_mapping({"review": {"min_field_confidence": "high"}})


def test_broken_toml_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[quality.default\nmin_blur = 1\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_policy(bad)
    with pytest.raises(ConfigError, match="not found"):
        load_policy(tmp_path / "missing.toml")


def test_invalid_environment_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTAKE_WORKER_THREADS", "0")
    with pytest.raises(ConfigError, match="INTAKE_WORKER_THREADS"):
        load_settings()


def test_shipped_defaults_match_the_code_defaults() -> None:
    """The TOML is what ops read; it must not silently disagree with the code."""
    policy = load_policy(DEFAULT_THRESHOLDS_FILE)
    assert policy.thresholds_for("unknown") == QualityThresholds()
