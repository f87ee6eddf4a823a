"""One assembly: the CLI and the service give the same documents, checks and verdict, and a
page that fails leaves its file failed while everything else is still read."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from benchmarks import synth
from intake.assemble import FailedPage, PageAnalysis, assemble_submission
from intake.pipeline import analyse_file
from intake.rules.crosscheck import Declared
from intake.rules.policy import load_policy
from intake.service import (
    IncomingFile,
    SubmissionMeta,
    create_submission,
    finalize_submission,
    process_page,
    split_upload,
)
from intake.settings import DEFAULT_THRESHOLDS_FILE, Settings
from storage.audit import SERVICE
from storage.records import Submission
from storage.states import FileStatus, FileVerdict, PageStatus, SubmissionStatus
from tests.support import keys
from tests.support.documents import contract_for, holder_name
from tests.support.harness import (
    RecordingDispatcher,
    StalledEngine,
    service_context,
    wait_until_final,
)
from workers.bootstrap import make_app

pytestmark = pytest.mark.tesseract

DECLARED = {
    "permit_type": "fixed_term",
    "declared_gross_salary": "4200.00",
    "salary_period": "month",
    "applicant_name": "Somebody Else",
}


def _contract_for(sample: synth.Sample) -> bytes:
    """A born-digital contract made out for the passport's holder (read from its text layer)."""
    return synth.born_digital_pdf([contract_for(sample)[0]])


def test_cli_prints_the_checks_the_api_shows_for_the_same_files(
    tmp_path: Path, data_dir: Path, passport_sample: synth.Sample, passport_png: bytes
) -> None:
    files = {"passport.png": passport_png, "contract.pdf": _contract_for(passport_sample)}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    settings = Settings(data_dir=data_dir)
    with TestClient(make_app(settings), headers=keys.portal(settings)) as client:
        response = client.post(
            "/v1/submissions",
            data=DECLARED,
            files=[("files", (n, d, "application/octet-stream")) for n, d in files.items()],
        )
        assert response.status_code == 202, response.text
        api = wait_until_final(client, response.json()["status_url"])
    args = [
        "--permit-type",
        "fixed_term",
        "--declared-salary",
        "4200.00",
        "--salary-period",
        "month",
        "--applicant-name",
        "Somebody Else",
    ]
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "intake.cli",
            "process",
            *(str(tmp_path / n) for n in files),
            *args,
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    cli = json.loads(run.stdout)

    assert [e["submission"] for e in cli] == [cli[0]["submission"]] * 2
    assert cli[0]["submission"]["checks"] == api["checks"]
    assert cli[0]["submission"]["status"] == api["status"] == "needs_review"
    codes = {c["code"]: c["ok"] for c in api["checks"]}
    assert codes == {
        "name_match": True,
        "birth_date_match": True,
        "applicant_name_match": False,
        "declared_salary_match": False,
        "salary_threshold": True,
    }
    api_documents = [{k: d[k] for k in ("type", "fields", "checks")} for d in api["documents"]]
    cli_documents = [
        {k: d[k] for k in ("type", "fields", "checks")} for e in cli for d in e["documents"]
    ]
    assert cli_documents == api_documents
    assert [e["status"] for e in cli] == ["accepted", "accepted"]


def test_a_failed_page_fails_its_file_and_the_rest_is_still_read(
    passport_sample: synth.Sample, passport_png: bytes
) -> None:
    policy, today = load_policy(DEFAULT_THRESHOLDS_FILE), date(2026, 1, 1)
    stalled = StalledEngine()
    files = [
        analyse_file(passport_png, policy, stalled, today=today),
        analyse_file(_contract_for(passport_sample), policy, stalled, today=today),
    ]
    result = assemble_submission(files, Declared(permit_type="fixed_term"), policy, today)

    passport, contract = result.files
    (page,) = passport.pages
    assert isinstance(page, FailedPage) and page.error.code == "ocr_failed"
    assert passport.status == FileVerdict.FAILED and passport.documents == []
    assert isinstance(contract.pages[0], PageAnalysis)
    assert contract.status == FileVerdict.ACCEPTED
    assert contract.documents[0].fields["employee_name"].value == holder_name(passport_sample)
    assert [c.code for c in result.checks] == ["salary_threshold"]
    assert result.status == SubmissionStatus.FAILED


def test_the_service_applies_the_same_page_failure_rule(
    data_dir: Path, passport_sample: synth.Sample, passport_png: bytes
) -> None:
    dispatcher = RecordingDispatcher()
    ctx = service_context(data_dir, dispatcher)
    ctx = dataclasses.replace(
        ctx, pipeline=dataclasses.replace(ctx.pipeline, engine=StalledEngine()), max_attempts=1
    )
    files = [
        IncomingFile("passport.png", passport_png),
        IncomingFile("contract.pdf", _contract_for(passport_sample)),
    ]
    sid = create_submission(
        ctx, SubmissionMeta("t1", permit_type="fixed_term"), files, by=SERVICE
    ).id
    for upload_id in dispatcher.take("split_upload"):
        split_upload(ctx, upload_id)
    for page_id in dispatcher.take("process_page"):
        process_page(ctx, page_id)
    for submission_id in set(dispatcher.take("finalize_submission")):
        finalize_submission(ctx, submission_id)
    with ctx.sessions() as session:
        submission = session.get_one(Submission, sid)
        assert submission.status == SubmissionStatus.FAILED
        assert [u.status for u in submission.uploads] == [FileStatus.SPLIT, FileStatus.SPLIT]
        passport_page, contract_page = submission.pages
        assert passport_page.status == PageStatus.FAILED
        assert (passport_page.error_code, passport_page.error_message) == (
            "ocr_failed",
            "Tesseract took longer than 120 s",
        )
        assert contract_page.status == PageStatus.DONE
        assert [d.type for d in submission.documents] == ["contract"]
        assert [c["code"] for c in submission.checks or []] == ["salary_threshold"]
