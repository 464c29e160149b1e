"""Limits per account: places in one session, and sessions still to come booked or waited for;
and families behind one shared address are not locked out. On SQLite and PostgreSQL."""

from datetime import timedelta

import pytest

from portal.dates import utcnow
from portal.events.models import Booking, BookingStatus, Event
from portal.events.organising import cancel_event
from portal.events.services import (
    Needs,
    Party,
    PartyNotAllowed,
    TooManyBookings,
    TooManyPlaces,
    book_by_phone,
    book_places,
    cancel_booking,
    join_waiting_list,
)
from portal.extensions import db
from tests.factories import make_booking, make_event, make_user, make_venue

CONTACT = "autism.training@example.org"


def _sessions(count: int, *, first_in_days: int = 7, capacity: int = 10) -> list[Event]:
    venue = make_venue()
    return [
        make_event(capacity=capacity, starts_in=timedelta(days=first_in_days + n), venue=venue)
        for n in range(count)
    ]


def _answer(client, event, *, adults=2, children=1, carer="no"):
    return client.post_form(
        f"/events/{event.id}/book/who",
        {"adults": adults, "children": children, "children_ages": "6", "carer": carer},
    )


def _book_in_browser(client, event):
    _answer(client, event)
    client.post_form(f"/events/{event.id}/book/needs", {})
    return client.post_form(f"/events/{event.id}/book/check", {"choice": "book"})


# Places one account may hold in one session


def test_a_party_bigger_than_one_account_may_bring_is_refused_and_told_what_to_do(app):
    app.config["MAX_PLACES_PER_SESSION"] = 4
    event = make_event(capacity=20)

    with pytest.raises(TooManyPlaces) as refused:
        book_places(event, make_user(), Party(adults=2, children=3), Needs(), now=utcnow())
    db.session.rollback()

    assert str(refused.value) == (
        f"One booking can be for up to 4 people. If more of you need to come, email us at "
        f"{CONTACT} and we will help."
    )
    assert isinstance(refused.value, PartyNotAllowed)  # older callers still catch it
    assert db.session.get(Event, event.id).places_booked == 0


def test_the_waiting_list_is_held_to_the_same_places_limit(app):
    app.config["MAX_PLACES_PER_SESSION"] = 4
    event = make_event(capacity=1)
    make_booking(event)  # full: the party would wait

    with pytest.raises(TooManyPlaces):
        join_waiting_list(event, make_user(), Party(adults=5), Needs(), now=utcnow())
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(Booking.id))) == 1


def test_a_party_of_the_most_places_allowed_books(app):
    app.config["MAX_PLACES_PER_SESSION"] = 4
    booking = book_places(
        make_event(capacity=20), make_user(), Party(adults=2, children=2), Needs(), now=utcnow()
    )
    assert booking.places == 4


def test_who_is_coming_refuses_a_party_over_the_setting_and_keeps_what_was_typed(
    app, client, auth, member
):
    app.config["MAX_PLACES_PER_SESSION"] = 4
    event = make_event(capacity=20)
    auth.login(member.email)

    response = _answer(client, event, adults=2, children=3)

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "One booking can be for up to 4 people" in page
    assert CONTACT in page
    assert 'value="2"' in page and 'value="3"' in page and 'value="6"' in page
    assert "Error: " in page  # the page title says so, for screen readers and tabs

    fewer = _answer(client, event, adults=2, children=2)
    assert fewer.headers["Location"] == f"/events/{event.id}/book/needs"


def test_a_number_over_the_setting_names_the_range(app, client, auth, member):
    app.config["MAX_PLACES_PER_SESSION"] = 5
    auth.login(member.email)
    page = _answer(client, make_event(), adults=9, children=0).get_data(as_text=True)
    assert "Enter a number from 1 to 5" in page


def test_staff_booking_by_phone_are_held_to_the_places_limit(app, staff_user):
    app.config["MAX_PLACES_PER_SESSION"] = 4
    with pytest.raises(TooManyPlaces, match="Book the others under another person's email"):
        book_by_phone(
            make_event(capacity=20),
            email="caller@example.org",
            full_name="Casey Caller",
            party=Party(adults=5),
            actor=staff_user,
            now=utcnow(),
        )


def test_the_phone_booking_form_refuses_a_party_over_the_setting(app, client, auth, staff_user):
    app.config["MAX_PLACES_PER_SESSION"] = 4
    event = make_event(capacity=20)
    auth.login(staff_user.email)

    response = client.post_form(
        f"/staff/sessions/{event.id}/book",
        {"full_name": "Casey Caller", "email": "caller@example.org", "adults": 3, "children": 2},
    )

    page = response.get_data(as_text=True)
    assert "One booking can be for up to 4 people" in page
    assert 'value="caller@example.org"' in page
    assert db.session.scalar(db.select(db.func.count(Booking.id))) == 0


# Sessions still to come that one account may hold


def test_an_account_holding_six_sessions_is_refused_a_seventh_and_told_what_to_do(app):
    parent = make_user()
    sessions = _sessions(7)
    for event in sessions[:5]:
        make_booking(event, parent)
    full = sessions[5]
    full.capacity = 1
    make_booking(full)
    make_booking(full, parent, waiting=True)  # a waiting-list place counts too

    with pytest.raises(TooManyBookings) as refused:
        book_places(sessions[6], parent, Party(), Needs(), now=utcnow())
    db.session.rollback()

    assert str(refused.value) == (
        "You already have 6 sessions booked or on a waiting list. Cancel one you cannot go to, "
        f"then book this one. If you need to go to more, email us at {CONTACT}."
    )
    assert db.session.get(Event, sessions[6].id).places_booked == 0


