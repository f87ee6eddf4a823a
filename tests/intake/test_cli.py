"""`intake process` prints the JSON contract for every input, errors included."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from benchmarks import synth
from intake.assemble import assemble_submission
from intake.output import file_to_json, submission_to_json
from intake.pipeline import analyse_file
from intake.rules.crosscheck import Declared
from intake.rules.policy import load_policy
from intake.settings import DEFAULT_THRESHOLDS_FILE
from storage.migrate import current
from storage.migrate import head as revision_head
from tests.support.harness import StalledEngine

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


# The documented sets of docs/api.md, "intake process --format json".
FILE_STATUSES = {"accepted", "needs_review", "rejected", "failed", "error"}
PAGE_STATUSES = {"done", "failed"}
DOCUMENT_TYPES = {"passport", "id_card", "contract", "diploma", "unknown"}
SUBMISSION_STATUSES = {"accepted", "needs_review", "rejected", "failed"}
SUBMISSION_CHECKS = {
    "name_match",
    "applicant_name_match",
    "diploma_holder_match",
    "birth_date_match",
    "declared_salary_match",
    "salary_threshold",
}


# The codes an uploader acts on: they carry a Dutch message beside the English one.
UPLOAD_REFUSALS = {
    "empty_file",
    "unsupported_type",
    "ambiguous_file",
    "encrypted_pdf",
    "unreadable_pdf",
    "unreadable_image",
    "unreadable_file",
    "too_many_pages",
    "image_too_large",
    "file_too_large",
    "resource_limit",
}


def _assert_error(error: dict[str, Any]) -> None:
    """The contract's error: code and message; refusals of an upload add message_nl."""
    assert {"code", "message"} <= set(error) <= {"code", "message", "message_nl"}
    assert isinstance(error["code"], str) and error["message"]
    assert ("message_nl" in error) == (error["code"] in UPLOAD_REFUSALS)


def _assert_check(check: dict[str, Any]) -> None:
    assert set(check) == {"code", "ok", "message"}
    assert isinstance(check["code"], str)
    assert isinstance(check["ok"], bool)
    assert isinstance(check["message"], str)


def _assert_page(page: dict[str, Any]) -> None:
    assert isinstance(page["index"], int)
    assert page["status"] in PAGE_STATUSES
    if page["status"] == "failed":
        # Never measured to the end: its reason instead of a quality report.
        _assert_error(page["error"])
        unmeasured = ("quality", "type", "skew_applied", "rotation_applied")
        assert [page[k] for k in unmeasured] == [None] * len(unmeasured)
    else:
        assert "error" not in page
        assert page["type"] in DOCUMENT_TYPES
        quality = page["quality"]
        assert isinstance(quality["blur_score"], float)
        assert isinstance(quality["skew_degrees"], float)
        assert quality["verdict"] in {"pass", "reject"}
        for reason in quality["reasons"]:
            assert reason["code"] in REASON_CODES
            assert {"message", "value", "threshold"} <= set(reason)


def _assert_contract(entry: dict[str, Any]) -> None:
    assert entry["status"] in FILE_STATUSES
    if "error" in entry:
        assert entry["status"] in {"error", "failed"}
        _assert_error(entry["error"])
    for page in entry["pages"]:
        _assert_page(page)
    for document in entry["documents"]:
        assert document["type"] in DOCUMENT_TYPES
        assert all(isinstance(i, int) for i in document["pages"])
        for field in document["fields"].values():
            assert isinstance(field["value"], str)
            assert 0.0 <= field["confidence"] <= 1.0
        for check in document["checks"]:
            _assert_check(check)
    submission = entry["submission"]
    assert set(submission) == {"ref", "status", "checks"}
    assert submission["ref"] is None or isinstance(submission["ref"], str)
    assert submission["status"] in SUBMISSION_STATUSES
    for check in submission["checks"]:
        _assert_check(check)
        assert check["code"] in SUBMISSION_CHECKS


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

    # One submission: every file carries it. The unreadable PDF rejects it, and the
    # contract names someone other than the passport's holder.
    submission = out[0]["submission"]
    assert [entry["submission"] for entry in out] == [submission] * len(out)
    assert (submission["ref"], submission["status"]) == (None, "rejected")
    assert [(c["code"], c["ok"]) for c in submission["checks"]] == [
        ("name_match", False),
        ("birth_date_match", False),
    ]

    broken = by_name["broken.pdf"]
    assert broken["status"] == "error"
    assert broken["error"]["code"] == "unreadable_pdf"
    assert broken["error"]["message"]
    assert broken["error"]["message_nl"].startswith("De PDF kan niet gelezen worden")
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


