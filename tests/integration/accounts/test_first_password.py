"""An account staff made when they booked by phone: no password until its owner creates one
with the link in their booking email (single use, for days), which also confirms the address.
Registering with that address sends the link again; signing in says what to do without telling
strangers which addresses have accounts."""

import re
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from argon2 import PasswordHasher

from portal.accounts.models import User
from portal.accounts.services import InvalidCredentials, authenticate
from portal.dates import utcnow
from portal.events.services import Party, book_by_phone
from portal.extensions import db
from portal.outbox.models import OutboxMessage
from portal.outbox.services import deliver_due
from tests.factories import DEFAULT_PASSWORD, make_event, make_user

LINK = re.compile(r"http://127\.0\.0\.1:5000(/account/create-password/[^\s\"]+)")
NEW_PASSWORD = "our family's own passphrase"
HINT = "If we booked a session for you by phone, you may not have a password yet."


@pytest.fixture
def phoned(app):
    """Staff booked for Casey by phone; Casey had no account."""
    staff = make_user(email="desk@example.org", role="staff")
    booking = book_by_phone(
        make_event(capacity=4),
        email="casey@example.org",
        full_name="Casey Caller",
        party=Party(adults=1),
        actor=staff,
        now=utcnow(),
    )
    db.session.commit()
    return booking


def _emails_to(recipient) -> list[OutboxMessage]:
    return db.session.scalars(
        db.select(OutboxMessage)
        .where(OutboxMessage.recipient == recipient)
        .order_by(OutboxMessage.id)
    ).all()


def _link(recipient="casey@example.org") -> str:
    return LINK.search(_emails_to(recipient)[-1].body_text).group(1)


def _without_tokens(page: str) -> str:
    page = re.sub(r'name="csrf-token" content="[^"]+"', "", page)
    page = re.sub(r"<input[^>]*csrf_token[^>]*>", "", page)
    return re.sub(r'nonce="[^"]+"', "", page)


def _person() -> User:
    return db.session.scalar(db.select(User).where(User.email == "casey@example.org"))


def test_an_account_made_by_phone_has_no_password_and_no_password_signs_in(phoned):
    person = _person()

    assert not person.has_password
    for guess in ("", "!none", DEFAULT_PASSWORD):
        with pytest.raises(InvalidCredentials):
            authenticate("casey@example.org", guess)


def test_the_booking_email_carries_the_create_password_link_through_real_smtp(
    app, phoned, smtp_server
):
    inbox, port = smtp_server
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)

    assert deliver_due().sent == 1

    email = message_from_bytes(inbox.messages[-1].content, policy=policy.default)
    assert email["To"] == "casey@example.org"
    assert email["Subject"].startswith("Booking confirmed")
    text = email.get_body(preferencelist=("plain",)).get_content()
    html = email.get_body(preferencelist=("html",)).get_content()
    assert "create your password" in text and LINK.search(text)
    assert "The link works once, for 14 days." in text
    assert LINK.search(html) and "Create your password" in html


def test_the_link_creates_the_password_confirms_the_address_and_opens_the_booking(client, phoned):
    path = _link()
    page = client.get(path).get_data(as_text=True)
    assert "Create your password" in page and "casey@example.org" in page

    response = client.post_form(path, {"password": NEW_PASSWORD})

    assert response.headers["Location"] == f"/bookings/{phoned.reference}"
    booking_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert phoned.reference in booking_page
    person = _person()
    assert person.has_password and person.email_confirmed_at is not None
    assert authenticate("casey@example.org", NEW_PASSWORD).id == person.id


def test_the_link_works_only_once(client, phoned):
    path = _link()
    client.post_form(path, {"password": NEW_PASSWORD})
    client.post_form("/logout")

    again = client.post_form(path, {"password": "someone else's passphrase"})

    assert again.status_code == 400
    assert "This link does not work" in again.get_data(as_text=True)
    assert authenticate("casey@example.org", NEW_PASSWORD).id == _person().id


def test_the_link_works_for_days_then_stops(app, client, phoned):
    path = _link()
    app.config["SET_PASSWORD_MAX_AGE"] = timedelta(days=14)
    assert client.get(path).status_code == 200

    app.config["SET_PASSWORD_MAX_AGE"] = timedelta(seconds=-1)
    expired = client.get(path)

    assert expired.status_code == 400
    assert "reset your password" in expired.get_data(as_text=True)
    assert not _person().has_password


