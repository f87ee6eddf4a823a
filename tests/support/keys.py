"""API keys for tests, made through `intake.auth` in the store the app under test opens."""

from __future__ import annotations

from intake.auth import Role, create_key
from intake.settings import Settings
from storage.audit import Actor
from storage.database import make_engine, make_sessionmaker

OPERATOR = Actor("cli:tests", "operator")


def make_key(settings: Settings, role: str, *tenants: str) -> str:
    """A new key of `role` for `tenants`, in the record store `settings` name."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.resolved_database_url)
    try:
        with make_sessionmaker(engine)() as session, session.begin():
            return create_key(session, OPERATOR, Role(role), list(tenants)).secret
    finally:
        engine.dispose()


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def portal(settings: Settings, tenant: str = "t1") -> dict[str, str]:
    """Headers of a portal key for `tenant`, the way the portal sends them."""
    return bearer(make_key(settings, "portal", tenant))


def admin(settings: Settings) -> dict[str, str]:
    return bearer(make_key(settings, "admin"))
