"""The data rights pages of the account: "Your data" as a page and a file, and "Delete your
account"."""

import json
import time

import pytest
from markupsafe import escape
from sqlalchemy import select

from portal.accounts.models import User
from portal.events.models import Booking
from portal.extensions import db
from tests.conftest import Auth
from tests.personal_data import leave_a_footprint


@pytest.fixture
def priya(app):
    return leave_a_footprint("PRIYA1", email="priya@example.org", full_name="Priya Shah")


@pytest.fixture
def signed_in(client, auth, priya):
    auth.login(priya.person.email)
    return client


def _strings(value):
    if isinstance(value, str):
        yield from (line for line in value.splitlines() if line.strip())
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def test_the_account_page_links_to_your_data_and_deleting_your_account(signed_in):
    page = signed_in.get("/account").get_data(as_text=True)

    assert 'href="/account/your-data"' in page
    assert 'href="/account/delete"' in page


def test_your_data_needs_you_signed_in(client):
    for url in ("/account/your-data", "/account/your-data.json", "/account/delete"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/login?next="), url


def test_your_data_asks_for_the_password_again_after_a_while(signed_in):
    with signed_in.session_transaction() as session:
        session["password_confirmed_at"] = time.time() - 16 * 60

    for url in ("/account/your-data", "/account/your-data.json"):
        response = signed_in.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/confirm-password?next=")


def test_the_data_file_is_a_json_attachment_never_cached(signed_in):
    response = signed_in.get("/account/your-data.json")

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="bromley-autism-portal-data-')
    assert disposition.endswith('.json"')
    assert response.headers["Cache-Control"] == "no-store"
    assert json.loads(response.get_data(as_text=True))["account"]["Name"] == "Priya Shah"


def test_the_data_page_and_the_data_file_say_the_same(signed_in):
    data = json.loads(signed_in.get("/account/your-data.json").get_data(as_text=True))
    response = signed_in.get("/account/your-data")
    page = response.get_data(as_text=True)

    assert response.headers["Cache-Control"] == "no-store"
    for value in _strings({key: part for key, part in data.items() if key != "made_at"}):
        if value and value[:4].isdigit() and "T" in value:
            continue  # a date: the page writes it in words, London time
        assert str(escape(value)) in page, value
    for key, records in data.items():
        if isinstance(records, list) and records:
            heading = f"({len(records)})</h2>"
            assert heading in page.split(f'data-part="{key}"', 1)[1].split("\n", 1)[0], key


def test_the_data_page_gives_dates_in_words_and_answers_in_plain_english(signed_in):
    page = signed_in.get("/account/your-data").get_data(as_text=True)

    assert "Your bookings (2)" in page
    assert "A quiet space to go to" in page and "ages PRIYA1" in page
    assert "A carer is coming" in page and ">No<" in page.replace("\n", "").replace(" ", "")
    assert " at " in page  # "Sunday 6 December 2026 at 6pm"


def test_deleting_with_a_wrong_password_keeps_the_account(signed_in, priya):
    response = signed_in.post_form("/account/delete", {"password": "not my password"})

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Your password is not right" in page and "govuk-error-summary" in page
    account = db.session.get(User, priya.person.id)
    assert not account.is_erased and account.email == "priya@example.org"
    assert signed_in.get("/account").status_code == 200


def test_deleting_with_no_password_says_to_enter_it(signed_in, priya):
    response = signed_in.post_form("/account/delete", {"password": ""})

    assert response.status_code == 200
    assert "Enter your password" in response.get_data(as_text=True)
    assert not db.session.get(User, priya.person.id).is_erased


def test_the_delete_page_says_plainly_what_will_happen(signed_in):
    page = signed_in.get("/account/delete").get_data(as_text=True)

    assert "cancelled" in page and "waiting list" in page
    assert "You cannot undo this" in page
    assert "without your name" in page
    assert 'autocomplete="current-password"' in page


def test_deleting_your_account_erases_it_signs_you_out_and_says_so(app, signed_in, priya):
    other_device = app.test_client()
    Auth(other_device).login(priya.person.email)
    assert other_device.get("/account").status_code == 200

    response = signed_in.post_form("/account/delete", {"password": "correct horse battery"})

    assert response.status_code == 302
    assert response.headers["Location"] == "/account/deleted"
    page = signed_in.get("/account/deleted").get_data(as_text=True)
    assert "Your account has been deleted" in page
    assert db.session.get(User, priya.person.id).is_erased
    future = db.session.get(Booking, priya.future_booking.id)
    assert future.status == "cancelled" and future.user_id is None
    # Signed out here and on the other device; the old cookies open nothing.
    assert signed_in.get("/account").status_code == 302
    assert other_device.get("/account").status_code == 302
    # The confirmation is shown once, not to whoever opens the address later.
    assert signed_in.get("/account/deleted").headers["Location"] == "/"


def test_an_old_remember_me_cookie_no_longer_signs_in_after_deleting(app, client, priya):
    phone = app.test_client()
    Auth(phone).login(priya.person.email, remember="y")
    with phone.session_transaction() as session:
        session.clear()  # the browser was closed: only the remember-me cookie is left
    assert phone.get("/account").status_code == 200

    Auth(client).login(priya.person.email)
    client.post_form("/account/delete", {"password": "correct horse battery"})

    with phone.session_transaction() as session:
        session.clear()
    assert phone.get("/account").status_code == 302
    assert db.session.scalar(select(User.id).where(User.email == "priya@example.org")) is None
