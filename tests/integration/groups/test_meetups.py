"""Meet-ups: once or repeating (first Tuesday of the month), drop-in or with limited places,
and then booked as a session with the sessions' own guard."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from portal.dates import LONDON, utcnow
from portal.events.models import Event
from portal.events.services import NotEnoughPlaces
from portal.extensions import db
from portal.groups.models import MeetupSession
from portal.groups.services import cancel_meetup, materialise_sessions
from tests.factories import make_booking, make_user, make_venue
from tests.integration.groups.factories import first_tuesday_after, make_group, make_meetup


def test_a_monthly_meetup_falls_on_the_first_tuesday_of_each_month_at_10am(app):
    lead = make_user()
    group = make_group(lead=lead)
    meetup = make_meetup(group, lead, repeat="monthly")

    dates = [d.astimezone(LONDON) for d in meetup.dates(after=utcnow(), count=6)]

    assert meetup.when_label == "First Tuesday of the month, 10am"
    assert all(d.weekday() == 1 and d.day <= 7 and d.hour == 10 for d in dates)
    assert len({(d.year, d.month) for d in dates}) == 6


def test_a_drop_in_meetup_has_nothing_to_book(app, client):
    lead = make_user()
    group = make_group(lead=lead)
    make_meetup(group, lead, repeat="weekly")

    page = client.get(f"/groups/{group.slug}")

    assert db.session.scalar(select(MeetupSession.id)) is None
    assert "Nothing to book: just come along." in page.text
    assert page.text.count("Coffee morning") >= 3  # the next three weeks


def test_a_meetup_with_limited_places_opens_a_peer_support_session_for_each_date_soon(app):
    lead = make_user()
    group = make_group(lead=lead)
    meetup = make_meetup(group, lead, repeat="weekly", places=8, venue=make_venue())

    sessions = db.session.scalars(select(MeetupSession)).all()
    assert 8 <= len(sessions) <= 10  # weekly, about two months ahead
    event = sessions[0].event
    assert (event.kind, event.capacity, event.status) == ("peer-support", 8, "published")
    assert event.leads == []  # a parent lead is not staff: no access to families' needs
    assert materialise_sessions(meetup, now=utcnow()) == []  # each date once


def test_a_bookable_meetup_is_guarded_like_a_session(app):
    lead = make_user()
    group = make_group(lead=lead)
    make_meetup(group, lead, places=2, venue=make_venue())
    event = db.session.scalars(select(Event).order_by(Event.starts_at)).first()

    make_booking(event, make_user(), adults=2)
    with pytest.raises(NotEnoughPlaces):
        make_booking(event, make_user())
    waiting = make_booking(event, make_user(), waiting=True)

    assert waiting.status == "waiting"
    db.session.refresh(event)
    assert event.places_booked == 2


def test_a_lead_adds_a_monthly_meetup_through_the_form(app, auth, client):
    lead = make_user(email="lead@example.org")
    group = make_group(lead=lead)
    auth.login("lead@example.org")
    first = first_tuesday_after(utcnow()).astimezone(LONDON)

    response = client.post_form(
        f"/groups/{group.slug}/meetups/new",
        {
            "title": "Coffee morning",
            "date": [first.day, first.month, first.year],
            "start_time": "10am",
            "minutes": 120,
            "repeat": "monthly",
            "place": "Bromley Library, BR1 1EX",
            "booking": "drop-in",
            "venue": 0,
        },
    )

    assert response.status_code == 302
    page = client.get(f"/groups/{group.slug}")
    assert "First Tuesday of the month, 10am" in page.text


def test_limited_places_without_a_venue_keep_what_was_typed_and_say_why(app, auth, client):
    lead = make_user(email="lead@example.org")
    group = make_group(lead=lead)
    auth.login("lead@example.org")
    first = first_tuesday_after(utcnow()).astimezone(LONDON)

    page = client.post_form(
        f"/groups/{group.slug}/meetups/new",
        {
            "title": "Small group chat",
            "date": [first.day, first.month, first.year],
            "start_time": "10am",
            "minutes": 90,
            "repeat": "once",
            "place": "Beckenham",
            "booking": "places",
            "places": 6,
            "venue": 0,
        },
    )

    assert page.status_code == 200
    assert "Choose the venue, so families can see what it is like" in page.text
    assert 'value="Small group chat"' in page.text


def test_cancelling_a_meetup_cancels_its_sessions_and_tells_the_people_booked(app):
    lead = make_user()
    group = make_group(lead=lead)
    meetup = make_meetup(group, lead, places=5, venue=make_venue())
    event = db.session.scalars(select(Event).order_by(Event.starts_at)).first()
    make_booking(event, make_user())

    told = cancel_meetup(meetup, reason="The room is closed", actor=lead, now=utcnow())
    db.session.commit()

    assert told == 1
    assert all(e.status == "cancelled" for e in db.session.scalars(select(Event)))
    assert meetup.dates(after=utcnow()) == []


def test_the_group_calendar_repeats_a_monthly_meetup_with_an_rrule(app, client):
    lead = make_user()
    group = make_group(lead=lead)
    make_meetup(group, lead, repeat="monthly")

    response = client.get(f"/groups/{group.slug}.ics")

    assert response.mimetype == "text/calendar"
    [event] = Calendar.from_ical(response.data).walk("VEVENT")
    assert event["RRULE"]["FREQ"] == ["MONTHLY"]
    assert event["RRULE"]["BYDAY"] == ["1TU"]
    assert event.decoded("DTSTART").hour == 10


def test_a_meetup_date_after_now_is_in_the_future_only(app):
    lead = make_user()
    group = make_group(lead=lead)
    meetup = make_meetup(group, lead, starts_at=utcnow() + timedelta(days=1), repeat="once")

    assert len(meetup.dates(after=utcnow(), count=5)) == 1
    assert meetup.dates(after=utcnow() + timedelta(days=2)) == []
