"""Email addresses: registering without revealing who has an account, confirming the address by
an emailed link (needed to book), and changing the name or the address."""

import re
from datetime import timedelta

from portal.accounts.models import User
from portal.dates import utcnow
from portal.extensions import db
from portal.outbox.models import OutboxMessage
from tests.factories import DEFAULT_PASSWORD, make_event, make_user

CONFIRM_LINK = re.compile(r"http://127\.0\.0\.1:5000(/account/confirm-email/[^\s]+)")
CHANGE_LINK = re.compile(r"http://127\.0\.0\.1:5000(/account/email/[^\s]+)")


def _register(client, next_url="", **fields):
    data = {"full_name": "Priya Shah", "email": "priya@example.org", "password": DEFAULT_PASSWORD}
    data.update(fields)
    return client.post_form("/register" + (f"?next={next_url}" if next_url else ""), data)


def _emails_to(recipient) -> list[OutboxMessage]:
    return db.session.scalars(
        db.select(OutboxMessage)
        .where(OutboxMessage.recipient == recipient)
        .order_by(OutboxMessage.id)
    ).all()


def _link(pattern, recipient) -> str:
    return pattern.search(_emails_to(recipient)[-1].body_text).group(1)


def _page_without_tokens(response) -> str:
    page = response.get_data(as_text=True)
    page = re.sub(r'name="csrf-token" content="[^"]+"', "", page)
    page = re.sub(r'nonce="[^"]+"', "", page)
    return page


def _person(email) -> User:
    return db.session.scalar(db.select(User).where(User.email == email))


# Registering ---------------------------------------------------------------------------------


def test_registering_a_taken_address_answers_exactly_as_for_a_new_one(app, client):
    make_user(email="taken@example.org", full_name="Tess Taken")
    taken = _register(client, email="taken@example.org", full_name="Mallory")
    new = _register(client, email="new@example.org", full_name="Mallory")

    assert taken.status_code == new.status_code == 200
    assert _page_without_tokens(taken).replace("taken@", "X@") == _page_without_tokens(new).replace(
        "new@", "X@"
    )
    assert "Tess Taken" not in taken.get_data(as_text=True)


def test_registering_a_taken_address_emails_its_owner_and_changes_nothing(client):
    owner = make_user(email="taken@example.org", full_name="Tess Taken")
    password_hash = owner.password_hash
    _register(client, email="Taken@Example.org", full_name="Mallory", password="another passphrase")

    [email] = _emails_to("taken@example.org")
    assert email.subject == "You already have an account"
    assert "Hello Tess Taken" in email.body_text
    assert "/password-reset" in email.body_text and "/login" in email.body_text
    owner = _person("taken@example.org")
    assert (owner.full_name, owner.password_hash) == ("Tess Taken", password_hash)


def test_registering_again_before_confirming_sends_a_fresh_link(client):
    _register(client)
    _register(client)
    emails = _emails_to("priya@example.org")
    assert [e.subject for e in emails] == ["Confirm your email address"] * 2
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 1


def test_a_weak_password_is_refused_the_same_way_for_a_taken_address(client):
    make_user(email="taken@example.org")
    taken = _register(client, email="taken@example.org", password="password123")
    new = _register(client, email="new@example.org", password="password123")
    for response in (taken, new):
        assert "This password is too common" in response.get_data(as_text=True)
    assert _emails_to("taken@example.org") == []


# Confirming ----------------------------------------------------------------------------------


def test_the_confirmation_link_confirms_signs_in_and_returns_to_the_booking(client):
    event = make_event()
    _register(client, next_url=f"/events/{event.id}/book/who")

    response = client.get(_link(CONFIRM_LINK, "priya@example.org"))

    assert response.status_code == 302
    assert response.headers["Location"] == f"/events/{event.id}/book/who"
    assert _person("priya@example.org").email_confirmed_at is not None
    assert client.get("/account").status_code == 200


def test_a_confirmation_link_signs_in_only_the_first_time(app, client):
    _register(client)
    link = _link(CONFIRM_LINK, "priya@example.org")
    client.get(link)
    client.post_form("/logout")

    again = app.test_client().get(link)

    assert again.status_code == 302
    assert again.headers["Location"].startswith("/login")


def test_a_forged_or_expired_confirmation_link_gets_a_clear_400_page(app, client):
    _register(client)
    link = _link(CONFIRM_LINK, "priya@example.org")

    forged = client.get(link[:-3] + "xyz")
    app.config["EMAIL_CONFIRMATION_MAX_AGE"] = timedelta(seconds=-1)
    expired = client.get(link)

    for response in (forged, expired):
        assert response.status_code == 400
        assert "This link does not work" in response.get_data(as_text=True)
    assert _person("priya@example.org").email_confirmed_at is None


def test_an_unconfirmed_person_can_sign_in_and_start_but_not_book(client, auth):
    from portal.events.models import Booking

    event = make_event()
    person = make_user(email="new@example.org", email_confirmed=False)
    auth.login(person.email)

    account = client.get("/account").get_data(as_text=True)
    assert "Confirm your email address before you book" in account
    client.post_form(
        f"/events/{event.id}/book/who", {"adults": "1", "children": "0", "carer": "no"}
    )
    client.post_form(f"/events/{event.id}/book/needs", {})
    check = client.get(f"/events/{event.id}/book/check").get_data(as_text=True)
    assert "Confirm your email address before you book" in check

    refused = client.post_form(f"/events/{event.id}/book/check", {"choice": "book"})

    assert refused.status_code == 409
    assert "We sent a link to new@example.org" in refused.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Booking)) == 0


