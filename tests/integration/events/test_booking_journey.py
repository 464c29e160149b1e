"""The booking journey through the test client: questions, check answers, confirm, cancel."""

from datetime import timedelta

import pytest

from portal.events.models import Booking, Event
from portal.extensions import db
from portal.outbox.models import OutboxMessage
from tests.factories import make_booking, make_event, make_user
from tests.sql import recorded_statements


def _answer(client, event, *, adults=2, children=1, carer="no", needs=None):
    client.post_form(
        f"/events/{event.id}/book/who",
        {"adults": adults, "children": children, "children_ages": "6", "carer": carer},
    )
    client.post_form(f"/events/{event.id}/book/needs", needs or {})


def _confirm(client, event, choice="book"):
    return client.post_form(f"/events/{event.id}/book/check", {"choice": choice})


def test_visitors_without_an_account_are_asked_to_sign_in_and_come_back(client, member):
    event = make_event()
    page = client.get(f"/events/{event.id}/book").get_data(as_text=True)
    assert "You need an account to book" in page
    assert f"/register?next=/events/{event.id}/book/who" in page


def test_a_parent_books_places_for_everyone_and_gets_a_reference(client, auth, member):
    event = make_event(capacity=10)
    auth.login(member.email)
    _answer(client, event, adults=2, children=1)

    check = client.get(f"/events/{event.id}/book/check").get_data(as_text=True)
    assert "2 adults, 1 child (age 6) (3 places)" in check
    response = _confirm(client, event)

    booking = db.session.scalar(db.select(Booking))
    assert response.headers["Location"] == f"/bookings/{booking.reference}/confirmed"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Booking confirmed" in page and booking.reference in page
    assert db.session.get(Event, event.id).places_booked == 3
    assert f'href="/bookings/{booking.reference}"' in client.get("/account").get_data(as_text=True)


def test_what_would_help_needs_consent_and_explains_why(client, auth, member):
    event = make_event()
    auth.login(member.email)
    _answer(client, event)
    page = client.get(f"/events/{event.id}/book/needs").get_data(as_text=True)
    assert "Who sees it" in page and "deleted" in page

    response = client.post_form(
        f"/events/{event.id}/book/needs", {"adjustments": ["quiet-space"], "note": "Loud noises"}
    )
    text = response.get_data(as_text=True)
    assert "Tick the box to let us keep what would help" in text
    assert "Loud noises" in text  # what was typed is kept

    client.post_form(
        f"/events/{event.id}/book/needs",
        {"adjustments": ["quiet-space"], "note": "Loud noises", "consent": "y"},
    )
    _confirm(client, event)
    booking = db.session.scalar(db.select(Booking))
    assert booking.adjustments == ["quiet-space"]
    assert booking.needs_note == "Loud noises"


def test_pages_with_access_needs_are_not_cached(client, auth, member):
    event = make_event()
    auth.login(member.email)
    _answer(client, event)
    _confirm(client, event)
    booking = db.session.scalar(db.select(Booking))
    assert client.get(f"/bookings/{booking.reference}").headers["Cache-Control"] == "no-store"


def test_who_is_coming_errors_keep_what_was_typed(client, auth, member):
    event = make_event()
    auth.login(member.email)
    response = client.post_form(
        f"/events/{event.id}/book/who", {"adults": "0", "children": "two", "children_ages": "4"}
    )
    page = response.get_data(as_text=True)
    assert "Enter a number from 1 to 8" in page
    assert "Select yes if a carer is coming with you" in page
    assert 'value="4"' in page


def test_a_full_session_puts_the_party_on_the_waiting_list(client, auth, member):
    event = make_event(capacity=2)
    auth.login(member.email)
    _answer(client, event, adults=2, children=1)
    check = client.get(f"/events/{event.id}/book/check").get_data(as_text=True)
    assert "Join the waiting list" in check

    response = _confirm(client, event, choice="wait")
    page = client.get(response.headers["Location"]).get_data(as_text=True)

    assert "You are on the waiting list" in page
    assert "You are number 1" in page


def test_places_gone_while_booking_gives_a_clear_message_not_an_error(client, auth, member):
    event = make_event(capacity=3)
    auth.login(member.email)
    _answer(client, event, adults=2, children=1)
    db.session.execute(db.update(Event).where(Event.id == event.id).values(places_booked=2))
    db.session.commit()

    response = _confirm(client, event)

    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "the places went while you were booking" in page
    assert "Join the waiting list" in page


def test_booking_twice_takes_you_to_the_first_booking(client, auth, member):
    event = make_event()
    auth.login(member.email)
    _answer(client, event)
    first = _confirm(client, event)
    _answer(client, event)
    second = _confirm(client, event)

    booking = db.session.scalar(db.select(Booking))
    assert db.session.scalar(db.select(db.func.count()).select_from(Booking)) == 1
    assert second.headers["Location"] == f"/bookings/{booking.reference}"
    assert first.headers["Location"].startswith(f"/bookings/{booking.reference}")


@pytest.mark.parametrize(
    "changes",
    [
        {"status": "cancelled"},
        {"starts_in": timedelta(hours=-1)},
        {"booking_closes_at": None},
    ],
    ids=["cancelled", "past", "closed"],
)
def test_sessions_that_cannot_be_booked_give_a_clear_409(client, auth, member, changes):
    from portal.dates import utcnow

    if "booking_closes_at" in changes:
        changes = {"booking_closes_at": utcnow() - timedelta(minutes=5)}
    event = make_event(**changes)
    auth.login(member.email)
    for url in (f"/events/{event.id}/book", f"/events/{event.id}/book/who"):
        response = client.get(url)
        assert response.status_code == 409, url
        assert "You cannot book this session" in response.get_data(as_text=True)


