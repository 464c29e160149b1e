"""Booking for someone who telephoned, at the service level."""

from datetime import timedelta

import pytest

from portal.accounts.first_password import NoWayToReach
from portal.accounts.models import User
from portal.accounts.services import AccountError
from portal.audit.models import AuditEntry
from portal.dates import utcnow
from portal.events.follow_up import purge_access_needs, send_reminders
from portal.events.models import BookingStatus
from portal.events.organising import cancel_event, message_people
from portal.events.services import AlreadyBooked, Needs, Party, book_by_phone, cancel_booking_for
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


# Without an email address ---------------------------------------------------------------------


def _phone_only(event, staff, *, phone="07700 900 982", name="Pat Phone", needs=None, **party):
    return book_by_phone(
        event,
        email=None,
        phone=phone,
        full_name=name,
        party=Party(**({"adults": 1} | party)),
        needs=needs,
        actor=staff,
        now=utcnow(),
    )


def test_phone_booking_without_an_email_keeps_the_phone_number_on_an_account_with_no_address(
    app, staff_user
):
    event = make_event(capacity=4)

    booking = _phone_only(event, staff_user, phone="07700 900 982")

    caller = booking.user
    assert (caller.email, caller.phone, caller.full_name) == (None, "07700900982", "Pat Phone")
    assert not caller.has_password and caller.email_confirmed_at is None
    assert booking.status == BookingStatus.CONFIRMED


def test_phone_booking_with_neither_an_email_nor_a_phone_number_is_refused(app, staff_user):
    event = make_event(capacity=4)

    with pytest.raises(NoWayToReach):
        _phone_only(event, staff_user, phone=None)

    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 1


def test_a_second_call_from_the_same_number_finds_the_same_account(app, staff_user):
    first, second = make_event(capacity=4), make_event(capacity=4)
    booked = _phone_only(first, staff_user, phone="07700 900 982")

    again = _phone_only(second, staff_user, phone="077009 00982")

    assert again.user_id == booked.user_id
    with pytest.raises(AlreadyBooked):
        _phone_only(first, staff_user, phone="07700900982")


def test_two_families_with_no_email_address_have_an_account_each(app, staff_user):
    event = make_event(capacity=4)

    one = _phone_only(event, staff_user, phone="07700 900 982")
    other = _phone_only(event, staff_user, phone="01632 960 001", name="Sam Other")

    assert one.user_id != other.user_id
    assert {one.user.email, other.user.email} == {None}


def test_nothing_is_emailed_to_a_family_with_no_email_address(app, staff_user):
    event = make_event(capacity=1)
    booked = _phone_only(event, staff_user, phone="07700 900 982")  # takes the only place
    queued = _phone_only(event, staff_user, phone="01632 960 001", name="Sam Waits")
    assert queued.status == BookingStatus.WAITING

    promoted = cancel_booking_for(booked, actor=staff_user, now=utcnow())
    assert [p.id for p in promoted] == [queued.id]
    send_reminders(now=event.starts_at - timedelta(days=1), days_before=2)
    message_people(
        event,
        subject="Parking",
        body="Use the Hill.",
        include_waiting=True,
        actor=staff_user,
        now=utcnow(),
    )
    told = cancel_event(event, reason="Ill actor", actor=staff_user, now=utcnow())
    db.session.commit()

    assert told == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage)) == 0


def test_phone_booking_keeps_what_would_help_with_spoken_consent_and_records_who_and_when(
    app, staff_user
):
    event = make_event(capacity=4)
    needs = Needs(adjustments=["quiet-space"], note="Loud beeps upset him", consent=True)

    booking = _phone_only(event, staff_user, needs=needs)

    assert booking.adjustments == ["quiet-space"]
    assert booking.needs_note == "Loud beeps upset him"
    assert booking.needs_consent_at is not None
    entry = db.session.scalar(
        db.select(AuditEntry).where(AuditEntry.action == "spoken consent recorded")
    )
    assert entry.actor_id == staff_user.id and entry.target_id == booking.id
    assert entry.at == booking.needs_consent_at
    assert "Loud" not in entry.summary and "quiet" not in entry.summary


def test_phone_booking_keeps_nothing_of_what_would_help_without_their_consent(app, staff_user):
    event = make_event(capacity=4)
    needs = Needs(adjustments=["quiet-space"], note="Loud beeps", consent=False)

    booking = _phone_only(event, staff_user, needs=needs)

    assert (booking.adjustments, booking.needs_note, booking.needs_consent_at) == ([], "", None)
    assert not db.session.scalar(
        db.select(AuditEntry).where(AuditEntry.action == "spoken consent recorded")
    )


def test_what_would_help_from_a_phone_booking_is_purged_after_the_session(app, staff_user):
    event = make_event(capacity=4, starts_in=timedelta(days=1))
    needs = Needs(adjustments=["breaks"], note="Needs breaks", consent=True)
    booking = _phone_only(event, staff_user, needs=needs)
    db.session.commit()

    purged = purge_access_needs(now=event.ends_at + timedelta(days=31), days_after=30)
    db.session.commit()

    assert purged == 1
    kept = db.session.get(type(booking), booking.id)
    assert (kept.adjustments, kept.needs_note, kept.needs_consent_at) == ([], "", None)