def test_the_waiting_list_is_held_to_the_sessions_limit_too(app):
    app.config["MAX_ACTIVE_BOOKINGS"] = 2
    parent = make_user()
    first, second, full = _sessions(3)
    make_booking(first, parent)
    make_booking(second, parent)
    full.capacity = 1
    make_booking(full)

    with pytest.raises(TooManyBookings, match="You already have 2 sessions"):
        join_waiting_list(full, parent, Party(), Needs(), now=utcnow())


def test_cancelling_one_lets_the_next_booking_through(app):
    app.config["MAX_ACTIVE_BOOKINGS"] = 2
    parent = make_user()
    first, second, third = _sessions(3)
    held = make_booking(first, parent)
    make_booking(second, parent)
    with pytest.raises(TooManyBookings):
        book_places(third, parent, Party(), Needs(), now=utcnow())
    db.session.rollback()

    cancel_booking(db.session.get(Booking, held.id), now=utcnow())
    db.session.commit()

    assert book_places(third, parent, Party(), Needs(), now=utcnow()).status == "confirmed"


def test_sessions_that_have_started_no_longer_count(app):
    app.config["MAX_ACTIVE_BOOKINGS"] = 2
    parent = make_user()
    now = utcnow()
    soon, later, last = _sessions(3, first_in_days=1)
    make_booking(soon, parent, now=now)
    make_booking(later, parent, now=now)
    with pytest.raises(TooManyBookings):
        book_places(last, parent, Party(), Needs(), now=now)
    db.session.rollback()

    # The next day the first session has happened: it is no longer one still to come.
    next_day = now + timedelta(days=1, hours=3)
    assert book_places(last, parent, Party(), Needs(), now=next_day).status == "confirmed"


def test_sessions_staff_cancelled_no_longer_count(app, staff_user):
    app.config["MAX_ACTIVE_BOOKINGS"] = 1
    parent = make_user()
    first, second = _sessions(2)
    make_booking(first, parent)
    cancel_event(first, reason="The venue flooded", actor=staff_user, now=utcnow())
    db.session.commit()

    assert book_places(second, parent, Party(), Needs(), now=utcnow()).status == "confirmed"


def test_the_limit_is_per_account(app):
    app.config["MAX_ACTIVE_BOOKINGS"] = 1
    first, second = _sessions(2)
    parent = make_user()
    make_booking(first, parent)
    with pytest.raises(TooManyBookings, match="You already have 1 session booked"):
        book_places(second, parent, Party(), Needs(), now=utcnow())
    db.session.rollback()

    assert book_places(first, make_user(), Party(), Needs(), now=utcnow())
    assert book_places(second, make_user(), Party(), Needs(), now=utcnow())


def test_staff_booking_by_phone_are_not_held_to_the_sessions_limit(app, staff_user):
    app.config["MAX_ACTIVE_BOOKINGS"] = 1
    caller = make_user(email="caller@example.org")
    first, second = _sessions(2)
    make_booking(first, caller)

    booking = book_by_phone(
        second,
        email="caller@example.org",
        full_name="Casey Caller",
        party=Party(),
        actor=staff_user,
        now=utcnow(),
    )

    assert booking.status == BookingStatus.CONFIRMED
    assert booking.user_id == caller.id


def test_the_check_page_refuses_with_what_to_do_keeps_the_answers_and_books_after_a_cancel(
    app, client, auth, member
):
    app.config["MAX_ACTIVE_BOOKINGS"] = 2
    first, second, third = _sessions(3)
    held = make_booking(first, member)
    make_booking(second, member)
    auth.login(member.email)

    refused = _book_in_browser(client, third)

    page = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "There is a problem" in page
    assert "You already have 2 sessions booked or on a waiting list" in page
    assert CONTACT in page
    assert 'href="/account#your-bookings"' in page
    assert "2 adults, 1 child (age 6) (3 places)" in page  # the answers are kept
    assert db.session.get(Event, third.id).places_booked == 0

    client.post_form(f"/bookings/{held.reference}/cancel")
    again = client.post_form(f"/events/{third.id}/book/check", {"choice": "book"})

    assert again.status_code == 302
    booking = db.session.scalar(db.select(Booking).where(Booking.event_id == third.id))
    assert again.headers["Location"] == f"/bookings/{booking.reference}/confirmed"
    assert booking.places == 3


# Per-address limits, and the per-account one beside them


def test_thirty_families_from_one_address_can_each_book(app, client, auth):
    """A school or a library: every family behind the same address books in the same hour."""
    event = make_event(capacity=120)
    families = [make_user(email=f"family{n}@example.org") for n in range(30)]
    statuses = []
    for family in families:
        auth.login(family.email)
        statuses.append(_book_in_browser(client, event).status_code)
        auth.logout()

    assert statuses == [302] * 30
    assert db.session.get(Event, event.id).places_booked == 90


def test_one_account_gets_twenty_tries_an_hour_at_the_check_page(app, client, auth, member):
    event = make_event()
    auth.login(member.email)
    _answer(client, event)
    client.post_form(f"/events/{event.id}/book/needs", {})
    statuses = [
        client.post_form(f"/events/{event.id}/book/check", {"choice": "book"}).status_code
        for _ in range(21)
    ]
    assert statuses == [302] * 20 + [429]

    # Another family behind the same address is not held up by it.
    auth.logout()
    other = make_user()
    auth.login(other.email)
    assert _book_in_browser(client, make_event()).status_code == 302
