"""What happens around a session's day: a reminder before it, a request for feedback after it,
the feedback itself, and deleting access needs and feedback's words once they are no longer
needed.

The scheduled runs (`flask reminders send`) work booking by booking, each in its own
transaction (portal/batches.py): a booking whose email fails is rolled back, logged and counted,
and stays unclaimed for the next run; the others are still sent. Each booking is claimed with a
conditional UPDATE, so running twice, or on two hosts at once, never sends anything twice.
Those runs commit; the other services flush but never commit, and raise the errors below.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update

from portal.batches import BatchReport, run_each
from portal.events.emails import email_booking
from portal.events.models import Booking, BookingStatus, Event, EventStatus, Feedback
from portal.events.services import BookingError
from portal.extensions import db
from portal.links import external_url
from portal.outbox.services import email_subject


class FeedbackNotOpen(BookingError):
    """Feedback opens when the session has ended, for confirmed bookings, once."""


def _due(column, window) -> list[int]:
    """Confirmed bookings in published sessions matching `window` whose `column` is unset."""
    return list(
        db.session.scalars(
            select(Booking.id)
            .join(Booking.event)
            .where(
                Booking.status == BookingStatus.CONFIRMED,
                column.is_(None),
                Event.status == EventStatus.PUBLISHED,
                *window,
            )
            .order_by(Booking.id)
        )
    )


def _claim(booking_id: int, column, *, now: datetime) -> Booking | None:
    """The booking, claimed by a conditional UPDATE setting `column`; None if another run (or
    one at the same moment) has it already."""
    claimed = db.session.execute(
        update(Booking)
        .where(Booking.id == booking_id, column.is_(None))
        .values({column.key: now})
        .execution_options(synchronize_session=False)
    )
    return db.session.get(Booking, booking_id) if claimed.rowcount == 1 else None


def send_reminder(booking_id: int, *, now: datetime) -> bool:
    """Claim one booking's reminder and queue it; False if it was claimed already. Flushes."""
    booking = _claim(booking_id, Booking.reminder_sent_at, now=now)
    if booking is None:
        return False
    email_booking(
        booking,
        subject=email_subject("Reminder: {title}", title=booking.event.title),
        template="booking_reminder",
    )
    return True


def send_feedback_request(booking_id: int, *, now: datetime) -> bool:
    """Claim one booking's request for feedback and queue it; False if it was claimed already."""
    booking = _claim(booking_id, Booking.feedback_requested_at, now=now)
    if booking is None:
        return False
    email_booking(
        booking,
        subject=email_subject("How was it? {title}", title=booking.event.title),
        template="feedback_request",
        feedback_url=external_url("events.feedback", reference=booking.reference),
    )
    return True


def send_reminders(*, now: datetime, days_before: int) -> BatchReport:
    """Email each confirmed booking once, `days_before` days before its session.

    Idempotent: running twice (or two runs at once) sends nothing twice. Commits each booking
    on its own; one that fails is logged and left for the next run. Returns how many were
    queued and which bookings failed. Raises nothing of its own.
    """
    window = (Event.starts_at > now, Event.starts_at <= now + timedelta(days=days_before))
    return run_each(
        _due(Booking.reminder_sent_at, window),
        lambda booking_id: send_reminder(booking_id, now=now),
        what="Reminder for booking",
    )


def send_feedback_requests(*, now: datetime, within_days: int = 7) -> BatchReport:
    """Ask each confirmed booking for feedback once, after its session has ended.

    Like `send_reminders`: idempotent, committed booking by booking. Raises nothing of its own.
    """
    window = (Event.ends_at <= now, Event.ends_at > now - timedelta(days=within_days))
    return run_each(
        _due(Booking.feedback_requested_at, window),
        lambda booking_id: send_feedback_request(booking_id, now=now),
        what="Feedback request for booking",
    )


def feedback_problem(booking: Booking, *, now: datetime) -> str | None:
    """Why feedback cannot be given for this booking now, or None."""
    if booking.status != BookingStatus.CONFIRMED or booking.event.status != EventStatus.PUBLISHED:
        return "Feedback is only for people who had a place at a session that went ahead."
    if booking.event.ends_at > now:
        return "You can tell us how it went after the session has finished."
    if db.session.scalar(select(Feedback.id).where(Feedback.booking_id == booking.id)):
        return "Thank you: you have already told us how it went."
    return None


def record_feedback(
    booking: Booking,
    *,
    rating: int,
    helped: str,
    could_be_better: str,
    confidence_before: int | None,
    confidence_after: int | None,
    now: datetime,
) -> Feedback:
    """Keep one person's feedback on a session. Raises FeedbackNotOpen."""
    problem = feedback_problem(booking, now=now)
    if problem:
        raise FeedbackNotOpen(problem)
    feedback = Feedback(
        booking_id=booking.id,
        event_id=booking.event_id,
        rating=rating,
        helped=helped.strip(),
        could_be_better=could_be_better.strip(),
        confidence_before=confidence_before,
        confidence_after=confidence_after,
        created_at=now,
    )
    db.session.add(feedback)
    db.session.flush()
    return feedback


def purge_access_needs(*, now: datetime, days_after: int) -> int:
    """Delete what people told us would help, `days_after` days after their session ended."""
    ended_before = now - timedelta(days=days_after)
    ids = select(Event.id).where(Event.ends_at < ended_before).scalar_subquery()
    result = db.session.execute(
        update(Booking)
        .where(
            Booking.event_id.in_(ids),
            (Booking.needs_note != "") | (Booking.needs_consent_at.is_not(None)),
        )
        .values(adjustments=[], needs_note="", needs_consent_at=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def purge_feedback_text(*, now: datetime, days: int) -> int:
    """Delete the words of feedback given more than `days` ago ("what helped", "what could be
    better"). The ratings stay, for the figures: on their own they say little about anyone.
    Returns how many pieces of feedback lost their words. Raises nothing of its own.
    """
    result = db.session.execute(
        update(Feedback)
        .where(
            Feedback.created_at < now - timedelta(days=days),
            (Feedback.helped != "") | (Feedback.could_be_better != ""),
        )
        .values(helped="", could_be_better="")
        .execution_options(synchronize_session=False)
    )
    return result.rowcount
