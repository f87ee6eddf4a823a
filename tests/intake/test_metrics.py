"""Ops watch throughput and rejection reasons on /metrics."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from intake.settings import Settings
from tests.support import keys
from tests.support.canary import canaries
from tests.support.harness import wait_until_final
from workers.bootstrap import make_app

pytestmark = pytest.mark.tesseract


def _samples(client: TestClient) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(response.text)
        for s in family.samples
    }


def test_pages_verdicts_reasons_and_submissions_are_counted(
    data_dir: Path, passport_png: bytes, blurred_passport_png: bytes
) -> None:
    passed = ("intake_pages_total", frozenset({("verdict", "pass"), ("doc_type", "passport")}))
    blurry = ("intake_page_rejections_total", frozenset({("reason", "blurry")}))
    rejected = ("intake_submissions_total", frozenset({("status", "rejected")}))
    timed = ("intake_page_seconds_count", frozenset({("verdict", "reject")}))
    settings = Settings(data_dir=data_dir)
    # /metrics answers clients on this machine (INTAKE_INTERNAL_ENDPOINTS=loopback).
    on_this_machine = ("127.0.0.1", 50000)
    with TestClient(
        make_app(settings), headers=keys.portal(settings), client=on_this_machine
    ) as client:
        before = _samples(client)
        for data in (passport_png, blurred_passport_png):
            posted = client.post(
                "/v1/submissions", files=[("files", ("p.png", data, "image/png"))]
            ).json()
            wait_until_final(client, posted["status_url"])
        after = _samples(client)
        exposition = client.get("/metrics").text
    leaked = [value for value in canaries() if value in exposition]
    assert leaked == [], "a field value reached /metrics"
    for key in (passed, blurry, rejected, timed):
        assert after.get(key, 0.0) - before.get(key, 0.0) == 1.0, key
