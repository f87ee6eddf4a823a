"""API keys, roles and the principal a request acts as.

A key reads `ik_<id>_<secret>`: the id is public (it names the key in lists,
logs and the audit trail), the secret is 256 random bits shown once and kept
only as its SHA-256. A hash without salt or stretching is enough for secrets
that no one can guess; it is what lets a request be checked with one lookup.

The tenant comes from the key, never from the request: a portal key reaches
its own tenant, a caseworker key the tenants assigned to it, an admin key the
service's settings, keys and audit trail but no filing.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.errors import Forbidden, InvalidRequest, NotFound, Unauthorized
from storage import audit
from storage.records import ApiKey, utcnow

TENANT_PATTERN = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
KEY_PATTERN = re.compile(r"^ik_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$")
# A key's last use is written at most this often, so polling does not write on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)
MISSING_KEY = (
    "Send an API key as 'Authorization: Bearer <key>'. Keys are made by the service's "
    "operators with `intake keys create`."
)


class Role(StrEnum):
    PORTAL = "portal"
    CASEWORKER = "caseworker"
    ADMIN = "admin"


@dataclass(frozen=True)
class Principal:
    """Who a request acts as: the key's id and role, the tenants it reaches, its address."""

    key_id: str
    role: Role
    tenants: frozenset[str]
    remote: str | None = None

    @property
    def actor(self) -> audit.Actor:
        return audit.Actor(self.key_id, self.role.value, self.remote)

    def require(self, *roles: Role) -> None:
        if self.role not in roles:
            allowed = " or ".join(r.value for r in roles)
            raise Forbidden(f"This needs a {allowed} key; this one is a {self.role.value} key.")

    @property
    def own_tenant(self) -> str:
        """The one tenant a portal key files for."""
        self.require(Role.PORTAL)
        (tenant,) = self.tenants
        return tenant


@dataclass(frozen=True)
class IssuedKey:
    """A new key: `secret` is the whole key, shown once and stored nowhere."""

    record: ApiKey
    secret: str


def create_key(
    session: Session,
    by: audit.Actor,
    role: Role,
    tenants: list[str],
    name: str | None = None,
    *,
    replace: bool = False,
) -> IssuedKey:
    """Make a key; with `replace`, revoke the live keys of the same name, role and tenants first.

    `replace` is how a deployment rotates a key it makes on every start
    (`make run`'s development keys): one live key per name, never a pile.
    """
    tenants = sorted(set(tenants))
    _check_scope(role, tenants)
    if name is not None and not 1 <= len(name) <= 200:
        raise InvalidRequest("A key's name must be 1 to 200 characters.")
    if replace and name is not None:
        for old in session.scalars(
            select(ApiKey).where(
                ApiKey.name == name, ApiKey.role == role.value, ApiKey.revoked_at.is_(None)
            )
        ):
            if old.tenants == tenants:
                _revoke(session, by, old)
    key_id, secret = secrets.token_hex(8), secrets.token_urlsafe(32)
    record = ApiKey(
        id=key_id,
        secret_sha256=_digest(secret),
        role=role.value,
        tenants=tenants,
        name=name,
        created_by=by.id,
    )
    session.add(record)
    session.flush()  # fills the defaults (created_at) the answer shows
    audit.append(
        session,
        by,
        "key.create",
        target=key_id,
        detail={"role": role.value, "tenants": tenants},
    )
    return IssuedKey(record, f"ik_{key_id}_{secret}")


def revoke_key(session: Session, by: audit.Actor, key_id: str) -> ApiKey:
    """Revoke a key at once; revoking it again changes nothing."""
    record = session.get(ApiKey, key_id)
    if record is None:
        raise NotFound(f"No API key with id {key_id}.")
    if record.revoked_at is None:
        _revoke(session, by, record)
    return record


def list_keys(session: Session, *, include_revoked: bool = False) -> list[ApiKey]:
    query = select(ApiKey).order_by(ApiKey.created_at, ApiKey.id)
    if not include_revoked:
        query = query.where(ApiKey.revoked_at.is_(None))
    return list(session.scalars(query))


def authenticate(session: Session, authorization: str | None, remote: str | None) -> Principal:
    """The principal behind an `Authorization: Bearer` header, or Unauthorized.

    An unknown, mistyped or revoked key is refused with the same words whether
    or not its id exists, so a refusal tells a prober nothing.
    """
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized(MISSING_KEY)
    match = KEY_PATTERN.match(token.strip())
    record = session.get(ApiKey, match.group(1)) if match else None
    if (
        match is None
        or record is None
        or not hmac.compare_digest(record.secret_sha256, _digest(match.group(2)))
        or record.revoked_at is not None
    ):
        raise Unauthorized("This API key is not valid: it is unknown, mistyped or revoked.")
    now = utcnow()
    if record.last_used_at is None or now - record.last_used_at > LAST_USED_RESOLUTION:
        record.last_used_at = now
    return Principal(record.id, Role(record.role), frozenset(record.tenants), remote)


def has_live_keys(session: Session) -> bool:
    return session.scalar(select(ApiKey.id).where(ApiKey.revoked_at.is_(None)).limit(1)) is not None


def describe(record: ApiKey) -> dict[str, str | list[str] | datetime | None]:
    """A key as lists show it: everything but the secret's hash."""
    return {
        "id": record.id,
        "role": record.role,
        "tenants": list(record.tenants),
        "name": record.name,
        "created_at": record.created_at,
        "created_by": record.created_by,
        "last_used_at": record.last_used_at,
        "revoked_at": record.revoked_at,
    }


def _check_scope(role: Role, tenants: list[str]) -> None:
    for tenant in tenants:
        if not TENANT_PATTERN.match(tenant):
            raise InvalidRequest(
                f"Tenant {tenant[:70]!r}: a tenant is 1 to 64 letters, digits, '.', '_' or '-'."
            )
    if role is Role.PORTAL and len(tenants) != 1:
        raise InvalidRequest("A portal key files for exactly one tenant: give one --tenant.")
    if role is Role.CASEWORKER and not tenants:
        raise InvalidRequest("A caseworker key needs the tenants it reviews: one --tenant each.")
    if role is Role.ADMIN and tenants:
        raise InvalidRequest(
            "An admin key manages the service and reads no filings: give it no --tenant."
        )


def _revoke(session: Session, by: audit.Actor, record: ApiKey) -> None:
    record.revoked_at = utcnow()
    audit.append(session, by, "key.revoke", target=record.id, detail={"role": record.role})


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
