"""Pages know what you hold for a session, and a booking can be changed, not only cancelled."""

from __future__ import annotations

from datetime import timedelta

import icalendar
from sqlalchemy import select

from portal.audit.models import AuditEntry
from portal.dates import utcnow
from portal.events.models import Booking, Event
from portal.events.queries import other_dates
from portal.events.services import (
    EventNotBookable,
    NotActive,
    NotEnoughPlaces,
    Party,
    TooManyPlaces,
    change_booking,
)
from portal.extensions import db
from portal.outbox.models import OutboxMessage
from tests.factories import make_booking, make_event, make_user


def _emails_to(address: str) -> list[OutboxMessage]:
    return db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == address).order_by(OutboxMessage.id)
    ).all()


def _calendar_event(message: OutboxMessage):
    [component] = icalendar.Calendar.from_ical(message.attachment_text).walk("VEVENT")
    return component


def _places_booked(event_id: int) -> int:
    db.session.expire_all()
    return db.session.get(Event, event_id).places_booked


def _who(client, reference: str, *, adults=1, children=0, ages="", carer="no"):
    return client.post_form(
        f"/bookings/{reference}/change/who",
        {"adults": adults, "children": children, "children_ages": ages, "carer": carer},
    )


# Pages know what you hold


def test_the_session_page_says_you_have_booked_and_links_to_the_booking(client, auth, member):
    event = make_event()
    booking = make_booking(event, member, adults=2, children=1)
    auth.login(member.email)

    page = client.get(f"/events/{event.id}").get_data(as_text=True)

    assert "You have booked 3 places." in page
    assert f'href="/bookings/{booking.reference}"' in page
    assert "Book a place" not in page


def test_the_session_page_gives_your_place_on_the_waiting_list(client, auth, member):
    event = make_event(capacity=1)
    make_booking(event)
    make_booking(event, waiting=True)
    mine = make_booking(event, member, waiting=True)
    auth.login(member.email)

    page = client.get(f"/events/{event.id}").get_data(as_text=True)

    assert "You are number 2 on the waiting list." in page
    assert f'href="/bookings/{mine.reference}"' in page
    assert "Join the waiting list" not in page


def test_the_sessions_list_says_what_you_hold_for_each_session(client, auth, member):
    booked = make_event(title="Booked one")
    full = make_event(title="Waiting one", capacity=1)
    make_event(title="Free one")
    make_booking(booked, member, adults=1)
    make_booking(full)
    make_booking(full, member, waiting=True)
    auth.login(member.email)

    page = client.get("/events").get_data(as_text=True)
    fragment = client.get("/events", headers={"HX-Request": "true"}).get_data(as_text=True)

    for text in (page, fragment):
        assert "You have booked 1 place." in text
        assert "You are number 1 on the waiting list." in text
        assert text.count("See your booking") == 2


def test_visitors_see_the_same_page_for_everyone(client, member):
    event = make_event()
    make_booking(event, member)

    page = client.get(f"/events/{event.id}").get_data(as_text=True)

    assert "You have booked" not in page
    assert "Book a place" in page


def test_starting_a_second_booking_goes_to_the_existing_one(client, auth, member):
    event = make_event()
    booking = make_booking(event, member)
    auth.login(member.email)

    for path in ("who", "needs", "check"):
        response = client.get(f"/events/{event.id}/book/{path}")
        assert response.status_code == 302
        assert response.headers["Location"] == f"/bookings/{booking.reference}"
    page = client.get(f"/bookings/{booking.reference}").get_data(as_text=True)
    assert "You have already booked this session" in page


def test_a_full_session_says_so_at_the_first_step_and_offers_another_date(client, auth, member):
    event = make_event(capacity=1, title="Through their eyes")
    make_booking(event)
    later = make_event(title="through their eyes ", starts_in=timedelta(days=14))
    auth.login(member.email)

    first_step = client.get(f"/events/{event.id}/book/who").get_data(as_text=True)
    session_page = client.get(f"/events/{event.id}").get_data(as_text=True)

    for page in (first_step, session_page):
        assert "This session is full" in page
        assert "Other dates with places" in page
        assert f'href="/events/{later.id}"' in page


def test_a_visitor_is_told_a_session_is_full_before_signing_in(client):
    event = make_event(capacity=1)
    make_booking(event)
    later = make_event(starts_in=timedelta(days=21))

    page = client.get(f"/events/{event.id}/book").get_data(as_text=True)

    assert "This session is full" in page
    assert f'href="/events/{later.id}"' in page


