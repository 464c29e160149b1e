"""A session whose title is as long as the form allows can be booked, reminded, changed and
cancelled: every email about it is queued, its subject shortened to fit (PostgreSQL refuses a
subject longer than its column, SQLite does not, so these run on both)."""

from datetime import timedelta

from portal.dates import utcnow
from portal.events.models import Event
from portal.events.organising import EventDetails, cancel_event, update_event
from portal.events.services import cancel_booking
from portal.extensions import db
from portal.outbox.models import OutboxMessage
from portal.outbox.services import SUBJECT_LENGTH
from tests.factories import make_booking, make_event, make_user

LONGEST = Event.title.type.length
TITLE = ("Understanding sensory overload at the shops " * 5)[:LONGEST]


def _subjects() -> list[str]:
    return db.session.scalars(db.select(OutboxMessage.subject).order_by(OutboxMessage.id)).all()


def _long_event(**overrides):
    assert len(TITLE) == LONGEST
    return make_event(title=TITLE, **overrides)


def _fits(subject: str, start: str) -> bool:
    return subject.startswith(start) and len(subject) <= SUBJECT_LENGTH and "\u2026" in subject


def test_a_session_with_the_longest_title_can_be_booked(app):
    event = _long_event(capacity=1)

    booking = make_booking(event)
    waiting = make_booking(event, waiting=True)

    confirmed, joined = _subjects()
    assert _fits(confirmed, "Booking confirmed: Understanding sensory")
    assert confirmed.endswith(f"\u2026 ({booking.reference})")
    assert _fits(joined, "You are on the waiting list: Understanding")
    assert waiting.status == "waiting"


def test_cancelling_a_booking_on_it_tells_the_family_and_books_the_waiting_one(app):
    event = _long_event(capacity=1)
    booking = make_booking(event)
    waiting = make_booking(event, waiting=True)

    cancel_booking(booking, now=utcnow())
    db.session.commit()

    cancelled, promoted = _subjects()[-2:]
    assert _fits(cancelled, "Booking cancelled: Understanding")
    assert _fits(promoted, "A place is yours: Understanding")
    assert promoted.endswith(f"({waiting.reference})")


def test_it_is_reminded_and_asked_for_feedback(app):
    soon = _long_event(starts_in=timedelta(days=1))
    make_booking(soon, now=utcnow() - timedelta(days=3))
    over = _long_event(starts_in=timedelta(days=-1))
    make_booking(over, now=utcnow() - timedelta(days=3))

    result = app.test_cli_runner().invoke(args=["reminders", "send"])

    assert result.exit_code == 0, result.output
    assert "Queued 1 reminders and 1 feedback requests" in result.output

    assert _fits(_subjects()[-2], "Reminder: Understanding")
    assert _fits(_subjects()[-1], "How was it? Understanding")


def test_changing_its_time_tells_everyone_booked(app, staff_user):
    event = _long_event()
    make_booking(event)
    details = EventDetails.of(event)
    details.starts_at += timedelta(hours=1)
    details.ends_at += timedelta(hours=1)

    report = update_event(event, details, actor=staff_user, now=utcnow())
    db.session.commit()

    assert report.notified == 1
    assert _fits(_subjects()[-1], "Change to your session: Understanding")


def test_cancelling_it_tells_everyone_booked_and_waiting(app, staff_user):
    event = _long_event(capacity=1)
    make_booking(event)
    make_booking(event, waiting=True)

    told = cancel_event(event, reason="The actors are ill.", actor=staff_user, now=utcnow())
    db.session.commit()

    assert told == 2
    assert all(_fits(s, "Session cancelled: Understanding") for s in _subjects()[-2:])


def test_booking_it_through_the_pages_confirms_the_booking(client, auth):
    event = _long_event()
    person = make_user(email="long@example.org")
    auth.login(person.email)

    client.post_form(
        f"/events/{event.id}/book/who",
        {"adults": "1", "children": "0", "carer": "no"},
    )
    client.post_form(f"/events/{event.id}/book/needs", {})
    done = client.post_form(f"/events/{event.id}/book/check", {"choice": "book"})

    assert done.status_code == 302, done.get_data(as_text=True)
    assert _fits(_subjects()[-1], "Booking confirmed: Understanding")
