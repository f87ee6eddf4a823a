"""The admin endpoints ops use to see, reload and try out quality thresholds."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from intake.errors import ConfigError
from intake.rules.policy import load_policy, parse_policy
from intake.settings import Settings, load_settings
from tests.support import keys
from tests.support.harness import KNOWN_THRESHOLDS, wait_until_final
from workers.bootstrap import make_app


@pytest.fixture
def thresholds_file(tmp_path: Path) -> Path:
    path = tmp_path / "thresholds.toml"
    path.write_text(KNOWN_THRESHOLDS)
    return path


@pytest.fixture
def settings(data_dir: Path, thresholds_file: Path) -> Settings:
    return Settings(data_dir=data_dir, thresholds_file=thresholds_file, thresholds_check_seconds=0)


@pytest.fixture
def admin_client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(make_app(settings), headers=keys.admin(settings)) as client:
        yield client


def test_the_old_admin_token_variable_stops_start_up_saying_what_replaced_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("INTAKE_ADMIN_TOKEN", "s3cret")
    with pytest.raises(ConfigError, match="intake keys create --role admin"):
        load_settings()


def test_a_portal_key_is_forbidden_and_a_wrong_key_unauthorized(
    admin_client: TestClient, settings: Settings
) -> None:
    admin = admin_client.headers["Authorization"]
    refusals = {
        "missing": ({"Authorization": ""}, 401),
        "not a key": ({"Authorization": "Bearer nope"}, 401),
        "no scheme": ({"Authorization": admin.split()[1]}, 401),
        "secret altered": (
            {"Authorization": admin[:-2] + ("AA" if admin[-2:] != "AA" else "BB")},
            401,
        ),
        "portal key": (keys.portal(settings), 403),
    }
    for name, (headers, status) in refusals.items():
        response = admin_client.get("/v1/admin/thresholds", headers=headers)
        assert response.status_code == status, name
        assert response.json()["code"] == {401: "unauthorized", 403: "forbidden"}[status], name


def test_thresholds_in_force_and_reload(admin_client: TestClient, thresholds_file: Path) -> None:
    body = admin_client.get("/v1/admin/thresholds").json()
    assert body["path"] == str(thresholds_file)
    assert body["thresholds"] == load_policy(thresholds_file).as_mapping()
    assert (body["reloads"], body["last_error"]) == (0, None)

    thresholds_file.write_text(
        thresholds_file.read_text().replace("min_blur = 40.0", "min_blur = 55.0")
    )
    body = admin_client.post("/v1/admin/thresholds/reload").json()
    assert body["changed"] == ["quality.diploma.min_blur: 40.0 -> 55.0"]
    assert body["thresholds"]["quality"]["diploma"]["min_blur"] == 55.0

    thresholds_file.write_text("[quality.diploma]\nmin_blurr = 1\n")
    body = admin_client.post("/v1/admin/thresholds/reload").json()
    assert body["changed"] == []
    assert "min_blurr: unknown key" in body["last_error"]
    assert body["thresholds"]["quality"]["diploma"]["min_blur"] == 55.0


@pytest.mark.tesseract
def test_simulate_replays_stored_pages(
    admin_client: TestClient, settings: Settings, blurred_passport_png: bytes
) -> None:
    portal = keys.portal(settings)
    posted = admin_client.post(
        "/v1/submissions",
        files=[("files", ("blurred.png", blurred_passport_png, "image/png"))],
        headers=portal,
    ).json()
    assert wait_until_final(admin_client, posted["status_url"], portal)["status"] == "rejected"

    in_force = parse_policy(KNOWN_THRESHOLDS).as_mapping()["quality"]
    in_force["passport"]["min_blur"] = 0.0
    lenient = "".join(
        f"[quality.{doc_type}]\n" + "".join(f"{k} = {v!r}\n" for k, v in values.items())
        for doc_type, values in in_force.items()
    )
    response = admin_client.post("/v1/admin/thresholds/simulate", content=lenient.encode())
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["pages"], body["newly_rejected"], body["newly_passed"]) == (1, 0, 1)
    assert body["changes"] == ["quality.passport.min_blur: 25.0 -> 0.0"]
    assert body["reasons"] == [{"doc_type": "passport", "reason": "blurry", "gained": 0, "lost": 1}]
    current = admin_client.get("/v1/admin/thresholds").json()
    assert current["thresholds"]["quality"]["passport"]["min_blur"] == 25.0  # nothing applied


def test_simulate_refuses_a_bad_candidate(admin_client: TestClient) -> None:
    for content, expected in (
        (b"[quality.passport]\nmin_blur = 'x'\n", "quality.passport"),
        (b"not toml at all [", "not valid TOML"),
        (b"\xff\xfe", "UTF-8"),
    ):
        response = admin_client.post("/v1/admin/thresholds/simulate", content=content)
        assert response.status_code == 422
        assert response.json()["code"] == "invalid_request"
        assert expected in response.json()["message"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _get(url: str, headers: dict[str, str]) -> Any:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.load(response)


def test_running_server_reloads_on_sighup(data_dir: Path, thresholds_file: Path) -> None:
    """The real `intake serve` process: SIGHUP re-reads the file and the log names the change."""
    port = _free_port()
    admin = keys.admin(Settings(data_dir=data_dir))
    env = {
        **os.environ,
        "INTAKE_DATA_DIR": str(data_dir),
        "INTAKE_THRESHOLDS_FILE": str(thresholds_file),
        "INTAKE_THRESHOLDS_CHECK_SECONDS": "0",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "intake.cli", "serve", "--port", str(port)],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/v1/admin/thresholds"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                before = _get(url, admin)
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, "server exited"
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        assert before["thresholds"]["quality"]["unknown"]["min_contrast"] == 80.0
        thresholds_file.write_text(
            thresholds_file.read_text().replace("min_contrast = 80.0", "min_contrast = 70.0")
        )
        server.send_signal(signal.SIGHUP)
        while _get(url, admin)["reloads"] == 0:
            assert time.monotonic() < deadline, "no reload after SIGHUP"
            time.sleep(0.1)
        assert _get(url, admin)["thresholds"]["quality"]["unknown"]["min_contrast"] == 70.0
    finally:
        server.terminate()
        _, log = server.communicate(timeout=30)
    assert "quality.unknown.min_contrast: 80.0 -> 70.0" in log
