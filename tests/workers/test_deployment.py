"""The deployment files, checked without a Docker engine: they parse, and they agree with the code.

No Docker engine runs where the suite runs, so the images are never built here.
What can go stale silently is checked instead: every INTAKE_ variable in the
compose file is a setting and validates, the commands are ones the `intake`
CLI accepts, and the image installs the same Tesseract models the Makefile does.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from intake.cli import _parser
from intake.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    document = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert isinstance(document, dict)
    return document


def _environment(service: dict[str, Any]) -> dict[str, str]:
    return {key: str(value) for key, value in service.get("environment", {}).items()}


def test_the_production_layout_has_its_services(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) == {"api", "worker", "redis", "postgres", "minio"}
    assert services["api"]["image"] == services["worker"]["image"]  # one image, two roles
    assert "build" in services["api"]
    assert "replicas" not in services["worker"].get("deploy", {})  # scaled with --scale


@pytest.mark.parametrize("name", ["api", "worker"])
def test_every_intake_variable_is_a_setting_that_validates(
    compose: dict[str, Any], name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    environment = _environment(compose["services"][name])
    known = {f"INTAKE_{field.upper()}" for field in Settings.model_fields}
    unknown = {key for key in environment if key.startswith("INTAKE_")} - known
    assert not unknown, f"not settings: {sorted(unknown)}"
    for key, value in environment.items():
        monkeypatch.setenv(key, value)
    settings = Settings()
    assert settings.broker == "redis"
    assert settings.object_store == "s3"
    assert settings.resolved_database_url.startswith("postgresql+psycopg://")


def test_the_servers_the_settings_name_are_in_the_compose_file(compose: dict[str, Any]) -> None:
    environment = _environment(compose["services"]["worker"])
    hosts = {
        re.split(r"[:/@]", environment["INTAKE_BROKER_URL"].split("://")[1])[0],
        environment["INTAKE_S3_ENDPOINT"].split(":")[0],
        environment["INTAKE_DATABASE_URL"].split("@")[1].split(":")[0],
    }
    assert hosts == {"redis", "minio", "postgres"}
    assert hosts <= set(compose["services"])
    minio = _environment(compose["services"]["minio"])
    assert minio["MINIO_ROOT_USER"] == environment["INTAKE_S3_ACCESS_KEY"]
    assert minio["MINIO_ROOT_PASSWORD"] == environment["INTAKE_S3_SECRET_KEY"]


@pytest.mark.parametrize("name", ["api", "worker"])
def test_the_commands_are_ones_the_cli_accepts(compose: dict[str, Any], name: str) -> None:
    command = compose["services"][name]["command"]
    assert command[0] == "intake"
    args = _parser().parse_args(command[1:])
    assert args.handler.__name__ == f"_{'serve' if name == 'api' else 'worker'}"


def _dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text()


def test_the_image_is_multi_stage_and_runs_as_a_user() -> None:
    text = _dockerfile()
    assert len(re.findall(r"^FROM ", text, re.MULTILINE)) == 2  # build, then runtime
    assert re.findall(r"^USER (\S+)", text, re.MULTILINE) == ["intake"]  # not root


def test_the_image_installs_the_models_the_makefile_installs() -> None:
    makefile = (ROOT / "Makefile").read_text()
    block = re.search(r"^APT_PACKAGES := (.*?)(?<!\\)\n", makefile, re.MULTILINE | re.DOTALL)
    assert block is not None
    wanted = {
        p
        for p in shlex.split(block.group(1).replace("\\\n", " "))
        if p.startswith(("tesseract-ocr", "fonts-ocr-b", "jbig2dec"))
    }
    installed = set(re.findall(r"[\w.+-]+", _dockerfile()))
    assert wanted and wanted <= installed, sorted(wanted - installed)