def test_other_dates_are_the_same_training_with_places_and_open(app):
    event = make_event(capacity=1, title="Through their eyes")
    now = utcnow()
    soon = make_event(title="Through their eyes", starts_in=timedelta(days=8))
    later = make_event(title="THROUGH THEIR EYES", starts_in=timedelta(days=9))
    full = make_event(title="Through their eyes", capacity=1, starts_in=timedelta(days=10))
    make_booking(full)
    make_event(title="Through their eyes", audience="professionals")
    make_event(title="Quiet session: through their eyes")
    make_event(title="Through their eyes", status="draft")
    make_event(title="Through their eyes", starts_in=timedelta(days=-1))
    make_event(title="Through their eyes", booking_closes_at=now)
    held = make_event(title="Through their eyes", starts_in=timedelta(days=11))
    member = make_user()
    make_booking(held, member)
    two_left = make_event(title="Through their eyes", capacity=2, starts_in=timedelta(days=12))

    assert other_dates(event, now=now, user_id=member.id, limit=10) == [soon, later, two_left]
    assert other_dates(event, now=now, places=3, user_id=member.id) == [soon, later]


def test_the_waiting_list_pages_suggest_other_dates(client, auth, member):
    event = make_event(capacity=1)
    make_booking(event)
    later = make_event(starts_in=timedelta(days=14))
    mine = make_booking(event, member, waiting=True)
    auth.login(member.email)

    for path in (f"/bookings/{mine.reference}", f"/bookings/{mine.reference}/confirmed"):
        page = client.get(path).get_data(as_text=True)
        assert "Other dates with places" in page
        assert f'href="/events/{later.id}"' in page


# Changing a booking


def test_fewer_places_free_them_at_once_and_promote_the_waiting_list(client, auth, member):
    event = make_event(capacity=3)
    booking = make_booking(event, member, adults=2, children=1)
    waiting = make_booking(event, make_user(email="wait@example.org"), adults=1, waiting=True)
    auth.login(member.email)

    response = _who(client, booking.reference, adults=2, children=0)

    assert response.status_code == 302
    assert response.headers["Location"] == f"/bookings/{booking.reference}"
    db.session.expire_all()
    assert (booking.adults, booking.children, booking.places) == (2, 0, 2)
    assert db.session.get(Booking, waiting.id).status == "confirmed"
    assert _places_booked(event.id) == 3
    assert [m.subject for m in _emails_to("wait@example.org")][-1].startswith("A place is yours")


def test_a_change_is_emailed_with_the_calendar_file_under_the_same_uid(client, auth, member):
    event = make_event(capacity=10)
    booking = make_booking(event, member, adults=1)
    auth.login(member.email)

    _who(client, booking.reference, adults=2, children=2, ages="4 and 9")
    _who(client, booking.reference, adults=2, children=1, ages="9")

    first, *changes = _emails_to(member.email)
    assert [m.subject for m in changes] == [
        f"Booking changed: {event.title} ({booking.reference})"
    ] * 2
    assert "2 adults, 1 child" in changes[-1].body_text
    assert "Places: 3" in changes[-1].body_text
    uids = {str(_calendar_event(m)["uid"]) for m in (first, *changes)}
    assert len(uids) == 1
    assert [int(_calendar_event(m).get("sequence", 0)) for m in (first, *changes)] == [0, 1, 2]


def test_more_places_are_taken_only_if_free(client, auth, member):
    event = make_event(capacity=3)
    booking = make_booking(event, member, adults=1)
    make_booking(event, adults=1)
    auth.login(member.email)

    taken = _who(client, booking.reference, adults=2)
    refused = _who(client, booking.reference, adults=3)

    assert taken.status_code == 302
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert "There are not enough places left for 1 person more" in page
    assert 'value="3"' in page  # what was typed is kept
    db.session.expire_all()
    assert db.session.get(Booking, booking.id).places == 2
    assert _places_booked(event.id) == 3


def test_a_change_keeps_to_the_places_one_account_may_hold(app):
    event = make_event(capacity=20)
    booking = make_booking(event, adults=1)
    most = app.config["MAX_PLACES_PER_SESSION"]

    try:
        change_booking(booking, party=Party(adults=most + 1), actor=booking.user, now=utcnow())
    except TooManyPlaces:
        db.session.rollback()
    else:
        raise AssertionError("a party larger than the limit was allowed")
    assert db.session.get(Booking, booking.id).places == 1
    assert _places_booked(event.id) == 1


def test_no_places_can_be_added_once_booking_has_closed_but_fewer_can(app):
    event = make_event(capacity=10)
    booking = make_booking(event, adults=2)
    event.booking_closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()

    try:
        change_booking(booking, party=Party(adults=3), actor=booking.user, now=utcnow())
    except EventNotBookable:
        db.session.rollback()
    else:
        raise AssertionError("places were added after booking closed")
    change_booking(booking, party=Party(adults=1), actor=booking.user, now=utcnow())
    db.session.commit()
    assert _places_booked(event.id) == 1


