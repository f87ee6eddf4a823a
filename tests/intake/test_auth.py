"""API keys, roles and tenant isolation, through the real app, store and workers.

The authorization matrix is generated from the app's route table: a route
added without a row here fails the suite, so no endpoint ships unreviewed.
"""

from __future__ import annotations

import csv
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from intake.settings import Settings
from intake.trail import audit_csv
from storage.records import AuditEvent
from tests.support import keys
from tests.support.harness import KNOWN_THRESHOLDS, wait_until_final
from workers.bootstrap import make_app

pytestmark = pytest.mark.tesseract

PRINCIPALS = (
    "no key",
    "wrong key",
    "portal of the tenant",
    "portal of another tenant",
    "caseworker assigned",
    "caseworker not assigned",
    "admin",
)
ANYONE = dict.fromkeys(PRINCIPALS, 200)


def _row(
    portal: int, other_portal: int, caseworker: int, other_caseworker: int, admin: int
) -> dict[str, int]:
    """Statuses by principal; a missing or wrong key is always 401."""
    return {
        "no key": 401,
        "wrong key": 401,
        "portal of the tenant": portal,
        "portal of another tenant": other_portal,
        "caseworker assigned": caseworker,
        "caseworker not assigned": other_caseworker,
        "admin": admin,
    }


TENANT_READ = _row(200, 404, 200, 404, 403)
ADMIN_ONLY = _row(403, 403, 403, 403, 200)


# (method, path) -> status per principal; the internal endpoints are asked from another
# machine (the test client's address), where INTAKE_INTERNAL_ENDPOINTS=loopback refuses all.
MATRIX: dict[tuple[str, str], dict[str, int]] = {
    ("POST", "/v1/submissions"): _row(202, 202, 403, 403, 403),
    ("GET", "/v1/submissions/{submission_id}"): TENANT_READ,
    ("GET", "/v1/submissions/{submission_id}/pages/{page_id}/image"): TENANT_READ,
    ("GET", "/v1/admin/thresholds"): ADMIN_ONLY,
    ("POST", "/v1/admin/thresholds/reload"): ADMIN_ONLY,
    ("POST", "/v1/admin/thresholds/simulate"): ADMIN_ONLY,
    ("POST", "/v1/admin/keys"): _row(403, 403, 403, 403, 201),
    ("GET", "/v1/admin/keys"): ADMIN_ONLY,
    ("DELETE", "/v1/admin/keys/{key_id}"): ADMIN_ONLY,
    ("GET", "/v1/admin/audit"): ADMIN_ONLY,
    ("GET", "/v1/admin/retention"): ADMIN_ONLY,
    ("PUT", "/v1/admin/retention/{tenant_id}"): ADMIN_ONLY,
    ("DELETE", "/v1/admin/retention/{tenant_id}"): ADMIN_ONLY,
    ("POST", "/v1/admin/retention/run"): ADMIN_ONLY,
    ("GET", "/v1/admin/audit/export"): ADMIN_ONLY,
    ("GET", "/healthz"): ANYONE,
    ("GET", "/readyz"): ANYONE,
    ("GET", "/metrics"): dict.fromkeys(PRINCIPALS, 403),
    ("GET", "/openapi.json"): dict.fromkeys(PRINCIPALS, 403),
    ("GET", "/docs"): dict.fromkeys(PRINCIPALS, 403),
}


@dataclass
class World:
    client: TestClient
    settings: Settings
    headers: dict[str, dict[str, str]]
    submission_id: str
    page_id: str
    scan: bytes


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, blurred_passport_png: bytes) -> Iterator[World]:
    data_dir = tmp_path_factory.mktemp("auth")
    thresholds = data_dir / "thresholds.toml"
    thresholds.write_text(KNOWN_THRESHOLDS)
    settings = Settings(data_dir=data_dir / "var", thresholds_file=thresholds)
    headers = {
        "no key": {},
        "wrong key": keys.bearer("ik_0123456789abcdef_" + "A" * 43),
        "portal of the tenant": keys.portal(settings, "acme"),
        "portal of another tenant": keys.portal(settings, "globex"),
        "caseworker assigned": keys.bearer(keys.make_key(settings, "caseworker", "acme", "x")),
        "caseworker not assigned": keys.bearer(keys.make_key(settings, "caseworker", "globex")),
        "admin": keys.admin(settings),
    }
    with TestClient(make_app(settings)) as client:
        posted = client.post(
            "/v1/submissions",
            files=[("files", ("p.png", blurred_passport_png, "image/png"))],
            headers=headers["portal of the tenant"],
        ).json()
        body = wait_until_final(client, posted["status_url"], headers["portal of the tenant"])
        yield World(
            client, settings, headers, body["id"], body["pages"][0]["id"], blurred_passport_png
        )


