"""Reading the outbox for staff."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from portal.extensions import db
from portal.outbox.models import OutboxMessage, OutboxStatus


def outbox_page(*, status: str | None, page: int, per_page: int = 25):
    """One page of messages, newest first, optionally only those with one status."""
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc())
    if status in set(OutboxStatus):
        query = query.where(OutboxMessage.status == status)
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def outbox_count_columns() -> list:
    """How many messages are in each state, as columns to select from the outbox, labelled
    with the state (the dashboard selects them with its other counts, in one query)."""
    return [
        func.count().filter(OutboxMessage.status == status).label(status.value)
        for status in OutboxStatus
    ]


def outbox_counts() -> dict[str, int]:
    """How many messages are in each state."""
    rows = db.session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    )
    counts = {status.value: 0 for status in OutboxStatus}
    counts.update({status: count for status, count in rows})
    return counts


def backlog(now: datetime) -> tuple[int, datetime | None]:
    """How many messages are due and waiting to be sent, and when the oldest was queued."""
    count, oldest = db.session.execute(
        select(func.count(), func.min(OutboxMessage.created_at)).where(
            OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now
        )
    ).one()
    return count, oldest