def test_drafts_cannot_be_booked_or_seen(client, auth, member):
    event = make_event(status="draft")
    auth.login(member.email)
    assert client.get(f"/events/{event.id}/book").status_code == 404
    assert client.post_form(f"/events/{event.id}/book/check", {"choice": "book"}).status_code == 404


def test_another_member_cannot_see_or_cancel_your_booking(app, client, auth, member):
    event = make_event()
    auth.login(member.email)
    _answer(client, event)
    _confirm(client, event)
    booking = db.session.scalar(db.select(Booking))
    auth.logout()

    other = make_user(email="other@example.org")
    auth.login(other.email)
    for url in (
        f"/bookings/{booking.reference}",
        f"/bookings/{booking.reference}/confirmed",
        f"/bookings/{booking.reference}/cancel",
        f"/bookings/{booking.reference}/feedback",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post_form(f"/bookings/{booking.reference}/cancel").status_code == 404
    assert db.session.get(Booking, booking.id).status == "confirmed"


def test_cancelling_asks_first_then_frees_the_places_for_the_waiting_list(client, auth, member):
    event = make_event(capacity=3)
    auth.login(member.email)
    _answer(client, event, adults=2, children=1)
    _confirm(client, event)
    booking = db.session.scalar(db.select(Booking))
    waiting = make_booking(event, make_user(email="waiting@example.org"), adults=2, waiting=True)

    ask = client.get(f"/bookings/{booking.reference}/cancel").get_data(as_text=True)
    assert "Are you sure you want to cancel your booking?" in ask
    response = client.post_form(f"/bookings/{booking.reference}/cancel")

    assert response.headers["Location"] == "/account"
    assert "has been cancelled" in client.get("/account").get_data(as_text=True)
    assert db.session.get(Booking, waiting.id).status == "confirmed"
    subjects = db.session.scalars(
        db.select(OutboxMessage.subject).where(OutboxMessage.recipient == "waiting@example.org")
    ).all()
    assert any(s.startswith("A place is yours") for s in subjects)


def test_a_promoted_family_can_give_the_place_back_from_the_email_link(client):
    import re

    from portal.dates import utcnow
    from portal.events.services import cancel_booking

    event = make_event(capacity=1)
    booked = make_booking(event)
    waiting = make_booking(event, make_user(email="w@example.org"), waiting=True)
    cancel_booking(booked, now=utcnow())
    db.session.commit()
    email = db.session.scalar(
        db.select(OutboxMessage).where(OutboxMessage.subject.startswith("A place is yours"))
    )
    path = re.search(r"http://127\.0\.0\.1:5000(/give-back/\S+)", email.body_text).group(1)

    assert "Do you want to give your place back?" in client.get(path).get_data(as_text=True)
    assert db.session.get(Booking, waiting.id).status == "confirmed"  # a GET changes nothing
    done = client.post_form(path).get_data(as_text=True)

    assert "Your place has been given back" in done
    assert db.session.get(Booking, waiting.id).status == "cancelled"
    assert client.get("/give-back/forged-token").status_code == 404


def test_feedback_form_after_the_session(client, auth, member):
    event = make_event(starts_in=timedelta(days=-1), audience="professionals")
    booking = make_booking(event, member, now=event.starts_at - timedelta(days=2))
    auth.login(member.email)

    form = client.get(f"/bookings/{booking.reference}/feedback").get_data(as_text=True)
    assert "how confident do you feel" in form
    response = client.post_form(
        f"/bookings/{booking.reference}/feedback",
        {
            "rating": "4",
            "helped": "The quiet room",
            "confidence_before": "2",
            "confidence_after": "4",
        },
    )
    assert response.headers["Location"] == f"/bookings/{booking.reference}"
    again = client.get(f"/bookings/{booking.reference}/feedback")
    assert again.status_code == 409
    assert "already told us" in again.get_data(as_text=True)


# Statements over the whole journey, session page to confirmation (measured: 48 on SQLite and
# PostgreSQL; 55 before each form step read its draft once and stopped loading the session
# and the person again after its commit). A budget, so a change that adds round trips shows.
JOURNEY_QUERIES = 48


def test_a_complete_booking_keeps_to_its_query_budget(client, auth, member):
    event = make_event(capacity=10)
    auth.login(member.email)
    token = client.csrf_token()
    steps = [
        ("GET", f"/events/{event.id}", None),
        ("GET", f"/events/{event.id}/book/who", None),
        ("POST", f"/events/{event.id}/book/who", {"adults": 2, "children": 0, "carer": "no"}),
        ("GET", f"/events/{event.id}/book/needs", None),
        ("POST", f"/events/{event.id}/book/needs", {}),
        ("GET", f"/events/{event.id}/book/check", None),
        ("POST", f"/events/{event.id}/book/check", {"choice": "book"}),
    ]
    with recorded_statements() as statements:
        for method, url, data in steps:
            form = {"csrf_token": token, **data} if data is not None else None
            response = client.open(url, method=method, data=form)
            assert response.status_code == (302 if method == "POST" else 200), url
        assert client.get(response.headers["Location"]).status_code == 200

    assert len(statements) <= JOURNEY_QUERIES
