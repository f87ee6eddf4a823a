"""The running server against its own OpenAPI schema, fuzzed by schemathesis with every check.

Each operation gets generated requests (valid and invalid) with the key of the
role it serves; every answer must be one the schema declares, in the declared
shape, with no 5xx, and a request without its key must be refused.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.generation import GenerationMode
from schemathesis.generation.case import Case
from schemathesis.schemas import APIOperation
from schemathesis.specs.openapi.checks import positive_data_acceptance

from intake.settings import Settings
from tests.support import keys
from tests.support.s3server import free_port
from workers.bootstrap import make_app

EXAMPLES = int(os.environ.get("INTAKE_FUZZ_EXAMPLES", "40"))


@dataclass(frozen=True)
class Served:
    base: str
    portal: dict[str, str]
    admin: dict[str, str]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    data_dir = tmp_path_factory.mktemp("fuzz") / "var"
    settings_ = Settings(data_dir=data_dir)
    portal = keys.bearer(keys.make_key(settings_, "portal", "fuzz"))
    admin = keys.bearer(keys.make_key(settings_, "admin"))
    port = free_port()
    log = (data_dir.parent / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "intake.cli", "serve", "--port", str(port)],
        env={**os.environ, "INTAKE_DATA_DIR": str(data_dir), "INTAKE_MAX_UPLOAD_BYTES": "262144"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, "no server"
            time.sleep(0.2)
        yield Served(base, portal, admin)
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()
    text = Path(log.name).read_text()
    assert "Traceback" not in text, text[-3000:]


# The schema the app declares, read without serving it; the calls go to the running server.
SCHEMA = schemathesis.openapi.from_dict(make_app(Settings()).openapi())
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
# Invalid requests can only be made of operations that take something.
CASES = [
    (operation, mode)
    for operation in OPERATIONS
    for mode in GenerationMode
    if mode is GenerationMode.POSITIVE or list(operation.iter_parameters()) or operation.body
]


@pytest.mark.parametrize(
    ("operation", "mode"), CASES, ids=[f"{o.label} {m.value}" for o, m in CASES]
)
def test_every_answer_is_one_the_schema_declares(
    operation: APIOperation, mode: GenerationMode, served: Served
) -> None:
    role = served.admin if operation.path.startswith("/v1/admin") else served.portal

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def call(case: Case) -> None:
        # The role's real key replaces a generated one; an invalid case that leaves the key
        # out is sent without it, and must be refused for that.
        if mode is GenerationMode.POSITIVE or "Authorization" in (case.headers or {}):
            case.headers = {**(case.headers or {}), **role}
        case.call_and_validate(base_url=served.base, excluded_checks=excluded)

    # Whether an upload is accepted depends on what its bytes are, which no schema can say:
    # generated files are refused as unsupported_type (415), as they should be.
    excluded = [positive_data_acceptance] if operation.path == "/v1/submissions" else []

    call()
