"""Session pages say what is true: drop-in sessions, filters that find something, the waiting
list named only when someone waits, a party's ages read right, kind wording for what helps."""

from datetime import date, timedelta

import pytest

from portal.dates import LONDON, utcnow
from portal.events.models import ADJUSTMENT_LABELS, Event
from portal.events.services import EventNotBookable, Needs, Party, book_places
from portal.extensions import db
from tests.factories import make_booking, make_event, make_user, make_venue


def _party_text(app, **party) -> str:
    macros = app.jinja_env.get_template("events/_macros.html").module
    return str(macros.party_text(Party(**party))).strip()


def test_one_child_reads_age_and_more_children_read_ages(app):
    assert _party_text(app, adults=1, children=1, children_ages="7") == "1 adult, 1 child (age 7)"
    assert (
        _party_text(app, adults=2, children=2, children_ages="4 and 9")
        == "2 adults, 2 children (ages 4 and 9)"
    )


def test_what_would_help_options_read_as_answers_and_keep_their_stored_values():
    assert ADJUSTMENT_LABELS["ear-defenders"] == "Wearing ear defenders (we will bring our own)"
    assert set(ADJUSTMENT_LABELS) == {
        "quiet-space",
        "seat-near-exit",
        "bsl",
        "step-free",
        "ear-defenders",
        "breaks",
    }


# --- drop-in sessions ---------------------------------------------------------------------


def test_a_drop_in_session_page_says_no_need_to_book_and_shows_no_booking_button(client):
    event = make_event(title="Coffee morning", kind="peer-support", drop_in=True)

    page = client.get(f"/events/{event.id}").get_data(as_text=True)

    assert "There is no need to book: just come along." in page
    assert "Drop in: no need to book" in page
    assert "Book a place" not in page and "Join the waiting list" not in page
    assert f"/events/{event.id}/book" not in page


def test_a_drop_in_session_is_marked_in_the_list(client):
    make_event(title="Coffee morning", kind="peer-support", drop_in=True)
    page = client.get("/events").get_data(as_text=True)
    assert "Drop in: no need to book" in page
    assert "places left" not in page


@pytest.mark.parametrize("step", ["book", "book/who"])
def test_the_booking_steps_refuse_a_drop_in_session_with_a_clear_page(client, auth, member, step):
    event = make_event(drop_in=True)
    if step != "book":
        auth.login(member.email)

    response = client.get(f"/events/{event.id}/{step}")

    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "No need to book this session" in page
    assert "just come along" in page
    assert f'href="/events/{event.id}"' in page


def test_booking_a_drop_in_session_is_refused_by_the_rules(app):
    event = make_event(drop_in=True)
    with pytest.raises(EventNotBookable, match="drop-in"):
        book_places(event, make_user(), Party(), Needs(), now=utcnow())
    assert event.places_booked == 0


def _session_form(venue, day: date, **extra) -> dict:
    return {
        "title": "Coffee morning",
        "summary": "Meet other parents.",
        "description": "Tea and a chat.",
        "audience": "parents",
        "kind": "peer-support",
        "venue": venue.id,
        "date": [str(day.day), str(day.month), str(day.year)],
        "start_time": "10:00",
        "end_time": "12:00",
        "capacity": "20",
        "repeat": "once",
        **extra,
    }


def test_staff_make_a_session_drop_in_with_a_checkbox_and_can_undo_it(client, auth, staff_user):
    auth.login(staff_user.email)
    venue = make_venue()
    day = (utcnow() + timedelta(days=10)).astimezone(LONDON).date()
    assert 'name="drop_in"' in client.get("/staff/sessions/new").get_data(as_text=True)

    client.post_form("/staff/sessions/new", _session_form(venue, day, drop_in="y"))
    event = db.session.scalar(db.select(Event))
    assert event.drop_in is True
    form = client.get(f"/staff/sessions/{event.id}/edit").get_data(as_text=True)
    assert 'name="drop_in" type="checkbox" value="y" checked' in form

    edit = _session_form(venue, day)
    del edit["repeat"]
    client.post_form(f"/staff/sessions/{event.id}/edit", edit)
    db.session.expire_all()
    assert db.session.get(Event, event.id).drop_in is False


# --- filters ------------------------------------------------------------------------------


def test_the_list_filters_by_kind_of_session(client):
    venue = make_venue()
    make_event(title="A theatre session", kind="theatre", venue=venue)
    make_event(title="A workshop", kind="workshop", venue=venue)
    make_event(title="A coffee morning", kind="peer-support", venue=venue)

    page = client.get("/events?kind=workshop").get_data(as_text=True)

    assert "A workshop" in page
    assert "A theatre session" not in page and "A coffee morning" not in page
    assert "1 session" in page


def _options(page: str, name: str) -> list[str]:
    select = page.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]
    return [part.split('"', 1)[0] for part in select.split('value="')[1:]]


def test_filters_offer_only_kinds_audiences_and_months_that_have_sessions(client):
    venue = make_venue()
    soon = make_event(kind="workshop", audience="parents", venue=venue)
    later = make_event(kind="workshop", starts_in=timedelta(days=70), venue=venue)
    make_event(kind="theatre", status="draft", venue=venue)  # not public: offers nothing
    make_event(kind="peer-support", starts_in=timedelta(days=-3), venue=venue)  # over

    page = client.get("/events").get_data(as_text=True)

    assert _options(page, "kind") == ["", "workshop"]
    assert _options(page, "audience") == ["", "parents"]
    months = {e.starts_at.astimezone(LONDON).strftime("%Y-%m") for e in (soon, later)}
    assert _options(page, "month") == ["", *sorted(months)]


def test_a_kind_with_no_sessions_in_the_address_shows_everything(client):
    make_event(title="A workshop", kind="workshop")
    response = client.get("/events?kind=theatre")
    assert response.status_code == 200
    assert "A workshop" in response.get_data(as_text=True)


# --- cancelling ---------------------------------------------------------------------------


def test_the_cancel_page_names_the_waiting_list_only_when_someone_waits(client, auth, member):
    event = make_event(capacity=2)
    booking = make_booking(event, member, adults=2)
    auth.login(member.email)

    alone = client.get(f"/bookings/{booking.reference}/cancel").get_data(as_text=True)
    assert "waiting list" not in alone
    assert "will be free for someone else to book" in alone

    make_booking(event, waiting=True)
    waited = client.get(f"/bookings/{booking.reference}/cancel").get_data(as_text=True)
    assert "will be offered to the families on the waiting list" in waited


def test_the_staff_cancel_page_names_the_waiting_list_only_when_someone_waits(
    client, auth, staff_user
):
    event = make_event(capacity=2)
    booking = make_booking(event, adults=2)
    auth.login(staff_user.email)
    url = f"/staff/bookings/{booking.reference}/cancel"

    assert "waiting list" not in client.get(url).get_data(as_text=True)
    make_booking(event, waiting=True)
    assert "offered to the families on the waiting list" in client.get(url).get_data(as_text=True)
