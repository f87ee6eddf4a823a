"""Retention: past its tenant's days a finished filing keeps its verdict and loses its data.

Filings go through the real API and workers; retention runs on the app's own
stores with the clock moved forward, the only way to be 31 days later in a test.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from intake import retention
from intake.service import IncomingFile, ServiceContext, SubmissionMeta, create_submission
from intake.settings import Settings
from storage.audit import SERVICE
from storage.records import utcnow
from tests.support import keys
from tests.support.harness import RecordingDispatcher, service_context, wait_until_final
from workers.bootstrap import make_app

pytestmark = pytest.mark.tesseract

CANARY = "CANARY-RETENTION-NAME"


@dataclass
class Filed:
    client: TestClient
    context: ServiceContext
    settings: Settings
    admin: dict[str, str]
    acme: dict[str, str]
    kept: dict[str, Any]
    due: dict[str, Any]
    unfinished: str


@pytest.fixture(scope="module")
def filed(
    tmp_path_factory: pytest.TempPathFactory, passport_png: bytes, blurred_passport_png: bytes
) -> Iterator[Filed]:
    data_dir = tmp_path_factory.mktemp("retention")
    settings = Settings(data_dir=data_dir, retention_check_seconds=0)
    admin, acme = keys.admin(settings), keys.portal(settings, "acme")
    globex = keys.portal(settings, "globex")
    with TestClient(make_app(settings)) as client:
        bodies = []
        for headers, scan, form in (
            (acme, passport_png, {"applicant_name": CANARY, "declared_gross_salary": "4200"}),
            (globex, blurred_passport_png, {}),
        ):
            posted = client.post(
                "/v1/submissions",
                files=[("files", ("holder-name.png", scan, "image/png"))],
                data=form,
                headers=headers,
            ).json()
            bodies.append(wait_until_final(client, posted["status_url"], headers))
        # Received and never split: retention leaves an unfinished filing alone.
        waiting = service_context(data_dir, RecordingDispatcher())
        unfinished = create_submission(
            waiting, SubmissionMeta("acme"), [IncomingFile("p.png", passport_png)], by=SERVICE
        ).id
        context = client.app.state.runtime.context  # type: ignore[attr-defined]
        yield Filed(client, context, settings, admin, acme, bodies[1], bodies[0], unfinished)


def _run(filed: Filed, days_later: int, dry_run: bool = False) -> retention.RetentionReport:
    return retention.run(
        filed.context.sessions,
        filed.context.objects,
        SERVICE,
        filed.settings.retention_days,
        now=utcnow() + timedelta(days=days_later),
        dry_run=dry_run,
    )


def _objects(filed: Filed, submission_id: str) -> list[Path]:
    folder = filed.settings.objects_dir / "submissions" / submission_id
    return [p for p in folder.rglob("*") if p.is_file()]


def test_retention_purges_a_finished_filing_past_its_tenants_days(filed: Filed) -> None:
    due, kept = filed.due, filed.kept
    # The declared name is not the passport's, so a caseworker would have looked.
    assert due["status"] == "needs_review" and due["documents"][0]["fields"]
    number = due["documents"][0]["fields"]["document_number"]["value"]
    set_policy = filed.client.put(
        "/v1/admin/retention/acme", json={"days": 30}, headers=filed.admin
    )
    assert set_policy.json()["tenants"][0] == {
        **set_policy.json()["tenants"][0],
        "tenant_id": "acme",
        "days": 30,
    }
    assert _run(filed, 29).total == 0
    dry = _run(filed, 31, dry_run=True)
    assert (dry.submissions, dry.objects) == ({"acme": 1}, 0)
    assert _objects(filed, due["id"])

    report = _run(filed, 31)
    assert report.submissions == {"acme": 1} and report.objects >= 4
    assert _objects(filed, due["id"]) == []
    assert _objects(filed, kept["id"]) and _objects(filed, filed.unfinished)

    after = filed.client.get(due["status_url"], headers=filed.acme).json()
    assert after["purged_at"] is not None and after["status"] == "needs_review"
    assert (after["applicant_name"], after["declared_gross_salary"]) == (None, None)
    assert after["documents"][0]["fields"] == {}
    assert after["checks"] and all(set(c) == {"code", "ok"} for c in after["checks"])
    assert after["files"][0]["filename"] == "file-1"
    assert after["files"][0]["original_filename"] is None
    assert after["pages"][0]["images"] == {}
    assert after["pages"][0]["quality"] == due["pages"][0]["quality"]
    image = filed.client.get(due["pages"][0]["images"]["original"], headers=filed.acme)
    assert image.status_code == 410 and image.json()["code"] == "purged"
    assert CANARY not in json.dumps(after) and number not in json.dumps(after)

    trail = filed.client.get(
        "/v1/admin/audit", params={"target": due["id"]}, headers=filed.admin
    ).json()["events"]
    actions = [e["action"] for e in trail]
    assert actions[0] == "submission.create" and "submission.purge" in actions
    outcomes = [(e["action"], e["outcome"]) for e in trail]
    assert ("page_image.read", "purged") in outcomes  # the 410 above, recorded as refused
    purge = trail[actions.index("submission.purge")]
    assert (purge["actor"], purge["tenant_id"]) == ("service", "acme")
    assert _run(filed, 400).total == 0  # kept: globex has no days; purged once only


def test_the_default_days_apply_to_tenants_without_their_own(filed: Filed) -> None:
    filed.client.put("/v1/admin/retention/globex", json={"days": None}, headers=filed.admin)
    assert _run(filed, 4000).total == 0
    cleared = filed.client.delete("/v1/admin/retention/globex", headers=filed.admin).json()
    assert [t["tenant_id"] for t in cleared["tenants"]] == ["acme"]
    with_default = retention.run(
        filed.context.sessions,
        filed.context.objects,
        SERVICE,
        default_days=365,
        now=utcnow() + timedelta(days=366),
        dry_run=True,
    )
    assert with_default.submissions == {"globex": 1}


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (0, "greater than or equal to 1"),
        (-1, "greater than or equal to 1"),
        (36_501, "less than or equal to 36500"),
        (True, "a whole number of days"),
    ],
)
def test_impossible_retention_is_refused(filed: Filed, days: int, words: str) -> None:
    response = filed.client.put(
        "/v1/admin/retention/acme", json={"days": days}, headers=filed.admin
    )
    assert response.status_code == 422
    assert response.json()["message"].startswith("body.days: ")
    assert words in response.json()["message"]


def test_the_command_line_sets_shows_and_runs_retention(tmp_path: Path) -> None:
    env = {"INTAKE_DATA_DIR": str(tmp_path / "var"), "PATH": "/usr/bin:/bin"}

    def intake(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "intake.cli", "retention", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    shown = intake("set", "--tenant", "acme", "--days", "90")
    assert shown.returncode == 0, shown.stderr
    assert "default (INTAKE_RETENTION_DAYS): kept" in shown.stdout
    assert "acme: 90 days (set by cli:" in shown.stdout
    assert intake("set", "--tenant", "acme", "--days", "0").returncode == 2
    ran = intake("run", "--dry-run")
    assert ran.stdout.startswith("0 submission(s) due, 0 object(s) deleted"), ran.stderr