def _request(world: World, method: str, path: str, who: str) -> Any:
    """One call of the route with a body it accepts, so only authorization can refuse it."""
    headers = world.headers[who]
    spare_key = keys.make_key(world.settings, "portal", "spare").split("_")[1]
    url = path.format(
        submission_id=world.submission_id, page_id=world.page_id, key_id=spare_key, tenant_id="x"
    )
    if path == "/v1/submissions":
        files = [("files", ("p.png", world.scan, "image/png"))]
        return world.client.post(url, files=files, headers=headers)
    body: dict[str, Any] = {}
    if path == "/v1/admin/thresholds/simulate":
        body["content"] = KNOWN_THRESHOLDS.encode()
    if path == "/v1/admin/keys":
        body["json"] = {"role": "portal", "tenants": ["new"]}
    if method == "PUT":
        body["json"] = {"days": 3650}
    return world.client.request(method, url, headers=headers, **body)


def test_every_route_has_a_row_in_the_matrix(world: World) -> None:
    routes = {
        (method, route.path)
        for route in world.client.app.routes  # type: ignore[attr-defined]
        if isinstance(route, APIRoute)
        for method in route.methods
    }
    assert routes == set(MATRIX)


@pytest.mark.parametrize("who", PRINCIPALS)
@pytest.mark.parametrize("route", sorted(MATRIX), ids=lambda r: f"{r[0]} {r[1]}")
def test_authorization_matrix(world: World, route: tuple[str, str], who: str) -> None:
    expected = MATRIX[route][who]
    response = _request(world, *route, who)
    got = response.status_code
    assert got == expected, f"{route} as {who}: {got} {response.text[:200]}"
    if got == 401:
        assert response.headers["www-authenticate"] == "Bearer"
    if got >= 400:
        assert set(response.json()) >= {"code", "message"}


def test_a_revoked_key_is_refused_at_once(world: World) -> None:
    admin = world.headers["admin"]
    made = world.client.post(
        "/v1/admin/keys", json={"role": "caseworker", "tenants": ["acme"]}, headers=admin
    )
    assert made.status_code == 201, made.text
    key = keys.bearer(made.json()["key"])
    url = f"/v1/submissions/{world.submission_id}"
    assert world.client.get(url, headers=key).status_code == 200
    revoked = world.client.delete(f"/v1/admin/keys/{made.json()['id']}", headers=admin)
    assert revoked.json()["revoked_at"] is not None
    assert world.client.get(url, headers=key).status_code == 401
    listed = world.client.get("/v1/admin/keys", headers=admin).json()
    assert made.json()["id"] not in {k["id"] for k in listed}
    everything = world.client.get("/v1/admin/keys?include_revoked=true", headers=admin).json()
    assert made.json()["id"] in {k["id"] for k in everything}
    assert all("key" not in k and "secret_sha256" not in k for k in everything)


def test_a_key_is_stored_only_as_a_hash(world: World) -> None:
    made = world.client.post(
        "/v1/admin/keys",
        json={"role": "portal", "tenants": ["acme"]},
        headers=world.headers["admin"],
    ).json()
    secret = made["key"].split("_", 2)[2]
    database = world.settings.data_dir / "intake.db"
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT * FROM api_keys").fetchall()
    assert rows and not any(secret in str(cell) for row in rows for cell in row)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"role": "portal", "tenants": []}, "exactly one tenant"),
        ({"role": "portal", "tenants": ["a", "b"]}, "exactly one tenant"),
        ({"role": "caseworker", "tenants": []}, "needs the tenants it reviews"),
        ({"role": "admin", "tenants": ["a"]}, "reads no filing: no tenants"),
        ({"role": "portal", "tenants": ["../etc"]}, "a tenant is 1 to 64"),
        ({"role": "root", "tenants": []}, "role"),
    ],
)
def test_a_key_of_an_impossible_scope_is_refused(
    world: World, body: dict[str, Any], words: str
) -> None:
    response = world.client.post("/v1/admin/keys", json=body, headers=world.headers["admin"])
    assert response.status_code == 422
    assert words in response.json()["message"]


