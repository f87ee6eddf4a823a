"""Ops change the thresholds file; the running service follows and says what changed."""

from __future__ import annotations

import logging
import os
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from intake.policy_source import PolicySource, PolicyWatcher, reload_on_sighup
from intake.rules.policy import DOCUMENT_TYPES, describe_changes, parse_policy, policy_from_mapping
from tests.support.harness import KNOWN_THRESHOLDS


@pytest.fixture
def thresholds_file(tmp_path: Path) -> Path:
    path = tmp_path / "thresholds.toml"
    path.write_text(KNOWN_THRESHOLDS)
    return path


def _edit(path: Path, old: str, new: str) -> None:
    """Rewrite the file with one value changed; bumps the mtime so a same-size edit shows."""
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def _eventually(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.02)


def test_changes_name_each_key_with_old_and_new_value() -> None:
    base = policy_from_mapping({"quality": {"default": {"min_blur": 25, "min_dpi": 150}}})
    contract = policy_from_mapping(
        {"quality": {"default": {"min_blur": 25, "min_dpi": 150}, "contract": {"min_blur": 120}}}
    )
    assert describe_changes(base, contract) == ["quality.contract.min_blur: 25.0 -> 120.0"]
    assert describe_changes(base, base) == []
    everywhere = policy_from_mapping({"quality": {"default": {"min_blur": 25, "min_dpi": 200}}})
    assert describe_changes(base, everywhere) == [
        f"quality.{t}.min_dpi: 150.0 -> 200.0" for t in sorted(DOCUMENT_TYPES)
    ]


def test_edited_file_is_picked_up_and_the_change_logged(
    thresholds_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    source = PolicySource(thresholds_file)
    assert source.refresh() == []  # untouched file: nothing to do
    _edit(thresholds_file, "min_blur = 100.0", "min_blur = 140.0")
    with caplog.at_level(logging.INFO, logger="intake.policy_source"):
        assert source.refresh() == ["quality.contract.min_blur: 100.0 -> 140.0"]
    assert source.current().thresholds_for("contract").min_blur == 140.0
    assert "quality.contract.min_blur: 100.0 -> 140.0" in caplog.text
    assert source.status().reloads == 1


def test_invalid_edit_keeps_the_old_thresholds_and_reports_why(
    thresholds_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    source = PolicySource(thresholds_file)
    _edit(thresholds_file, "min_blur = 100.0", "min_blur = -5.0")
    with caplog.at_level(logging.ERROR, logger="intake.policy_source"):
        assert source.refresh() == []
    assert source.current().thresholds_for("contract").min_blur == 100.0
    error = source.status().last_error
    assert error is not None and "quality.contract.min_blur" in error
    assert "keeping the previous ones" in caplog.text
    _edit(thresholds_file, "min_blur = -5.0", "min_blur = 90.0")
    assert source.refresh() == ["quality.contract.min_blur: 100.0 -> 90.0"]
    assert source.status().last_error is None


def test_deleted_file_keeps_the_thresholds(thresholds_file: Path) -> None:
    source = PolicySource(thresholds_file)
    thresholds_file.unlink()
    assert source.refresh() == []
    assert source.current() == parse_policy(KNOWN_THRESHOLDS)
    assert "not found" in (source.status().last_error or "")


def test_watcher_follows_the_file(thresholds_file: Path) -> None:
    source = PolicySource(thresholds_file)
    watcher = PolicyWatcher(source, interval=0.05).start()
    try:
        _edit(thresholds_file, "max_glare_fraction = 0.005", "max_glare_fraction = 0.02")
        _eventually(lambda: source.current().thresholds_for("unknown").max_glare_fraction == 0.02)
    finally:
        watcher.stop()


@pytest.fixture
def restore_sighup() -> Iterator[None]:
    previous = signal.getsignal(signal.SIGHUP)
    yield
    signal.signal(signal.SIGHUP, previous)


def test_sighup_reloads_at_once(thresholds_file: Path, restore_sighup: None) -> None:
    source = PolicySource(thresholds_file)
    assert reload_on_sighup(source)
    _edit(thresholds_file, "min_dpi = 150.0", "min_dpi = 175.0")
    os.kill(os.getpid(), signal.SIGHUP)
    _eventually(lambda: source.current().thresholds_for("passport").min_dpi == 175.0)
