"""The command line: creating accounts, loading demo data and the retention purge."""

from datetime import timedelta

import pyotp

from portal.accounts.models import User
from portal.demo.two_step import ADMIN_KEY, STAFF_KEY
from portal.extensions import db


def _user(email):
    return db.session.scalar(db.select(User).where(User.email == email))


def test_users_create_makes_a_staff_account(app):
    result = app.test_cli_runner().invoke(
        args=[
            "users",
            "create",
            "lead@example.org",
            "--role",
            "staff",
            "--password",
            "a long passphrase",
        ]
    )
    assert result.exit_code == 0, result.output
    assert _user("lead@example.org").role == "staff"
    # No authenticator app yet: they set one up when they first sign in.
    assert _user("lead@example.org").second_factor is None
    assert "set one up the first time they sign in" in result.output


def test_users_create_asks_for_the_password_twice(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "lead@example.org", "--role", "admin"],
        input="a long passphrase\na long passphrase\n",
    )
    assert result.exit_code == 0, result.output
    assert _user("lead@example.org").role == "admin"


def test_users_create_keeps_the_password_rules(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "lead@example.org", "--password", "password"]
    )
    assert result.exit_code == 1
    assert "too common" in result.output
    assert _user("lead@example.org") is None


def test_there_is_no_default_admin_account(app):
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 0


def test_demo_data_creates_one_account_per_role_and_can_run_twice(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo-data"])
    second = runner.invoke(args=["demo-data"])
    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    roles = set(db.session.scalars(db.select(User.role)))
    assert roles == {"admin", "business", "member", "staff"}
    assert "parent@example.org" in first.output
    assert "password:" in first.output
    assert "already loaded" in second.output


def test_demo_staff_and_admin_sign_in_with_the_published_authenticator_keys(app, client, auth):
    result = app.test_cli_runner().invoke(args=["demo-data"])

    assert "authenticator key: BROM LEYS TAFF DEMO" in result.output
    for email, password, key in [
        ("staff@example.org", "staff console demo", STAFF_KEY),
        ("admin@example.org", "admin console demo", ADMIN_KEY),
    ]:
        assert auth.login(email, password, code=False).headers["Location"] == "/login/code"
        signed_in = auth.enter_code(email, pyotp.TOTP(key).now())
        assert signed_in.headers["Location"] == "/staff", email
        auth.logout()


def test_demo_data_has_sessions_with_a_full_one_and_a_waiting_list(app):
    from portal.events.models import Booking, Event

    app.test_cli_runner().invoke(args=["demo-data"])

    events = db.session.scalars(db.select(Event)).all()
    assert len(events) >= 20
    assert any(event.is_full for event in events)
    assert any(0 < event.places_left <= 4 for event in events)
    waiting = db.session.scalars(db.select(Booking).where(Booking.status == "waiting")).all()
    assert waiting
    full = next(event for event in events if event.is_full)
    assert full.venue.photos and all(photo.alt_text for photo in full.venue.photos)


def test_demo_data_refuses_to_run_in_production(app):
    app.config["PORTAL_ENV"] = "production"
    result = app.test_cli_runner().invoke(args=["demo-data"])
    assert result.exit_code == 1
    assert "development" in result.output
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 0


def _one_of_everything_old(member, *, age):
    """A record of each kind the retention purge deletes, all `age` old."""
    from types import SimpleNamespace

    from portal.audit.services import record
    from portal.dates import utcnow
    from portal.events.drafts import save_answers
    from portal.events.follow_up import record_feedback
    from portal.outbox.services import queue_email
    from tests.factories import make_booking, make_event, make_user

    then = utcnow() - age
    event = make_event(starts_in=-age)
    booking = make_booking(
        event, adjustments=["quiet-space"], note="Loud noises", now=then - timedelta(days=1)
    )
    record_feedback(
        booking,
        rating=5,
        helped="The quiet room",
        could_be_better="",
        confidence_before=None,
        confidence_after=None,
        now=event.ends_at,
    )
    save_answers(member, make_event().id, now=then, party={"adults": 1})
    message = queue_email(
        to=member.email,
        subject="Your password has been changed",
        template="password_changed",
        user=SimpleNamespace(full_name="Jo Parent"),
        reset_url="http://127.0.0.1:5000/password-reset",
    )
    message.status, message.sent_at = "sent", then
    record(None, "account changed", "user", member.id, now=then)
    never_confirmed = make_user(email="never@example.org", email_confirmed=False)
    never_confirmed.created_at = then
    idle = make_user(email="idle@example.org")  # warned an hour after they last used it
    idle.created_at, idle.inactivity_warned_at = then, then + timedelta(hours=1)
    db.session.commit()


def test_retention_purge_runs_every_purge_and_says_what_each_did(app, member):
    _one_of_everything_old(member, age=timedelta(days=7 * 365))

    result = app.test_cli_runner().invoke(args=["retention", "purge"])

    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Deleted access needs from 1 bookings (30 days after the session)",
        "Deleted 1 unfinished bookings (24 hours after the last answer)",
        "Deleted the text of 1 emails (90 days after the email is sent)",
        "Deleted the words of 1 pieces of feedback (2 years after it is written)",
        "Deleted 1 audit log entries (6 years after it is recorded)",
        "Deleted 0 old invitations (30 days after it is answered or runs out)",
        "Deleted the scrambled addresses of 0 consultation answerers"
        " (7 days after the consultation closes)",
        "Deleted 1 accounts whose address was never confirmed (30 days after it is made)",
        "Deleted 1 accounts nobody uses (3 years after it was last signed in to or booked for)",
    ]


def test_retention_purge_keeps_what_is_still_within_its_period(app, member):
    _one_of_everything_old(member, age=timedelta(hours=23))

    result = app.test_cli_runner().invoke(args=["retention", "purge"])

    assert result.exit_code == 0, result.output
    assert [line.split(" (")[0] for line in result.output.splitlines()] == [
        "Deleted access needs from 0 bookings",
        "Deleted 0 unfinished bookings",
        "Deleted the text of 0 emails",
        "Deleted the words of 0 pieces of feedback",
        "Deleted 0 audit log entries",
        "Deleted 0 old invitations",
        "Deleted the scrambled addresses of 0 consultation answerers",
        "Deleted 0 accounts whose address was never confirmed",
        "Deleted 0 accounts nobody uses",
    ]


def test_retention_purge_uses_the_configured_periods(app, member):
    _one_of_everything_old(member, age=timedelta(days=3))
    app.config.update(
        FEEDBACK_TEXT_RETENTION_DAYS=1, AUDIT_LOG_RETENTION_DAYS=2, OUTBOX_BODY_RETENTION_DAYS=1
    )

    result = app.test_cli_runner().invoke(args=["retention", "purge"])

    assert "Deleted the words of 1 pieces of feedback (1 day after it is written)" in result.output
    assert "Deleted 1 audit log entries (2 days after it is recorded)" in result.output
    assert "Deleted the text of 1 emails (1 day after the email is sent)" in result.output
