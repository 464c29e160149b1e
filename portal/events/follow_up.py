"""What happens around a session's day: a reminder before it, a request for feedback after it,
the feedback itself, and deleting access needs and feedback's words once they are no longer
needed.

The scheduled runs (`flask reminders send`, `flask retention purge`) claim each booking with a
conditional UPDATE, so running twice, or on two hosts at once, never sends anything twice.
Services take explicit arguments, flush but never commit, and raise the errors below.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update

from portal.events.emails import email_booking
from portal.events.models import Booking, BookingStatus, Event, EventStatus, Feedback
from portal.events.services import BookingError
from portal.extensions import db
from portal.links import external_url
from portal.outbox.services import email_subject


class FeedbackNotOpen(BookingError):
    """Feedback opens when the session has ended, for confirmed bookings, once."""


def _claim_each(column, window, *, now: datetime):
    """Confirmed bookings in published sessions matching `window` whose `column` is unset,
    each claimed by a conditional UPDATE setting it, so no run (or two at once) repeats one."""
    due = db.session.scalars(
        select(Booking)
        .join(Booking.event)
        .where(
            Booking.status == BookingStatus.CONFIRMED,
            column.is_(None),
            Event.status == EventStatus.PUBLISHED,
            *window,
        )
        .order_by(Booking.id)
    ).all()
    for booking in due:
        claimed = db.session.execute(
            update(Booking)
            .where(Booking.id == booking.id, column.is_(None))
            .values({column.key: now})
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount == 1:
            yield booking


def send_reminders(*, now: datetime, days_before: int) -> int:
    """Email each confirmed booking once, `days_before` days before its session.

    Idempotent: running twice (or two runs at once) sends nothing twice. Returns how many were
    queued. Raises nothing of its own.
    """
    window = (Event.starts_at > now, Event.starts_at <= now + timedelta(days=days_before))
    sent = 0
    for booking in _claim_each(Booking.reminder_sent_at, window, now=now):
        email_booking(
            booking,
            subject=email_subject("Reminder: {title}", title=booking.event.title),
            template="booking_reminder",
        )
        sent += 1
    return sent


def send_feedback_requests(*, now: datetime, within_days: int = 7) -> int:
    """Ask each confirmed booking for feedback once, after its session has ended.

    Idempotent, like `send_reminders`. Returns how many were queued. Raises nothing of its own.
    """
    window = (Event.ends_at <= now, Event.ends_at > now - timedelta(days=within_days))
    sent = 0
    for booking in _claim_each(Booking.feedback_requested_at, window, now=now):
        email_booking(
            booking,
            subject=email_subject("How was it? {title}", title=booking.event.title),
            template="feedback_request",
            feedback_url=external_url("events.feedback", reference=booking.reference),
        )
        sent += 1
    return sent


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
