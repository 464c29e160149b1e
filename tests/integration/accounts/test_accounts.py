"""Registering, signing in and out, and the account page, through the test client."""

import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest

from portal.accounts.models import User
from portal.extensions import db
from tests.factories import DEFAULT_PASSWORD, make_user


def _register(client, **fields):
    data = {"full_name": "Priya Shah", "email": "priya@example.org", "password": DEFAULT_PASSWORD}
    data.update(fields)
    return client.post_form("/register", data)


def test_registering_creates_an_unconfirmed_member_account_and_says_check_your_email(client):
    response = _register(client)

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Check your email" in page and "priya@example.org" in page
    user = db.session.scalar(db.select(User).where(User.email == "priya@example.org"))
    assert user.role == "member"
    assert user.full_name == "Priya Shah"
    assert user.email_confirmed_at is None
    # Nobody is signed in until the link is opened (or the person signs in).
    assert client.get("/account").status_code == 302


def test_password_is_stored_as_an_argon2id_hash(client):
    _register(client)
    user = db.session.scalar(db.select(User))
    assert user.password_hash.startswith("$argon2id$")
    assert DEFAULT_PASSWORD not in user.password_hash


def test_registration_errors_keep_what_was_typed(client):
    response = _register(client, full_name="", email="priya at example")
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert "<title>Error: Create an account" in page
    assert "There is a problem" in page
    assert "Enter your full name" in page
    assert "Enter an email address in the correct format" in page
    assert 'value="priya at example"' in page
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 0


def test_common_passwords_are_refused(client):
    page = _register(client, password="password123").get_data(as_text=True)
    assert "This password is too common" in page


def test_short_passwords_are_refused_but_long_passphrases_allowed(client):
    assert "8 characters or more" in _register(client, password="kite7").get_data(as_text=True)
    response = _register(client, password="the purple kite flies over bromley market " * 5)
    assert "Check your email" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 1


def test_an_email_can_only_register_once_whatever_its_case(client):
    make_user(email="priya@example.org", full_name="The First Priya")
    _register(client, email="Priya@Example.org", full_name="Someone Else")
    people = db.session.scalars(db.select(User)).all()
    assert [(p.email, p.full_name) for p in people] == [("priya@example.org", "The First Priya")]


def test_sign_in_says_the_same_for_unknown_email_and_wrong_password(client, auth, member):
    wrong_password = auth.login(member.email, "not my password").get_data(as_text=True)
    unknown_email = auth.login("nobody@example.org", "not my password").get_data(as_text=True)

    message = "Your email address or password is not right"
    assert message in wrong_password
    assert message in unknown_email
    assert 'value="nobody@example.org"' in unknown_email


def test_sign_in_starts_a_fresh_session(client, auth, member):
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    response = auth.login(member.email)

    assert response.status_code == 302
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"] == member.session_token


def test_sign_in_goes_to_next_only_when_it_is_on_this_site(client, member):
    token = client.csrf_token()
    form = {"csrf_token": token, "email": member.email, "password": DEFAULT_PASSWORD}
    response = client.post("/login?next=https://evil.example/", data=form)
    assert response.headers["Location"] == "/account"

    client.post_form("/logout")
    form["csrf_token"] = client.csrf_token()
    response = client.post("/login?next=/privacy", data=form)
    assert response.headers["Location"] == "/privacy"


def test_disabled_accounts_cannot_sign_in(client, auth):
    user = make_user(email="gone@example.org", disabled=True)
    page = auth.login(user.email).get_data(as_text=True)
    assert "Your email address or password is not right" in page


def test_account_page_needs_sign_in(client):
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_signing_out_ends_every_session_of_that_person(app, auth, member):
    other_device = app.test_client()
    Auth = type(auth)
    Auth(other_device).login(member.email)
    auth.login(member.email)
    assert other_device.get("/account").status_code == 200

    response = auth.logout()

    assert response.status_code == 302
    assert auth.client.get("/account").status_code == 302
    assert other_device.get("/account").status_code == 302


def test_signing_out_deletes_the_remember_me_cookie(client, auth, member):
    auth.login(member.email, remember="y")
    response = auth.logout()
    cookies = response.headers.getlist("Set-Cookie")
    assert any(
        c.startswith("remember_token=;") and "Expires=Thu, 01 Jan 1970" in c for c in cookies
    )


def test_registering_an_email_taken_in_a_race_gives_a_clear_error(app, monkeypatch):
    from portal.accounts import services

    make_user(email="priya@example.org")
    # The other request registered between our check and our insert.
    monkeypatch.setattr(services, "find_user_by_email", lambda email: None)

    with pytest.raises(services.EmailAlreadyRegistered):
        services.register_user(
            email="priya@example.org", full_name="Priya", password=DEFAULT_PASSWORD
        )
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 1


def test_sign_out_link_asks_before_signing_out(client, auth, member):
    auth.login(member.email)
    page = client.get("/logout").get_data(as_text=True)
    assert "Do you want to sign out?" in page
    assert client.get("/account").status_code == 200


def test_changing_password_keeps_this_device_signed_in_and_ends_others(app, auth, member):
    other_device = app.test_client()
    type(auth)(other_device).login(member.email)
    auth.login(member.email)

    response = auth.client.post_form(
        "/account/password",
        {"current_password": DEFAULT_PASSWORD, "password": "a brand new passphrase"},
    )

    assert response.headers["Location"] == "/account"
    assert auth.client.get("/account").status_code == 200
    assert other_device.get("/account").status_code == 302
    auth.logout()
    assert auth.login(member.email, "a brand new passphrase").status_code == 302


def test_changing_password_needs_the_current_one(client, auth, member):
    auth.login(member.email)
    page = client.post_form(
        "/account/password", {"current_password": "wrong", "password": "a brand new passphrase"}
    ).get_data(as_text=True)
    assert "Your current password is not right" in page


def test_changing_password_emails_the_person(client, auth, member):
    from portal.outbox.models import OutboxMessage

    auth.login(member.email)
    client.post_form(
        "/account/password",
        {"current_password": DEFAULT_PASSWORD, "password": "a brand new passphrase"},
    )
    message = db.session.scalar(db.select(OutboxMessage))
    assert message.recipient == member.email
    assert message.subject == "Your password has been changed"


def test_remember_me_cookie_is_short_lived_and_http_only(client, auth, member):
    response = auth.login(member.email, remember="y")
    cookie = next(
        c for c in response.headers.getlist("Set-Cookie") if c.startswith("remember_token")
    )
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    expires = parsedate_to_datetime(re.search(r"Expires=([^;]+)", cookie).group(1))
    lifetime = expires - datetime.now(UTC)
    assert timedelta(days=13) < lifetime <= timedelta(days=14)  # not Flask-Login's 365


def test_session_cookie_is_http_only_and_same_site_lax(client, auth, member):
    response = auth.login(member.email)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_changing_to_the_same_password_is_refused(client, auth, member):
    auth.login(member.email)
    page = client.post_form(
        "/account/password", {"current_password": DEFAULT_PASSWORD, "password": DEFAULT_PASSWORD}
    ).get_data(as_text=True)
    assert "Choose a password different from your current one" in page


def test_staff_land_on_the_staff_console_after_signing_in(client, auth, staff_user):
    assert auth.login(staff_user.email).headers["Location"] == "/staff"
