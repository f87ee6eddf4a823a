"""Checks across a submission's documents: the same person, the declared salary, the threshold."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from benchmarks import synth
from intake.rules.policy import load_policy
from intake.settings import DEFAULT_THRESHOLDS_FILE, Settings
from tests.support import keys
from tests.support.documents import contract_for
from tests.support.harness import wait_until_final
from workers.bootstrap import make_app

pytestmark = pytest.mark.tesseract


def _contract_pdf(
    passport: synth.Sample, employee: str | None = None, salary: str | None = None
) -> tuple[bytes, dict[str, str]]:
    """A born-digital English contract for the passport's holder (or `employee`, born the
    same day), its monthly salary set to `salary`."""
    text, truth = contract_for(passport)
    if employee is not None:
        text = text.replace(truth["employee_name"], employee)
        truth["employee_name"] = employee
    if salary is not None:
        text = text.replace("EUR 7,350.00 per month", f"EUR {salary} per month")
        truth["gross_salary"] = salary.replace(",", "")
    return synth.born_digital_pdf([text]), truth


def _submit(client: TestClient, files: dict[str, bytes], **form: str) -> dict[str, Any]:
    response = client.post(
        "/v1/submissions",
        data=form,
        files=[("files", (name, data, "application/octet-stream")) for name, data in files.items()],
    )
    assert response.status_code == 202, response.text
    return wait_until_final(client, response.json()["status_url"])


@pytest.fixture
def client(data_dir: Path) -> Any:
    settings = Settings(data_dir=data_dir)
    with TestClient(make_app(settings), headers=keys.portal(settings)) as test_client:
        yield test_client


def test_consistent_submission_passes_every_check(
    client: TestClient, passport_sample: synth.Sample, passport_png: bytes
) -> None:
    contract, truth = _contract_pdf(passport_sample)
    holder = truth["employee_name"]
    body = _submit(
        client,
        {"passport.png": passport_png, "contract.pdf": contract},
        permit_type="fixed_term",
        applicant_name=holder.upper(),
        declared_gross_salary="88200.00",
        salary_period="year",
    )
    checks = {c["code"]: c for c in body["checks"]}
    assert set(checks) == {
        "name_match",
        "birth_date_match",
        "applicant_name_match",
        "declared_salary_match",
        "salary_threshold",
    }
    assert all(c["ok"] for c in checks.values()), checks
    assert float(truth["gross_salary"]) * 12 == 88200.00  # the declared figure, annualised
    assert body["status"] == "accepted"


def test_other_person_and_low_salary_go_to_a_caseworker(
    client: TestClient, passport_sample: synth.Sample, passport_png: bytes
) -> None:
    contract, truth = _contract_pdf(passport_sample, "Pieter Janssens", salary="3,000.00")
    body = _submit(
        client,
        {"passport.png": passport_png, "contract.pdf": contract},
        permit_type="fixed_term",
        occupation_category="highly_qualified",
        declared_gross_salary="4000.00",
        salary_period="month",
    )
    checks = {c["code"]: c for c in body["checks"]}
    assert not checks["name_match"]["ok"]
    assert not checks["declared_salary_match"]["ok"]
    threshold = load_policy(DEFAULT_THRESHOLDS_FILE).salary.threshold_for(
        "fixed_term", "highly_qualified", date.fromisoformat(truth["start_date"])
    )
    assert threshold is not None and threshold.min_annual_eur > 3000 * 12
    assert not checks["salary_threshold"]["ok"]
    assert "36,000.00" in checks["salary_threshold"]["message"]
    assert body["status"] == "needs_review"
    assert body["occupation_category"] == "highly_qualified"


def test_unknown_occupation_category_is_refused(client: TestClient, passport_png: bytes) -> None:
    response = client.post(
        "/v1/submissions",
        data={"occupation_category": "Chief Boss!"},
        files=[("files", ("p.png", passport_png, "image/png"))],
    )
    assert response.status_code == 422
    assert "occupation_category" in response.json()["message"]
