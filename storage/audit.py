"""The audit trail: append an event, read events back a page at a time.

There is no function here that changes or deletes an event; the database
refuses both as well (migration 0003). Callers pass names and ids, never a
field's value: the trail says that a passport was read, not what it says.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storage.records import AuditEvent


@dataclass(frozen=True)
class Actor:
    """Who acts: an API key's id and role, a command-line user, or the service itself."""

    id: str
    role: str
    remote: str | None = None


#: The service acting on its own: the retention sweep, a benchmark's filings.
SERVICE = Actor("service", "service")


@dataclass(frozen=True)
class AuditFilter:
    tenant_id: str | None = None
    actor: str | None = None
    action: str | None = None
    target: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def append(
    session: Session,
    actor: Actor,
    action: str,
    *,
    tenant_id: str | None = None,
    target: str | None = None,
    outcome: str = "ok",
    detail: dict[str, Any] | None = None,
) -> None:
    """Add one event to the session's transaction: it is kept only if the act is."""
    session.add(
        AuditEvent(
            actor=actor.id,
            role=actor.role,
            action=action,
            outcome=outcome,
            tenant_id=tenant_id,
            target=target,
            remote=actor.remote,
            detail=detail,
        )
    )


def events(
    session: Session, where: AuditFilter, *, after: int = 0, limit: int = 100
) -> list[AuditEvent]:
    """Events in the order they happened, from the one after id `after` (keyset paging)."""
    query = select(AuditEvent).where(AuditEvent.id > after)
    for column, value in (
        (AuditEvent.tenant_id, where.tenant_id),
        (AuditEvent.actor, where.actor),
        (AuditEvent.action, where.action),
        (AuditEvent.target, where.target),
    ):
        if value is not None:
            query = query.where(column == value)
    if where.since is not None:
        query = query.where(AuditEvent.at >= where.since)
    if where.until is not None:
        query = query.where(AuditEvent.at < where.until)
    return list(session.scalars(query.order_by(AuditEvent.id).limit(limit)))


def every_event(
    sessions: sessionmaker, where: AuditFilter, batch: int = 1000
) -> Iterator[AuditEvent]:
    """All matching events, `batch` at a time, each batch in a session of its own: an export
    read at a slow client's pace holds neither much memory nor the database."""
    after = 0
    while True:
        with sessions() as session:
            page = events(session, where, after=after, limit=batch)
        if not page:
            return
        yield from page
        after = page[-1].id
