"""Reminders before a session, feedback after it, and deleting access needs in time."""

from datetime import timedelta

import pytest

from portal.dates import utcnow
from portal.events.follow_up import (
    FeedbackNotOpen,
    record_feedback,
    send_feedback_requests,
    send_reminders,
)
from portal.events.models import Booking, Feedback
from portal.extensions import db
from portal.outbox.models import OutboxMessage
from tests.factories import make_booking, make_event


def _subjects():
    return db.session.scalars(db.select(OutboxMessage.subject).order_by(OutboxMessage.id)).all()


def _booked(starts_in, **needs):
    event = make_event(starts_in=starts_in)
    return make_booking(event, now=event.starts_at - timedelta(days=1), **needs)


def test_reminders_go_once_to_bookings_two_days_ahead(app):
    soon = _booked(timedelta(days=1, hours=12))
    later = _booked(timedelta(days=5))

    first = app.test_cli_runner().invoke(args=["reminders", "send"])
    second = app.test_cli_runner().invoke(args=["reminders", "send"])

    assert "Queued 1 reminders" in first.output
    assert "Queued 0 reminders" in second.output
    reminders = [s for s in _subjects() if s.startswith("Reminder:")]
    assert len(reminders) == 1
    assert db.session.get(Booking, soon.id).reminder_sent_at is not None
    assert db.session.get(Booking, later.id).reminder_sent_at is None


def test_cancelled_bookings_get_no_reminder(app):
    from portal.events.services import cancel_booking

    booking = _booked(timedelta(days=1))
    cancel_booking(booking, now=utcnow())
    db.session.commit()
    assert send_reminders(now=utcnow(), days_before=2).done == 0


def test_feedback_is_asked_for_once_after_the_session(app):
    booking = _booked(timedelta(days=-1))  # started yesterday, so it is over
    assert send_feedback_requests(now=utcnow()).done == 1
    assert send_feedback_requests(now=utcnow()).done == 0
    db.session.commit()
    [message] = db.session.scalars(
        db.select(OutboxMessage).where(OutboxMessage.subject.startswith("How was it?"))
    ).all()
    assert f"/bookings/{booking.reference}/feedback" in message.body_text


def test_feedback_is_kept_once_and_only_after_the_session(app):
    upcoming = _booked(timedelta(days=3))
    with pytest.raises(FeedbackNotOpen):
        record_feedback(
            upcoming,
            rating=5,
            helped="",
            could_be_better="",
            confidence_before=None,
            confidence_after=None,
            now=utcnow(),
        )

    past = _booked(timedelta(days=-1))
    record_feedback(
        past,
        rating=4,
        helped="The quiet room",
        could_be_better="",
        confidence_before=2,
        confidence_after=4,
        now=utcnow(),
    )
    db.session.commit()
    with pytest.raises(FeedbackNotOpen, match="already"):
        record_feedback(
            past,
            rating=1,
            helped="",
            could_be_better="",
            confidence_before=None,
            confidence_after=None,
            now=utcnow(),
        )
    saved = db.session.scalar(db.select(Feedback))
    assert (saved.rating, saved.confidence_before, saved.confidence_after) == (4, 2, 4)


def test_access_needs_are_deleted_after_the_retention_period(app):
    old = _booked(
        timedelta(days=-40),
        adjustments=["quiet-space"],
        note="Loud noises",
    )
    recent = _booked(timedelta(days=-3), adjustments=["breaks"], note="Needs breaks")

    result = app.test_cli_runner().invoke(args=["retention", "purge"])

    assert "Deleted access needs from 1 bookings" in result.output
    old, recent = db.session.get(Booking, old.id), db.session.get(Booking, recent.id)
    assert (old.adjustments, old.needs_note, old.needs_consent_at) == ([], "", None)
    assert recent.adjustments == ["breaks"]
    assert recent.needs_note == "Needs breaks"


def test_no_feedback_for_a_session_that_was_cancelled(app):
    from portal.events.follow_up import feedback_problem

    booking = _booked(timedelta(days=-1))
    booking.event.status = "cancelled"
    db.session.commit()
    assert "went ahead" in feedback_problem(booking, now=utcnow())
