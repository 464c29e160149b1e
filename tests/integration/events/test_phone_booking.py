"""Booking for someone who telephoned, at the service level."""

import pytest

from portal.accounts.models import User
from portal.accounts.services import AccountError
from portal.audit.models import AuditEntry
from portal.dates import utcnow
from portal.events.models import BookingStatus
from portal.events.services import AlreadyBooked, Party, book_by_phone
from portal.extensions import db
from portal.outbox.models import OutboxMessage
from tests.factories import make_event, make_user


def _phone(event, *, email="caller@example.org", adults=1, staff=None):
    return book_by_phone(
        event,
        email=email,
        full_name="Casey Caller",
        party=Party(adults=adults, children=0, carer=False),
        actor=staff,
        now=utcnow(),
    )


def test_phone_booking_makes_an_account_for_a_caller_who_has_none(app, staff_user):
    event = make_event(capacity=4)

    booking = _phone(event, staff=staff_user)

    caller = db.session.scalar(db.select(User).where(User.email == "caller@example.org"))
    assert caller is not None and caller.full_name == "Casey Caller"
    assert booking.user_id == caller.id
    assert booking.status == BookingStatus.CONFIRMED


def test_phone_booking_uses_the_account_the_caller_already_has(app, staff_user):
    event = make_event(capacity=4)
    caller = make_user(email="caller@example.org", full_name="Casey Known")

    booking = _phone(event, staff=staff_user)

    assert booking.user_id == caller.id
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 2


def test_phone_booking_joins_the_waiting_list_when_there_are_not_enough_places(app, staff_user):
    event = make_event(capacity=1)

    booking = _phone(event, adults=2, staff=staff_user)

    assert booking.status == BookingStatus.WAITING
    assert event.places_booked == 0


def test_phone_booking_is_recorded_in_the_audit_log_with_its_reference(app, staff_user):
    event = make_event(capacity=4)

    booking = _phone(event, staff=staff_user)

    entry = db.session.scalar(db.select(AuditEntry).order_by(AuditEntry.id.desc()))
    assert entry.action == "booking made for someone"
    assert entry.summary == f"{booking.reference} (confirmed)"


def test_phone_booking_refuses_a_second_booking_for_the_same_caller(app, staff_user):
    event = make_event(capacity=4)
    _phone(event, staff=staff_user)

    with pytest.raises(AlreadyBooked):
        _phone(event, staff=staff_user)


def test_phone_booking_emails_the_caller_their_booking(app, staff_user):
    event = make_event(capacity=4)

    booking = _phone(event, staff=staff_user)

    subjects = db.session.scalars(
        db.select(OutboxMessage.subject).where(OutboxMessage.recipient == "caller@example.org")
    ).all()
    assert subjects == [f"Booking confirmed: {event.title} ({booking.reference})"]


def test_phone_booking_with_an_unusable_email_makes_no_account(app, staff_user):
    event = make_event(capacity=4)

    with pytest.raises(AccountError):
        _phone(event, email="not an email", staff=staff_user)

    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 1
