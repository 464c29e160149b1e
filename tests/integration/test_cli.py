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
    roles = db.session.scalars(db.select(User.role).order_by(User.role)).all()
    assert roles == ["admin", "business", "member", "staff"]
    assert "parent@example.org" in first.output
    assert "password:" in first.output


def test_demo_data_refuses_to_run_in_production(app):
    app.config["PORTAL_ENV"] = "production"
    result = app.test_cli_runner().invoke(args=["demo-data"])
    assert result.exit_code == 1
    assert "development" in result.output
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 0
