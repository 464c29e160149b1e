"""Password reset by an emailed, single-use, expiring link."""

import re
from datetime import timedelta

from portal.extensions import db
from portal.outbox.models import OutboxMessage
from tests.factories import make_user

LINK = re.compile(r"http://127\.0\.0\.1:5000(/password-reset/[^\s]+)")


def _request_reset(client, email):
    return client.post_form("/password-reset", {"email": email})


def _emailed_path(recipient) -> str:
    message = db.session.scalar(
        db.select(OutboxMessage).where(OutboxMessage.recipient == recipient)
    )
    return LINK.search(message.body_text).group(1)


def test_reset_page_says_the_same_whether_or_not_the_email_has_an_account(client, member):
    known = _request_reset(client, member.email).get_data(as_text=True)
    unknown = _request_reset(client, "nobody@example.org").get_data(as_text=True)

    assert "Check your email" in known
    assert "Check your email" in unknown
    recipients = db.session.scalars(db.select(OutboxMessage.recipient)).all()
    assert recipients == [member.email]


def test_reset_email_has_a_link_on_the_public_address_not_the_request_host(client, member):
    evil = "http://evil.example"
    page = client.get("/password-reset", base_url=evil).get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    client.post("/password-reset", data={"csrf_token": token, "email": member.email}, base_url=evil)
    message = db.session.scalar(db.select(OutboxMessage))
    assert "evil.example" not in message.body_text
    assert "http://127.0.0.1:5000/password-reset/" in message.body_text
    assert "http://127.0.0.1:5000/password-reset/" in message.body_html


def test_reset_link_sets_a_new_password(client, auth, member):
    _request_reset(client, member.email)
    path = _emailed_path(member.email)

    response = client.post_form(path, {"password": "my new long passphrase"})

    assert response.headers["Location"] == "/login"
    assert auth.login(member.email, "my new long passphrase").status_code == 302


def test_reset_link_works_only_once(client, member):
    _request_reset(client, member.email)
    path = _emailed_path(member.email)
    client.post_form(path, {"password": "my new long passphrase"})

    second = client.post_form(path, {"password": "another long passphrase"})

    assert second.status_code == 400
    assert "This link does not work" in second.get_data(as_text=True)


def test_reset_link_expires(app, client, member):
    _request_reset(client, member.email)
    path = _emailed_path(member.email)
    app.config["PASSWORD_RESET_MAX_AGE"] = timedelta(seconds=-1)

    response = client.get(path)

    assert response.status_code == 400
    assert "expired or has already been used" in response.get_data(as_text=True)


def test_a_forged_reset_link_does_not_work(client, member):
    response = client.get("/password-reset/not-a-real-token")
    assert response.status_code == 400


def test_resetting_signs_out_every_existing_session(app, auth, member):
    auth.login(member.email)
    browser = app.test_client()
    _request_reset(browser, member.email)

    browser.post_form(_emailed_path(member.email), {"password": "my new long passphrase"})

    assert auth.client.get("/account").status_code == 302


def test_reset_keeps_the_password_rules(client, member):
    _request_reset(client, member.email)
    page = client.post_form(_emailed_path(member.email), {"password": "qwerty123"})
    assert "too common" in page.get_data(as_text=True)


def test_disabled_accounts_get_no_reset_email(client):
    user = make_user(email="gone@example.org", disabled=True)
    _request_reset(client, user.email)
    assert db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage)) == 0


def test_resetting_tells_the_person_by_email(client, member):
    _request_reset(client, member.email)
    client.post_form(_emailed_path(member.email), {"password": "my new long passphrase"})
    subjects = db.session.scalars(db.select(OutboxMessage.subject)).all()
    assert "Your password has been changed" in subjects