def test_a_forged_link_gets_the_400_page(client, phoned):
    response = client.get(_link()[:-3] + "xyz")

    assert response.status_code == 400
    assert not _person().has_password


def test_a_weak_password_is_refused_and_the_link_still_works(client, phoned):
    path = _link()

    response = client.post_form(path, {"password": "password"})

    assert response.status_code == 200
    assert "too common" in response.get_data(as_text=True)
    assert client.get(path).status_code == 200


def test_registering_with_that_address_sends_the_link_again_not_already_registered(client, phoned):
    response = client.post_form(
        "/register",
        {"full_name": "Casey Caller", "email": "casey@example.org", "password": NEW_PASSWORD},
    )

    assert response.status_code == 200 and "Check your email" in response.get_data(as_text=True)
    latest = _emails_to("casey@example.org")[-1]
    assert latest.subject == "Create your password"
    assert LINK.search(latest.body_text)
    assert not _person().has_password  # what they typed on the form is not their password
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 2


def test_registering_answers_the_same_for_a_phone_account_and_a_new_address(client, phoned):
    def page(email):
        response = client.post_form(
            "/register", {"full_name": "Mallory", "email": email, "password": NEW_PASSWORD}
        )
        text = response.get_data(as_text=True)
        return _without_tokens(text).replace(email, "X")

    assert page("casey@example.org") == page("new@example.org")


def test_a_failed_sign_in_says_what_to_do_the_same_for_everyone(client, phoned, member):
    def failed(email):
        response = client.post_form("/login", {"email": email, "password": "a wrong guess"})
        assert response.status_code == 200
        text = response.get_data(as_text=True)
        return _without_tokens(text).replace(email, "X")

    phone_account, known, stranger = (
        failed("casey@example.org"),
        failed(member.email),
        failed("nobody@example.org"),
    )

    assert HINT in phone_account
    assert phone_account == known == stranger


def test_the_register_and_sign_in_pages_tell_a_family_booked_by_phone_what_to_do(client):
    sign_in = client.get("/login").get_data(as_text=True)
    register = client.get("/register").get_data(as_text=True)

    assert "Booked with us by phone?" in sign_in
    assert "Use the link in your booking email to create your password" in sign_in
    assert "Booked with us by phone? Then you already have an account." in register


def test_a_password_reset_also_gives_an_account_made_by_phone_its_first_password(client, phoned):
    client.post_form("/password-reset", {"email": "casey@example.org"})
    message = _emails_to("casey@example.org")[-1]
    path = re.search(r"http://127\.0\.0\.1:5000(/password-reset/\S+)", message.body_text).group(1)

    client.post_form(path, {"password": NEW_PASSWORD})

    person = _person()
    assert person.has_password and person.email_confirmed_at is not None
    assert LINK.search(_emails_to("casey@example.org")[0].body_text)  # the booking's link...
    assert client.get(_link_in(0)).status_code == 400  # ...now used up


def _link_in(index: int) -> str:
    return LINK.search(_emails_to("casey@example.org")[index].body_text).group(1)


def test_someone_with_a_password_booked_by_phone_gets_no_create_password_link(app):
    make_user(email="known@example.org")
    staff = make_user(email="desk@example.org", role="staff")

    book_by_phone(
        make_event(capacity=4),
        email="known@example.org",
        full_name="Kim Known",
        party=Party(adults=1),
        actor=staff,
        now=utcnow(),
    )
    db.session.commit()

    [confirmation] = _emails_to("known@example.org")
    assert "create-password" not in confirmation.body_text
    assert "create your password" not in confirmation.body_text


def test_a_sign_in_to_an_account_with_no_password_costs_a_hash_like_any_other(app, phoned):
    hashed = []

    class CountingHasher(PasswordHasher):
        def hash(self, password, **kwargs):
            hashed.append(password)
            return super().hash(password, **kwargs)

    config = app.config
    app.extensions["portal.password_hasher"] = CountingHasher(
        time_cost=config["ARGON2_TIME_COST"],
        memory_cost=config["ARGON2_MEMORY_COST"],
        parallelism=config["ARGON2_PARALLELISM"],
    )

    with pytest.raises(InvalidCredentials):
        authenticate("casey@example.org", "a guess")

    assert hashed == ["a guess"]  # as long as for an address with no account
