"""`flask reminders send` carries on past a booking whose email fails: the others are sent,
the failure is logged by the booking's id (never the person's details) and counted, the command
exits non-zero, and the next run tries the failed one again."""

from datetime import timedelta

from portal.dates import utcnow
from portal.events.models import Booking
from portal.extensions import db
from portal.outbox.models import OutboxMessage
from tests.factories import make_booking, make_event, make_user
from tests.refusals import database_refuses

BROKEN = "broken@example.org"


def _booked(starts_in, email):
    event = make_event(starts_in=starts_in)
    return make_booking(event, make_user(email=email), now=utcnow() - timedelta(days=3))


def _recipients(start: str) -> list[str]:
    return db.session.scalars(
        db.select(OutboxMessage.recipient)
        .where(OutboxMessage.subject.startswith(start))
        .order_by(OutboxMessage.id)
    ).all()


def test_one_failing_reminder_does_not_stop_the_others(app, caplog):
    soon = timedelta(days=1)
    first = _booked(soon, "first@example.org")
    broken = _booked(soon, BROKEN)
    last = _booked(soon, "last@example.org")
    over = _booked(timedelta(days=-1), "over@example.org")
    broken_after = _booked(timedelta(days=-1), BROKEN.replace("broken", "broken2"))

    refused = f"NEW.recipient IN ('{BROKEN}', 'broken2@example.org')"
    with database_refuses("outbox_messages", on="INSERT", when=refused):
        result = app.test_cli_runner().invoke(args=["reminders", "send"])

    assert result.exit_code == 1
    assert "Queued 2 reminders and 1 feedback requests" in result.output
    assert "2 failed: see the log" in result.output
    assert _recipients("Reminder:") == ["first@example.org", "last@example.org"]
    assert _recipients("How was it?") == ["over@example.org"]
    assert db.session.get(Booking, first.id).reminder_sent_at is not None
    assert db.session.get(Booking, last.id).reminder_sent_at is not None
    assert db.session.get(Booking, over.id).feedback_requested_at is not None
    # What failed is rolled back, to be tried again.
    assert db.session.get(Booking, broken.id).reminder_sent_at is None
    assert db.session.get(Booking, broken_after.id).feedback_requested_at is None
    logged = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert len(logged) == 2
    assert logged[0].startswith(f"Reminder for booking {broken.id} failed: ")
    assert logged[1].startswith(f"Feedback request for booking {broken_after.id} failed: ")
    # The database's message repeats the row's values: only its type is logged.
    assert not any("example.org" in line or "refused by the test" in line for line in logged)


def test_the_next_run_sends_what_failed_before(app):
    broken = _booked(timedelta(days=1), BROKEN)
    with database_refuses("outbox_messages", on="INSERT", when=f"NEW.recipient = '{BROKEN}'"):
        failed = app.test_cli_runner().invoke(args=["reminders", "send"])

    again = app.test_cli_runner().invoke(args=["reminders", "send"])

    assert "Queued 0 reminders" in failed.output
    assert again.exit_code == 0, again.output
    assert "Queued 1 reminders" in again.output
    assert "failed" not in again.output
    assert db.session.get(Booking, broken.id).reminder_sent_at is not None
    assert _recipients("Reminder:") == [BROKEN]