def test_rotation_replaces_the_live_key_of_the_same_name(world: World) -> None:
    admin = world.headers["admin"]
    spec = {"role": "portal", "tenants": ["rotating"], "name": "portal prod", "replace": True}
    first = world.client.post("/v1/admin/keys", json=spec, headers=admin).json()
    second = world.client.post("/v1/admin/keys", json=spec, headers=admin).json()
    live = [k["id"] for k in world.client.get("/v1/admin/keys", headers=admin).json()]
    assert second["id"] in live and first["id"] not in live


def test_reads_and_refusals_are_audited_without_field_values(
    world: World, passport_png: bytes
) -> None:
    acme, globex = world.headers["portal of the tenant"], world.headers["portal of another tenant"]
    posted = world.client.post(
        "/v1/submissions",
        files=[("files", ("p.png", passport_png, "image/png"))],
        data={"applicant_name": "CANARY-APPLICANT"},
        headers=acme,
    ).json()
    body = wait_until_final(world.client, posted["status_url"], acme)
    assert body["documents"][0]["fields"]["document_number"]["value"]
    world.client.get(posted["status_url"], headers=globex)
    world.client.get(f"/v1/submissions/{'0' * 32}", headers=acme)

    trail = world.client.get(
        "/v1/admin/audit", params={"target": posted["id"]}, headers=world.headers["admin"]
    ).json()["events"]
    actions = [(e["action"], e["outcome"], e["tenant_id"]) for e in trail]
    assert actions[0] == ("submission.create", "ok", "acme")
    assert ("submission.read", "ok", "acme") in actions
    assert ("submission.read", "denied", "acme") in actions
    denied = next(e for e in trail if e["outcome"] == "denied")
    assert denied["actor"] == globex["Authorization"].split("_")[1]
    assert denied["remote"] == "testclient"
    missing = world.client.get(
        "/v1/admin/audit", params={"target": "0" * 32}, headers=world.headers["admin"]
    ).json()["events"]
    assert [(e["outcome"], e["tenant_id"]) for e in missing] == [("not_found", None)]

    export = world.client.get("/v1/admin/audit/export", headers=world.headers["admin"])
    assert export.headers["content-type"].startswith("text/csv")
    fields = body["documents"][0]["fields"]
    for value in (
        "CANARY-APPLICANT",
        fields["document_number"]["value"],
        fields["surname"]["value"],
    ):
        assert value not in export.text


def test_the_audit_trail_pages_by_id(world: World) -> None:
    admin = world.headers["admin"]
    first = world.client.get("/v1/admin/audit", params={"limit": 2}, headers=admin).json()
    assert len(first["events"]) == 2 and first["next_after"] == first["events"][-1]["id"]
    second = world.client.get(
        "/v1/admin/audit", params={"limit": 2, "after": first["next_after"]}, headers=admin
    ).json()
    assert second["events"][0]["id"] > first["events"][-1]["id"]


def test_the_audit_trail_cannot_be_changed_in_the_database(world: World) -> None:
    database = world.settings.data_dir / "intake.db"
    statements: list[Callable[[sqlite3.Connection], object]] = [
        lambda c: c.execute("UPDATE audit_events SET actor = 'nobody'"),
        lambda c: c.execute("DELETE FROM audit_events"),
    ]
    for statement in statements:
        with (
            sqlite3.connect(database) as connection,
            pytest.raises(sqlite3.IntegrityError, match="append-only"),
        ):
            statement(connection)


