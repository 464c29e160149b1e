"""The booking rules, at the service level, on SQLite and PostgreSQL."""

from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from portal.dates import utcnow
from portal.events.models import Booking, Event
from portal.events.queries import waiting_position
from portal.events.services import (
    AlreadyBooked,
    EventNotBookable,
    Needs,
    NotActive,
    NotEnoughPlaces,
    Party,
    PartyNotAllowed,
    book_places,
    cancel_booking,
    join_waiting_list,
    promote_waiting_list,
)
from portal.extensions import db
from portal.outbox.models import OutboxMessage
from tests.factories import make_event, make_user


def _emails_to(address):
    return db.session.scalars(
        db.select(OutboxMessage).where(OutboxMessage.recipient == address)
    ).all()


def test_booking_takes_places_for_everyone_coming(app):
    event = make_event(capacity=10)
    parent = make_user()

    booking = book_places(
        event, parent, Party(adults=2, children=1, carer=True), Needs(), now=utcnow()
    )
    db.session.commit()

    assert booking.status == "confirmed"
    assert booking.places == 4
    assert booking.reference.startswith("BRM-")
    assert db.session.get(Event, event.id).places_booked == 4


def test_booking_more_places_than_are_left_is_refused(app):
    event = make_event(capacity=3)
    with pytest.raises(NotEnoughPlaces):
        book_places(event, make_user(), Party(adults=2, children=2), Needs(), now=utcnow())
    db.session.rollback()
    assert db.session.get(Event, event.id).places_booked == 0


def test_the_database_refuses_more_places_than_capacity_whatever_the_code_does(app):
    event = make_event(capacity=2)
    with pytest.raises(IntegrityError):
        db.session.execute(update(Event).where(Event.id == event.id).values(places_booked=3))
        db.session.flush()
    db.session.rollback()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": "draft"}, "not open for booking"),
        ({"status": "cancelled"}, "has been cancelled"),
        ({"starts_in": timedelta(days=-1)}, "already started or finished"),
        ({"booking_closes_at": utcnow() - timedelta(hours=1)}, "has closed"),
        ({"booking_opens_at": utcnow() + timedelta(days=1)}, "has not opened yet"),
    ],
    ids=["draft", "cancelled", "past", "closed", "not-open-yet"],
)
def test_sessions_that_cannot_be_booked_say_why(app, changes, message):
    event = make_event(**changes)
    with pytest.raises(EventNotBookable, match=message):
        book_places(event, make_user(), Party(), Needs(), now=utcnow())


def test_booking_twice_is_refused_and_names_the_first_booking(app):
    event = make_event()
    parent = make_user()
    first = book_places(event, parent, Party(), Needs(), now=utcnow())
    db.session.commit()

    with pytest.raises(AlreadyBooked) as raised:
        book_places(event, parent, Party(adults=2), Needs(), now=utcnow())
    assert raised.value.booking.id == first.id


def test_a_second_booking_that_slips_past_the_check_is_stopped_by_the_database(app, monkeypatch):
    from portal.events import services

    event = make_event(capacity=10)
    parent = make_user()
    book_places(event, parent, Party(), Needs(), now=utcnow())
    db.session.commit()
    monkeypatch.setattr(services, "_active_booking", lambda event, user: None)

    with pytest.raises(AlreadyBooked):
        book_places(event, parent, Party(), Needs(), now=utcnow())
    db.session.commit()

    assert db.session.get(Event, event.id).places_booked == 1  # the places were given back
    assert db.session.scalar(db.select(db.func.count()).select_from(Booking)) == 1


def test_a_party_needs_an_adult_and_is_not_too_big(app):
    event = make_event()
    with pytest.raises(PartyNotAllowed):
        book_places(event, make_user(), Party(adults=0, children=2), Needs(), now=utcnow())
    with pytest.raises(PartyNotAllowed):
        book_places(event, make_user(), Party(adults=5, children=5), Needs(), now=utcnow())


def test_what_would_help_is_kept_only_with_consent(app):
    event = make_event()
    needs = ["quiet-space", "ear-defenders"]
    without = book_places(
        event, make_user(), Party(), Needs(adjustments=needs, note="Hates loud beeps"), now=utcnow()
    )
    with_consent = book_places(
        event,
        make_user(),
        Party(),
        Needs(adjustments=needs, note="Hates loud beeps", consent=True),
        now=utcnow(),
    )
    assert without.adjustments == [] and without.needs_note == ""
    assert with_consent.adjustments == needs
    assert with_consent.needs_note == "Hates loud beeps"
    assert with_consent.needs_consent_at is not None


def test_confirmation_email_has_the_details_running_order_and_a_calendar_file(app):
    from portal.events.models import RunningOrderItem

    event = make_event()
    event.running_order = [
        RunningOrderItem(position=1, minutes_from_start=0, title="Arrive and settle in")
    ]
    db.session.commit()
    parent = make_user(email="jo@example.org")

    booking = book_places(event, parent, Party(adults=2, children=1), Needs(), now=utcnow())
    db.session.commit()

    [message] = _emails_to("jo@example.org")
    assert booking.reference in message.subject
    assert "Arrive and settle in" in message.body_text
    assert event.venue.postcode in message.body_text
    assert message.attachment_mimetype == "text/calendar"
    assert "BEGIN:VEVENT" in message.attachment_text


