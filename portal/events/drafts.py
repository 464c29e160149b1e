"""Unfinished bookings: the journey's answers, kept on the server for one account.

Services take explicit arguments, flush but never commit, and raise nothing of their own.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

from portal.accounts.models import User
from portal.events.models import BookingDraft
from portal.extensions import db


def _lasts() -> timedelta:
    return timedelta(hours=current_app.config["BOOKING_DRAFT_HOURS"])


def _draft(user: User, event_id: int) -> BookingDraft | None:
    return db.session.scalar(
        select(BookingDraft).where(
            BookingDraft.user_id == user.id, BookingDraft.event_id == event_id
        )
    )


def make_draft(user_id: int, event_id: int, *, now: datetime) -> None:
    """An empty draft for this account and session, unless one is there already: made with
    ON CONFLICT DO NOTHING, so two requests at once (a double-click) share one."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    db.session.execute(
        insert(BookingDraft)
        .values(user_id=user_id, event_id=event_id, answers={}, updated_at=now)
        .on_conflict_do_nothing(index_elements=["user_id", "event_id"])
    )


def draft_answers(user: User, event_id: int, *, now: datetime) -> dict:
    """What `user` has answered so far about booking this session; {} if nothing, or if the
    answers are older than BOOKING_DRAFT_HOURS."""
    return _fresh_answers(_draft(user, event_id), now)


def _fresh_answers(draft: BookingDraft | None, now: datetime) -> dict:
    if draft is None or draft.updated_at < now - _lasts():
        return {}
    return dict(draft.answers)


def save_answers(user: User, event_id: int, *, now: datetime, **answers) -> None:
    """Add `answers` to the draft of this booking (made if there is none, or started afresh if
    it had expired)."""
    draft = _draft(user, event_id)  # read once: the answers kept and the row to change
    kept = _fresh_answers(draft, now)
    if draft is None:
        make_draft(user.id, event_id, now=now)
        draft = _draft(user, event_id)
    draft.answers = {**kept, **answers}
    draft.updated_at = now
    db.session.flush()


def drop_draft(user_id: int, event_id: int) -> None:
    """Forget the answers about one session (the booking is made)."""
    db.session.execute(
        delete(BookingDraft).where(
            BookingDraft.user_id == user_id, BookingDraft.event_id == event_id
        )
    )


def drop_drafts_of(user: User) -> None:
    """Forget every unfinished booking of `user` (they signed out, or their sessions ended)."""
    if user.id is not None:
        db.session.execute(delete(BookingDraft).where(BookingDraft.user_id == user.id))


def purge_stale_drafts(*, now: datetime) -> int:
    """Delete drafts older than BOOKING_DRAFT_HOURS. Returns how many went."""
    result = db.session.execute(
        delete(BookingDraft).where(BookingDraft.updated_at < now - _lasts())
    )
    return result.rowcount
