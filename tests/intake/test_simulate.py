"""Threshold simulation: stored pages judged again under a candidate file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from intake.pipeline import process_file
from intake.rules.policy import load_policy, policy_from_mapping
from intake.service import (
    IncomingFile,
    SubmissionMeta,
    create_submission,
    process_page,
    split_upload,
)
from intake.settings import DEFAULT_THRESHOLDS_FILE
from intake.simulate import StoredVerdict, simulate
from storage.audit import SERVICE
from tests.support.harness import CountingEngine, RecordingDispatcher, service_context

pytestmark = pytest.mark.tesseract


def test_replay_counts_verdicts_that_change(
    passport_png: bytes, blurred_passport_png: bytes
) -> None:
    shipped = load_policy(DEFAULT_THRESHOLDS_FILE)
    stored = []
    for data in (passport_png, blurred_passport_png):
        page = process_file(data, shipped, CountingEngine()).pages[0]
        reasons = frozenset(r.code for r in page.quality.reasons)
        stored.append(StoredVerdict(page.doc_type, page.quality.metrics, reasons))
    assert simulate(stored, shipped).newly_rejected == 0  # same file: nothing changes

    sharp_score = stored[0].metrics.blur_score
    strict = policy_from_mapping({"quality": {"passport": {"min_blur": sharp_score + 1}}})
    result = simulate(stored, strict)
    assert (result.pages, result.newly_rejected, result.newly_passed) == (2, 1, 0)
    assert result.reasons_gained == {("passport", "blurry"): 1}

    lenient = policy_from_mapping({"quality": {"passport": {"min_blur": 0.0}}})
    result = simulate(stored, lenient)
    assert (result.newly_rejected, result.newly_passed) == (0, 1)
    assert result.reasons_lost == {("passport", "blurry"): 1}


def test_cli_replays_the_record_store(data_dir: Path, blurred_passport_png: bytes) -> None:
    dispatcher = RecordingDispatcher()
    ctx = service_context(data_dir, dispatcher)
    create_submission(
        ctx, SubmissionMeta("t"), [IncomingFile("b.png", blurred_passport_png)], by=SERVICE
    )
    split_upload(ctx, dispatcher.take("split_upload")[0])
    process_page(ctx, dispatcher.take("process_page")[0])
    lenient = data_dir / "lenient.toml"
    lenient.write_text("[quality.default]\nmin_blur = 0.0\n")
    result = subprocess.run(
        [sys.executable, "-m", "intake.cli", "thresholds", "simulate", "--config", str(lenient)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"INTAKE_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert "1 stored pages replayed: 0 would now be rejected, 1 would now pass" in result.stdout
    assert "passport  loses blurry" in result.stdout