def test_json_contract_of_a_page_that_could_not_be_read(passport_png: bytes) -> None:
    """What `intake process` prints when Tesseract times out on a page: the page failed with
    its reason, its file failed, the born-digital contract beside it is still read."""
    policy, today = load_policy(DEFAULT_THRESHOLDS_FILE), date(2026, 1, 1)
    letter = synth.contract(5, language="en")
    files = {
        "passport.png": passport_png,
        "contract.pdf": synth.born_digital_pdf(letter.text_pages),
    }
    analyses = [analyse_file(d, policy, StalledEngine(), today=today) for d in files.values()]
    result = assemble_submission(analyses, Declared(permit_type="fixed_term"), policy, today)
    summary = submission_to_json("VLA-2027-0002", result)
    out = json.loads(
        json.dumps([file_to_json(p, f, summary) for p, f in zip(files, result.files, strict=True)])
    )
    for entry in out:
        _assert_contract(entry)

    passport, contract = out
    assert passport["status"] == "failed"
    assert "error" not in passport  # the file was split; its one page failed
    (page,) = passport["pages"]
    assert page == {
        "index": 0,
        "status": "failed",
        "error": {"code": "ocr_failed", "message": "Tesseract took longer than 120 s"},
        "quality": None,
        "type": None,
        "skew_applied": None,
        "rotation_applied": None,
    }
    assert passport["documents"] == []
    assert contract["status"] == "accepted"
    assert [(p["status"], p["type"]) for p in contract["pages"]] == [("done", "contract")]
    assert [d["type"] for d in contract["documents"]] == ["contract"]
    # The contract's EUR 7,350.00 a month reaches the fixed-term threshold; with no passport
    # read there is no name to compare. A failed file fails the submission all the same.
    assert passport["submission"] == contract["submission"]
    assert (passport["submission"]["ref"], passport["submission"]["status"]) == (
        "VLA-2027-0002",
        "failed",
    )
    assert [(c["code"], c["ok"]) for c in passport["submission"]["checks"]] == [
        ("salary_threshold", True)
    ]


def test_config_file_changes_the_verdict(tmp_path: Path, passport_png: bytes) -> None:
    strict = tmp_path / "strict.toml"
    strict.write_text("[quality.default]\nmin_blur = 99999\n")
    path = tmp_path / "passport.png"
    path.write_bytes(passport_png)
    result = _intake("process", "--format", "json", "--config", str(strict), str(path))
    assert result.returncode == 0, result.stderr
    (entry,) = json.loads(result.stdout)
    _assert_contract(entry)
    assert entry["status"] == "rejected"
    assert entry["submission"] == {"ref": None, "status": "rejected", "checks": []}
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


def test_a_file_over_the_upload_cap_is_refused_as_the_api_refuses_it(
    tmp_path: Path, passport_png: bytes
) -> None:
    large = tmp_path / "large.png"
    large.write_bytes(passport_png)
    cap = str(len(passport_png) - 1)
    run = subprocess.run(
        [sys.executable, "-m", "intake.cli", "process", str(large), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "INTAKE_MAX_UPLOAD_BYTES": cap},
    )
    assert run.returncode == 1, run.stderr
    (entry,) = json.loads(run.stdout)
    assert entry["status"] == "error" and entry["pages"] == []
    assert entry["error"] == {
        "code": "file_too_large",
        "message": f"The upload is larger than {(len(passport_png) - 1) >> 10} KiB. Send fewer "
        "files per submission or scan at 300 dpi.",
        "message_nl": "Het bestand is groter dan toegelaten. Stuur minder bestanden per indiening "
        "of scan aan 300 dpi.",
    }
