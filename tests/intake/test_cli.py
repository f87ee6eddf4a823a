"""`intake process` prints the JSON contract for every input, errors included."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from benchmarks import synth
from storage.migrate import current
from storage.migrate import head as revision_head

pytestmark = pytest.mark.tesseract

PASSPORT_FIELDS = {
    "document_number",
    "surname",
    "given_names",
    "nationality",
    "date_of_birth",
    "sex",
    "expiry_date",
    "issuing_state",
}
REASON_CODES = {
    "blurry",
    "low_resolution",
    "too_dark",
    "too_bright",
    "low_contrast",
    "blank_page",
    "cropped",
    "glare",
    "skewed",
}


def _intake(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "intake.cli", *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _assert_contract(entry: dict[str, Any]) -> None:
    assert entry["status"] in {"accepted", "needs_review", "rejected", "error"}
    for page in entry["pages"]:
        assert isinstance(page["index"], int)
        quality = page["quality"]
        assert isinstance(quality["blur_score"], float)
        assert isinstance(quality["skew_degrees"], float)
        assert quality["verdict"] in {"pass", "reject"}
        for reason in quality["reasons"]:
            assert reason["code"] in REASON_CODES
            assert {"message", "value", "threshold"} <= set(reason)
    for document in entry["documents"]:
        assert document["type"] in {"passport", "contract", "diploma", "unknown"}
        assert all(isinstance(i, int) for i in document["pages"])
        for field in document["fields"].values():
            assert isinstance(field["value"], str)
            assert 0.0 <= field["confidence"] <= 1.0
        for check in document["checks"]:
            assert {"code", "ok", "message"} <= set(check)


def test_json_contract_for_every_format_and_a_corrupt_pdf(
    tmp_path: Path,
    passport_sample: synth.Sample,
    passport_png: bytes,
    contract_sample: synth.Sample,
    two_page_pdf: bytes,
) -> None:
    files = {
        "passport.png": passport_png,
        "passport.jpg": synth.to_jpeg(passport_sample.pages[0], passport_sample.dpi, quality=90),
        "contract.tif": synth.to_tiff(contract_sample.pages, contract_sample.dpi),
        "broken.pdf": b"%PDF-1.4\n1 0 obj <<>> endobj\n" + b"\x00\xff" * 64,
        "contract.pdf": two_page_pdf,
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    paths = [str(tmp_path / name) for name in files]
    result = _intake("process", "--format", "json", *paths)
    assert result.returncode == 1, result.stderr  # one input was an error
    out = json.loads(result.stdout)
    assert [entry["file"] for entry in out] == paths
    by_name = {Path(entry["file"]).name: entry for entry in out}
    for entry in out:
        _assert_contract(entry)

    broken = by_name["broken.pdf"]
    assert broken["status"] == "error"
    assert broken["error"]["code"] == "unreadable_pdf"
    assert broken["error"]["message"]
    assert broken["pages"] == [] and broken["documents"] == []

    for name in ("passport.png", "passport.jpg"):
        entry = by_name[name]
        assert entry["status"] == "accepted", entry
        (document,) = entry["documents"]
        assert document["type"] == "passport"
        assert set(document["fields"]) == PASSPORT_FIELDS
        values = {k: v["value"] for k, v in document["fields"].items()}
        assert values == {k: passport_sample.truth[k] for k in PASSPORT_FIELDS}

    for name in ("contract.tif", "contract.pdf"):
        entry = by_name[name]
        assert [p["index"] for p in entry["pages"]] == [0, 1]
        assert [d["type"] for d in entry["documents"]] == ["contract"]
        assert entry["documents"][0]["pages"] == [0, 1]
        fields = entry["documents"][0]["fields"]
        assert fields["employer_name"]["value"] == contract_sample.truth["employer_name"]


def test_config_file_changes_the_verdict(tmp_path: Path, passport_png: bytes) -> None:
    strict = tmp_path / "strict.toml"
    strict.write_text("[quality.default]\nmin_blur = 99999\n")
    path = tmp_path / "passport.png"
    path.write_bytes(passport_png)
    result = _intake("process", "--format", "json", "--config", str(strict), str(path))
    assert result.returncode == 0, result.stderr
    (entry,) = json.loads(result.stdout)
    assert entry["status"] == "rejected"
    (page,) = entry["pages"]
    assert [r["code"] for r in page["quality"]["reasons"]] == ["blurry"]
    assert page["quality"]["reasons"][0]["threshold"] == 99999
    assert entry["documents"] == []


def test_invalid_config_names_the_key(tmp_path: Path, passport_png: bytes) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[quality.passport]\nmin_contrast = -4\n")
    path = tmp_path / "p.png"
    path.write_bytes(passport_png)
    result = _intake("process", "--config", str(bad), str(path))
    assert result.returncode == 2
    assert "quality.passport.min_contrast" in result.stderr
    assert "0 to 255" in result.stderr


def test_table_format_is_readable(tmp_path: Path, blurred_passport_png: bytes) -> None:
    path = tmp_path / "blurred.png"
    path.write_bytes(blurred_passport_png)
    result = _intake("process", "--format", "table", str(path))
    assert result.returncode == 0, result.stderr
    assert f"{path}: rejected" in result.stdout
    assert "blurry" in result.stdout


def test_migrate_brings_an_empty_store_to_the_newest_revision_once(tmp_path: Path) -> None:
    env = {**os.environ, "INTAKE_DATA_DIR": str(tmp_path)}

    def migrate() -> str:
        done = subprocess.run(
            [sys.executable, "-m", "intake.cli", "migrate"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return done.stdout

    head = revision_head()
    assert migrate().strip() == f"record store at revision {head} (was empty)"
    assert migrate().strip() == f"record store at revision {head} (already the newest)"
    assert current(f"sqlite:///{tmp_path / 'intake.db'}") == head