def test_a_full_session_has_a_waiting_list_with_positions(app):
    event = make_event(capacity=2)
    book_places(event, make_user(), Party(adults=2), Needs(), now=utcnow())
    first = join_waiting_list(event, make_user(), Party(adults=1), Needs(), now=utcnow())
    second = join_waiting_list(event, make_user(), Party(adults=1), Needs(), now=utcnow())
    db.session.commit()

    assert first.status == "waiting"
    assert (waiting_position(first), waiting_position(second)) == (1, 2)


def test_cancelling_books_the_first_waiting_family_that_fits(app):
    event = make_event(capacity=3)
    booked = book_places(event, make_user(), Party(adults=2), Needs(), now=utcnow())
    book_places(event, make_user(), Party(adults=1), Needs(), now=utcnow())
    too_big = join_waiting_list(
        event, make_user(), Party(adults=2, children=1), Needs(), now=utcnow()
    )
    fits = join_waiting_list(
        event,
        make_user(email="next@example.org"),
        Party(adults=1, children=1),
        Needs(),
        now=utcnow(),
    )
    db.session.commit()

    promoted = cancel_booking(booked, now=utcnow())
    db.session.commit()

    assert [b.id for b in promoted] == [fits.id]
    assert db.session.get(Booking, fits.id).status == "confirmed"
    assert db.session.get(Booking, too_big.id).status == "waiting"
    assert waiting_position(db.session.get(Booking, too_big.id)) == 1
    assert db.session.get(Event, event.id).places_booked == 3
    [email] = [m for m in _emails_to("next@example.org") if "A place is yours" in m.subject]
    assert "/give-back/" in email.body_text


def test_a_waiting_family_is_promoted_only_once(app):
    event = make_event(capacity=1)
    booked = book_places(event, make_user(), Party(), Needs(), now=utcnow())
    waiting = join_waiting_list(event, make_user(), Party(), Needs(), now=utcnow())
    db.session.commit()

    cancel_booking(booked, now=utcnow())
    again = promote_waiting_list(db.session.get(Event, event.id), now=utcnow())
    db.session.commit()

    assert again == []
    assert db.session.get(Booking, waiting.id).status == "confirmed"
    assert db.session.get(Event, event.id).places_booked == 1


def test_leaving_the_waiting_list_frees_nothing_and_cannot_happen_twice(app):
    event = make_event(capacity=1)
    book_places(event, make_user(), Party(), Needs(), now=utcnow())
    waiting = join_waiting_list(event, make_user(), Party(), Needs(), now=utcnow())
    db.session.commit()

    cancel_booking(waiting, now=utcnow())
    db.session.commit()

    assert db.session.get(Booking, waiting.id).status == "left"
    assert db.session.get(Event, event.id).places_booked == 1
    with pytest.raises(NotActive):
        cancel_booking(waiting, now=utcnow())


def test_cancelling_twice_is_refused_and_frees_places_once(app):
    event = make_event(capacity=4)
    booking = book_places(event, make_user(), Party(adults=2), Needs(), now=utcnow())
    db.session.commit()
    cancel_booking(booking, now=utcnow())
    db.session.commit()
    with pytest.raises(NotActive):
        cancel_booking(booking, now=utcnow())
    assert db.session.get(Event, event.id).places_booked == 0


def test_nothing_is_saved_until_the_caller_commits(app):
    event = make_event(capacity=1)
    book_places(event, make_user(), Party(), Needs(), now=utcnow())
    db.session.commit()

    join_waiting_list(event, make_user(), Party(), Needs(), now=utcnow())
    make_user_count = db.session.scalar(db.select(db.func.count()).select_from(Booking))
    db.session.rollback()

    assert make_user_count == 2
    assert db.session.scalar(db.select(db.func.count()).select_from(Booking)) == 1


def test_joining_the_waiting_list_books_instead_when_places_have_come_free(app):
    event = make_event(capacity=3)
    booking = join_waiting_list(event, make_user(), Party(adults=2), Needs(), now=utcnow())
    assert booking.status == "confirmed"
    assert db.session.get(Event, event.id).places_booked == 2


def test_joining_the_waiting_list_books_a_party_that_fits_places_a_bigger_party_waits_for(app):
    # One place is free, but the family waiting needs two: the place is nobody's, so the
    # family of one who chose the waiting list (the page was full when they opened it) gets it.
    event = make_event(capacity=3)
    freed = book_places(event, make_user(), Party(adults=1), Needs(), now=utcnow())
    book_places(event, make_user(), Party(adults=2), Needs(), now=utcnow())
    bigger = join_waiting_list(event, make_user(), Party(adults=2), Needs(), now=utcnow())
    db.session.commit()
    cancel_booking(freed, now=utcnow())
    db.session.commit()

    booking = join_waiting_list(
        event, make_user(email="one@example.org"), Party(adults=1), Needs(), now=utcnow()
    )
    db.session.commit()

    assert booking.status == "confirmed"
    assert db.session.get(Booking, bigger.id).status == "waiting"
    assert waiting_position(db.session.get(Booking, bigger.id)) == 1
    assert db.session.get(Event, event.id).places_booked == 3
    assert [m.subject for m in _emails_to("one@example.org")] == [
        f"Booking confirmed: {event.title} ({booking.reference})"
    ]
