"""The public session pages: list, filters, one session, calendar files, query counts."""

from datetime import timedelta

import icalendar
from sqlalchemy import insert

from portal.dates import LONDON, utcnow
from portal.events.models import Event, RunningOrderItem, VisualStoryPhoto
from portal.extensions import db
from tests.factories import make_event, make_venue
from tests.sql import queries_for


def test_the_list_shows_upcoming_published_sessions_soonest_first(client):
    venue = make_venue()
    make_event(title="Later one", starts_in=timedelta(days=20), venue=venue)
    make_event(title="Sooner one", starts_in=timedelta(days=2), venue=venue)
    make_event(title="A draft", status="draft", venue=venue)
    make_event(title="Already happened", starts_in=timedelta(days=-2), venue=venue)

    page = client.get("/events").get_data(as_text=True)

    assert page.index("Sooner one") < page.index("Later one")
    assert "A draft" not in page
    assert "Already happened" not in page
    assert "2 sessions" in page


def test_the_list_filters_by_audience_and_month(client):
    venue = make_venue()
    make_event(title="For parents", audience="parents", venue=venue)
    make_event(title="For teachers", audience="professionals", venue=venue)
    far = make_event(title="Far off", audience="parents", starts_in=timedelta(days=70), venue=venue)
    month = far.starts_at.astimezone(LONDON).strftime("%Y-%m")

    parents = client.get("/events?audience=parents").get_data(as_text=True)
    assert "For parents" in parents and "For teachers" not in parents

    in_month = client.get(f"/events?month={month}").get_data(as_text=True)
    assert "Far off" in in_month and "For teachers" not in in_month


def test_filters_answer_htmx_with_just_the_results(client):
    make_event(title="For parents")
    full = client.get("/events?audience=parents")
    fragment = client.get("/events?audience=parents", headers={"HX-Request": "true"})
    assert "HX-Request" in full.headers["Vary"]
    assert "<html" not in fragment.get_data(as_text=True)
    assert 'id="event-results"' in fragment.get_data(as_text=True)


def test_an_unknown_filter_value_shows_everything_rather_than_an_error(client):
    make_event(title="For parents")
    response = client.get("/events?audience=aliens&month=1999-01&page=x")
    assert response.status_code == 200
    assert "For parents" in response.get_data(as_text=True)


def test_the_list_is_paginated_and_has_an_empty_state(client):
    assert "There are no sessions" in client.get("/events").get_data(as_text=True)
    venue = make_venue()
    for n in range(12):
        make_event(title=f"Session {n:02d}", starts_in=timedelta(days=n + 1), venue=venue)
    first = client.get("/events").get_data(as_text=True)
    second = client.get("/events?page=2").get_data(as_text=True)
    assert "Session 00" in first and "Session 11" not in first
    assert "Session 11" in second
    assert "/events?page=2" in first


def test_a_session_page_shows_what_will_happen_and_what_the_room_is_like(client):
    event = make_event(capacity=10, crowd_size="Up to 10 people", low_stimulus=True)
    event.running_order = [
        RunningOrderItem(position=1, minutes_from_start=0, title="Arrive"),
        RunningOrderItem(
            position=2,
            minutes_from_start=25,
            title="Scene 1: the shop",
            intense=True,
            detail="A loud beep for a minute",
        ),
    ]
    event.venue.photos = [
        VisualStoryPhoto(
            position=1, filename="x.png", alt_text="The front door", caption="The way in"
        )
    ]
    db.session.commit()

    page = client.get(f"/events/{event.id}").get_data(as_text=True)

    for text in (
        "Arrive",
        "Scene 1: the shop",
        "Loud or intense",
        "A loud beep",
        "Soft lights",
        "A quiet room next door",
        "Step-free throughout",
        "Up to 10 people",
        'alt="The front door"',
        "The way in",
        "low-stimulus session",
        "10 places left",
    ):
        assert text in page, text


def test_a_full_session_offers_the_waiting_list(client):
    event = make_event(capacity=0)
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "Full: join the waiting list" in page
    assert "Join the waiting list" in page


def test_drafts_are_hidden_from_the_public_but_staff_can_preview(client, auth, staff_user):
    draft = make_event(status="draft")
    assert client.get(f"/events/{draft.id}").status_code == 404
    auth.login(staff_user.email)
    assert "This is a draft" in client.get(f"/events/{draft.id}").get_data(as_text=True)


def test_a_cancelled_session_says_so(client):
    event = make_event(status="cancelled", cancel_reason="The actors are unwell.")
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "This session has been cancelled" in page
    assert "The actors are unwell." in page
    assert "Book a place" not in page


def test_add_to_calendar_gives_a_valid_ics_file(client):
    event = make_event(title="Through their eyes")
    response = client.get(f"/events/{event.id}.ics")
    assert response.mimetype == "text/calendar"
    [component] = icalendar.Calendar.from_ical(response.data).walk("VEVENT")
    assert str(component["SUMMARY"]) == "Through their eyes"
    assert abs(component.decoded("DTSTART") - event.starts_at) < timedelta(seconds=1)
    assert event.venue.postcode in str(component["LOCATION"])


def test_the_calendar_feed_lists_upcoming_published_sessions(client):
    venue = make_venue()
    make_event(title="One", venue=venue)
    make_event(title="Two", venue=venue)
    make_event(title="Hidden draft", status="draft", venue=venue)
    calendar = icalendar.Calendar.from_ical(client.get("/events.ics").data)
    titles = sorted(str(c["SUMMARY"]) for c in calendar.walk("VEVENT"))
    assert titles == ["One", "Two"]


def _add_events(venue_id: int, count: int) -> None:
    start = utcnow() + timedelta(days=3)
    db.session.execute(
        insert(Event),
        [
            {
                "title": f"Session {n}",
                "summary": "S",
                "description": "D",
                "audience": "parents",
                "kind": "theatre",
                "starts_at": start + timedelta(hours=n),
                "ends_at": start + timedelta(hours=n + 1),
                "venue_id": venue_id,
                "capacity": 10,
                "places_booked": 0,
                "status": "published",
                "lighting": "",
                "noise": "",
                "cancel_reason": "",
                "low_stimulus": False,
                "crowd_size": "",
                "participation": "",
                "breaks": "",
                "created_at": start,
            }
            for n in range(count)
        ],
    )
    db.session.commit()


def test_pages_use_the_same_few_queries_with_10_or_1000_sessions(app, client):
    venue = make_venue()
    event = make_event(venue=venue)
    event.running_order = [RunningOrderItem(position=n, title=f"Step {n}") for n in range(5)]
    event.venue.photos = [
        VisualStoryPhoto(position=n, filename=f"{n}.png", alt_text="A photo") for n in range(3)
    ]
    db.session.commit()
    _add_events(venue.id, 9)
    small = (
        queries_for(client, "/events")[0],
        queries_for(client, f"/events/{event.id}")[0],
    )

    _add_events(venue.id, 990)
    large = (
        queries_for(client, "/events")[0],
        queries_for(client, f"/events/{event.id}")[0],
    )

    assert small == large
    assert max(large) <= 6