def test_what_would_help_can_be_changed_with_consent_and_cleared(client, auth, member):
    event = make_event()
    booking = make_booking(event, member, adjustments=["quiet-space"])
    auth.login(member.email)
    path = f"/bookings/{booking.reference}/change/needs"

    unconsented = client.post_form(path, {"adjustments": ["breaks"]})
    changed = client.post_form(path, {"adjustments": ["breaks"], "note": "Hums", "consent": "y"})
    db.session.expire_all()
    after_change = (list(booking.adjustments), booking.needs_note)
    cleared = client.post_form(path, {"note": ""})  # as a browser sends an emptied box
    db.session.expire_all()

    assert unconsented.status_code == 200
    assert "Tick the box" in unconsented.get_data(as_text=True)
    assert changed.status_code == 302
    assert after_change == (["breaks"], "Hums")
    assert cleared.status_code == 302
    assert (booking.adjustments, booking.needs_note, booking.needs_consent_at) == ([], "", None)


def test_a_waiting_family_changes_its_party_and_keeps_its_place(client, auth, member):
    event = make_event(capacity=2)
    make_booking(event, adults=1)
    make_booking(event, adults=2, waiting=True)
    mine = make_booking(event, member, adults=3, waiting=True)
    auth.login(member.email)

    bigger = _who(client, mine.reference, adults=4)
    db.session.expire_all()
    still_waiting = (mine.status, mine.places)
    page = client.get(f"/bookings/{mine.reference}").get_data(as_text=True)
    smaller = _who(client, mine.reference, adults=1)
    db.session.expire_all()

    assert bigger.status_code == 302
    assert still_waiting == ("waiting", 4)
    assert "You are number 2 on the waiting list" in page
    # One place is free: the first family (2) does not fit, so the smaller party is booked.
    assert smaller.status_code == 302
    assert (mine.status, mine.places) == ("confirmed", 1)
    assert _places_booked(event.id) == 2
    subjects = [m.subject for m in _emails_to(member.email)]
    assert subjects[-2].startswith("Waiting list place changed")
    assert subjects[-1].startswith("A place is yours")


def test_staff_changing_a_booking_for_someone_is_audited(client, auth, staff_user):
    event = make_event()
    booking = make_booking(event, adults=2)
    auth.login(staff_user.email)

    response = _who(client, booking.reference, adults=1)

    assert response.status_code == 302
    entry = db.session.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()))
    assert entry.action == "booking changed for someone"
    assert entry.summary == f"{booking.reference}: 2 to 1 places"
    assert entry.actor_id == staff_user.id


def test_a_cancelled_or_past_booking_cannot_be_changed(client, auth, member):
    event = make_event()
    booking = make_booking(event, member)
    auth.login(member.email)
    client.post_form(f"/bookings/{booking.reference}/cancel")

    response = client.get(f"/bookings/{booking.reference}/change/who")
    page = client.get(f"/bookings/{booking.reference}").get_data(as_text=True)

    assert response.status_code == 409
    assert "This booking cannot be changed" in response.get_data(as_text=True)
    assert "/change/who" not in page


def test_someone_elses_booking_cannot_be_changed(client, auth, member):
    booking = make_booking(make_event(), adults=2)
    auth.login(member.email)

    assert client.get(f"/bookings/{booking.reference}/change/who").status_code == 404
    assert _who(client, booking.reference, adults=1).status_code == 404
    assert db.session.get(Booking, booking.id).places == 2


def test_two_changes_from_the_same_start_cannot_both_count(app):
    """The second of two changes read from the same booking finds it moved and stops."""
    event = make_event(capacity=10)
    booking = make_booking(event, adults=1)
    person = booking.user
    change_booking(booking, party=Party(adults=3), actor=person, now=utcnow())
    db.session.commit()
    db.session.refresh(booking)
    db.session.expunge(booking)
    booking.places = 1  # as a request that read the booking before the first change saw it

    try:
        change_booking(booking, party=Party(adults=5), actor=person, now=utcnow())
    except (NotActive, NotEnoughPlaces):
        db.session.rollback()
    else:
        raise AssertionError("a change from a stale booking went through")
    assert _places_booked(event.id) == 3


def test_what_you_hold_costs_one_query_however_many_sessions_you_hold(client, auth, member):
    from tests.sql import queries_for

    venue = make_event().venue
    auth.login(member.email)
    make_booking(make_event(venue=venue), member)
    few = queries_for(client, "/events")

    for n in range(3):  # 8 sessions in all: one page
        make_booking(make_event(venue=venue, capacity=1))
        make_booking(make_event(venue=venue), member, adults=1 + n % 2)
    many = queries_for(client, "/events")

    assert few[0] == many[0]
    assert many[1].count("You have booked") == 4