def test_openapi_declares_the_key_and_every_error_answer(world: World) -> None:
    schema = world.client.app.openapi()  # type: ignore[attr-defined]
    assert schema["components"]["securitySchemes"]["apiKey"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "An API key made with `intake keys create`: `ik_<id>_<secret>`.",
    }
    post = schema["paths"]["/v1/submissions"]["post"]
    assert post["security"] == [{"apiKey": []}]
    assert {"401", "403", "413", "415", "422"} <= set(post["responses"])
    get = schema["paths"]["/v1/submissions/{submission_id}"]["get"]
    assert {"401", "403", "404"} <= set(get["responses"])


@pytest.mark.parametrize(
    ("mode", "address", "who", "status"),
    [
        ("loopback", "127.0.0.1", "no key", 200),
        ("loopback", "127.0.0.1", "forwarded", 403),
        ("loopback", "::1", "no key", 200),
        ("loopback", "203.0.113.9", "admin", 403),
        ("admin", "127.0.0.1", "no key", 401),
        ("admin", "203.0.113.9", "portal of the tenant", 403),
        ("admin", "203.0.113.9", "admin", 200),
        ("open", "203.0.113.9", "no key", 200),
    ],
)
def test_internal_endpoints_answer_whom_the_setting_names(
    world: World, mode: str, address: str, who: str, status: int
) -> None:
    settings = world.settings.model_copy(update={"internal_endpoints": mode})
    headers = {"X-Forwarded-For": "127.0.0.1"} if who == "forwarded" else world.headers[who]
    with TestClient(make_app(settings), client=(address, 50000)) as client:
        for path in ("/metrics", "/openapi.json", "/docs"):
            response = client.get(path, headers=headers)
            assert response.status_code == status, (path, response.text)


def test_the_command_line_makes_lists_and_revokes_keys(tmp_path: Path) -> None:
    env = {"INTAKE_DATA_DIR": str(tmp_path / "var"), "PATH": "/usr/bin:/bin"}

    def intake(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "intake.cli", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    made = intake("keys", "create", "--role", "caseworker", "--tenant", "a", "--tenant", "b")
    assert made.returncode == 0, made.stderr
    secret = made.stdout.splitlines()[1]
    key_id = secret.split("_")[1]
    assert f"caseworker key {key_id} for a, b" in made.stdout
    listed = intake("keys", "list").stdout
    assert key_id in listed and secret.split("_", 2)[2] not in listed
    assert intake("keys", "revoke", key_id).returncode == 0
    assert key_id not in intake("keys", "list").stdout
    assert key_id in intake("keys", "list", "--all").stdout
    refused = intake("keys", "create", "--role", "portal")
    assert refused.returncode == 2
    assert "exactly one tenant" in refused.stderr
    trail = intake("audit", "export").stdout.splitlines()
    assert trail[0].startswith("id,at,actor,role,action,outcome")
    assert [line.split(",")[4] for line in trail[1:3]] == ["key.create", "key.revoke"]
    assert all(line.split(",")[2].startswith("cli:") for line in trail[1:])


def test_a_role_refusal_is_audited(world: World) -> None:
    admin = world.headers["admin"]
    url = f"/v1/submissions/{world.submission_id}"
    assert world.client.get(url, headers=admin).status_code == 403
    trail = world.client.get(
        "/v1/admin/audit", params={"action": "role.denied"}, headers=admin
    ).json()["events"]
    mine = [e for e in trail if e["actor"] == admin["Authorization"].split("_")[1]]
    assert mine and mine[-1]["detail"] == {"route": "GET /v1/submissions/{submission_id}"}
    assert mine[-1]["outcome"] == "denied"


def test_the_csv_export_quotes_what_a_spreadsheet_would_run() -> None:
    event = AuditEvent(
        id=1,
        at=datetime(2026, 12, 4, tzinfo=UTC),
        actor='=HYPERLINK("http://x")',
        role="portal",
        action="submission.read",
        outcome="denied",
        tenant_id="+acme",
        target="@sum",
        remote="-1",
        detail=None,
    )
    (_, row) = list(audit_csv([event]))
    cells = next(csv.reader([row]))
    assert cells[2] == '\'=HYPERLINK("http://x")'
    assert (cells[6], cells[7], cells[8]) == ("'+acme", "'@sum", "'-1")
