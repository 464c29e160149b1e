"""The command line: creating accounts and loading demo data."""

from portal.accounts.models import User
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