def test_after_confirming_the_saved_answers_book_the_session(client, auth):
    from portal.events.models import Booking

    event = make_event()
    person = make_user(email="new@example.org", email_confirmed=False)
    auth.login(person.email)
    client.post_form(
        f"/events/{event.id}/book/who", {"adults": "1", "children": "1", "carer": "no"}
    )
    client.post_form(f"/events/{event.id}/book/needs", {})
    client.post_form(
        f"/account/confirm-email?next=/events/{event.id}/book/check", {}
    )  # "Send the link again" from the check page

    back = client.get(_link(CONFIRM_LINK, "new@example.org"))
    assert back.headers["Location"] == f"/events/{event.id}/book/check"
    booked = client.post_form(f"/events/{event.id}/book/check", {"choice": "book"})

    assert booked.status_code == 302
    booking = db.session.scalar(db.select(Booking))
    assert (booking.user_id, booking.children) == (person.id, 1)


def test_resetting_a_password_by_email_confirms_the_address(client):
    person = make_user(email="phoned@example.org", email_confirmed=False)
    client.post_form("/password-reset", {"email": person.email})
    link = re.search(
        r"http://127\.0\.0\.1:5000(/password-reset/\S+)", _emails_to(person.email)[-1].body_text
    ).group(1)

    client.post_form(link, {"password": "a brand new family passphrase"})

    assert _person(person.email).email_confirmed_at is not None


def test_staff_can_book_by_phone_for_a_caller_who_never_confirmed(app):
    from portal.events.services import Party, book_by_phone

    event = make_event()
    staff = make_user(role="staff")
    booking = book_by_phone(
        event,
        email="caller@example.org",
        full_name="Carla Caller",
        party=Party(adults=1, children=1),
        actor=staff,
        now=utcnow(),
    )
    db.session.commit()
    assert booking.status == "confirmed"
    assert _person("caller@example.org").email_confirmed_at is None


# Changing the name and the address ------------------------------------------------------------


def test_a_person_changes_their_name(client, auth, member):
    auth.login(member.email)
    form = client.get("/account/name").get_data(as_text=True)
    assert 'value="Jo Parent"' in form

    response = client.post_form("/account/name", {"full_name": "  Jo Parent-Smith "})

    assert response.headers["Location"] == "/account"
    assert _person(member.email).full_name == "Jo Parent-Smith"


def test_a_blank_name_is_refused_and_the_old_one_kept(client, auth, member):
    auth.login(member.email)
    page = client.post_form("/account/name", {"full_name": "   "}).get_data(as_text=True)
    assert "<title>Error: Change your name" in page
    assert "Enter your full name" in page
    assert _person(member.email).full_name == "Jo Parent"


def test_changing_the_address_takes_effect_only_when_the_new_one_is_confirmed(client, auth, member):
    auth.login(member.email)

    sent = client.post_form(
        "/account/email", {"email": "Jo.New@Example.org", "password": DEFAULT_PASSWORD}
    )

    assert "We have sent a link to <strong>jo.new@example.org</strong>" in sent.get_data(
        as_text=True
    )
    assert _person(member.email) is not None  # nothing changed yet
    changed = client.get(_link(CHANGE_LINK, "jo.new@example.org"))
    assert changed.headers["Location"] == "/account"
    person = db.session.get(User, member.id)
    assert person.email == "jo.new@example.org"
    assert person.email_confirmed_at is not None
    [told] = _emails_to("parent@example.org")
    assert told.subject == "Your email address has been changed"
    assert "jo.new@example.org" in told.body_text
    # The link was for the old address: it cannot be used again.
    assert client.get(_link(CHANGE_LINK, "jo.new@example.org")).status_code == 400


def test_changing_the_address_needs_the_password(client, auth, member):
    auth.login(member.email)
    page = client.post_form(
        "/account/email", {"email": "jo.new@example.org", "password": "not my password"}
    ).get_data(as_text=True)
    assert "Your password is not right" in page
    assert 'value="jo.new@example.org"' in page
    assert _emails_to("jo.new@example.org") == []


def test_changing_to_an_address_with_an_account_does_not_say_so_until_the_link(
    client, auth, member
):
    make_user(email="other@example.org", full_name="Olive Other")
    auth.login(member.email)
    sent = client.post_form(
        "/account/email", {"email": "other@example.org", "password": DEFAULT_PASSWORD}
    ).get_data(as_text=True)
    assert "We have sent a link" in sent and "Olive" not in sent

    refused = client.get(_link(CHANGE_LINK, "other@example.org"))

    assert refused.status_code == 409
    assert "already an account" in refused.get_data(as_text=True)
    assert db.session.get(User, member.id).email == "parent@example.org"


def test_an_unconfirmed_person_fixes_a_mistyped_address(client, auth):
    person = make_user(email="pryia@example.org", email_confirmed=False)
    auth.login(person.email)
    client.post_form("/account/email", {"email": "priya@example.org", "password": DEFAULT_PASSWORD})
    client.get(_link(CHANGE_LINK, "priya@example.org"))
    person = db.session.get(User, person.id)
    assert (person.email, person.email_confirmed) == ("priya@example.org", True)
