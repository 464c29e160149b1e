"""Writing to the audit log, in the same transaction as the action it records, and deleting
entries once they are old enough."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete

from portal.audit.models import AuditEntry
from portal.dates import utcnow
from portal.extensions import db


def record(
    actor,
    action: str,
    target_type: str,
    target_id: int | None,
    summary: str = "",
    *,
    now: datetime | None = None,
) -> AuditEntry:
    """Add an audit entry. `summary` names what changed; it must never hold access needs."""
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        action=action,
        target_type=target_type,
        target_id=target_id,
        summary=summary[:300],
        at=now or utcnow(),
    )
    db.session.add(entry)
    return entry


def purge_audit_log(*, now: datetime, days: int) -> int:
    """Delete audit entries older than `days`. Returns how many went. Raises nothing."""
    result = db.session.execute(
        delete(AuditEntry)
        .where(AuditEntry.at < now - timedelta(days=days))
        .execution_options(synchronize_session=False)
    )
    return result.rowcount
