"""Admins answering a person who asks by phone or letter: a subject access request (download
their data) and erasing their account, each with a reason, a confirmation step and an audit
entry; staff who are not admins get neither."""

import json
import time

import pytest
from sqlalchemy import select

from portal.accounts.models import User
from portal.audit.models import AuditEntry
from portal.events.models import Booking
from portal.extensions import db
from tests.factories import make_user
from tests.personal_data import leave_a_footprint


@pytest.fixture
def priya(app):
    return leave_a_footprint("PRIYA1", email="priya@example.org", full_name="Priya Shah")


@pytest.fixture
def admin(app):
    return make_user(email="admin@example.org", role="admin", full_name="Ann Admin")


@pytest.fixture
def admin_client(client, auth, admin):
    auth.login(admin.email)
    return client


def _audit(action):
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


def test_the_persons_page_offers_both_to_admins(admin_client, priya):
    page = admin_client.get(f"/staff/people/{priya.person.id}").get_data(as_text=True)

    assert "Subject access request: download their data" in page
    assert f'href="/staff/people/{priya.person.id}/erase"' in page


@pytest.mark.parametrize("action", ["data", "erase"])
def test_staff_who_are_not_admins_are_refused(staff_client, priya, action):
    url = f"/staff/people/{priya.person.id}/{action}"

    assert staff_client.get(url).status_code == 403
    response = staff_client.post_form(url, {"reason": "Asked", "format": "file", "checked": "y"})
    assert response.status_code == 403
    assert not db.session.get(User, priya.person.id).is_erased
    assert _audit("subject access request") == _audit("account erased") == []


@pytest.mark.parametrize("action", ["data", "erase"])
def test_admins_are_asked_to_sign_in_again_after_a_while(admin_client, priya, action):
    with admin_client.session_transaction() as session:
        session["password_confirmed_at"] = time.time() - 16 * 60

    response = admin_client.get(f"/staff/people/{priya.person.id}/{action}")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/confirm-password?next=")


def test_a_subject_access_request_needs_a_reason(admin_client, priya):
    response = admin_client.post_form(
        f"/staff/people/{priya.person.id}/data", {"reason": "  ", "format": "file"}
    )

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Enter why you are downloading their data" in page and "govuk-error-summary" in page
    assert _audit("subject access request") == []


def test_a_subject_access_request_gives_their_data_as_a_file_and_is_recorded(
    admin_client, admin, priya
):
    response = admin_client.post_form(
        f"/staff/people/{priya.person.id}/data",
        {"reason": "Asked by letter on 3 March", "format": "file"},
    )

    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["Email address"] == "priya@example.org"
    assert any(b["Anything else that would help"] == "note PRIYA1" for b in data["bookings"])
    [entry] = _audit("subject access request")
    assert (entry.actor_id, entry.target_id) == (admin.id, priya.person.id)
    assert entry.summary == "Asked by letter on 3 March"


def test_a_subject_access_request_can_give_a_page_to_print(admin_client, priya):
    response = admin_client.post_form(
        f"/staff/people/{priya.person.id}/data",
        {"reason": "Phoned and asked for a printed copy", "format": "page"},
    )

    page = response.get_data(as_text=True)
    assert "Data we hold about Priya Shah" in page
    assert "future note PRIYA1" in page and "helped PRIYA1" in page
    assert response.headers["Cache-Control"] == "no-store"
    assert len(_audit("subject access request")) == 1


def test_erasing_for_someone_needs_a_reason_and_a_check(admin_client, priya):
    response = admin_client.post_form(f"/staff/people/{priya.person.id}/erase", {"reason": ""})

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Enter why you are erasing their account" in page
    assert "Confirm you have checked this is the person who asked" in page
    assert not db.session.get(User, priya.person.id).is_erased
    assert _audit("account erased") == []


def test_the_erase_page_says_what_will_happen_before_anything_does(admin_client, priya):
    page = admin_client.get(f"/staff/people/{priya.person.id}/erase").get_data(as_text=True)

    assert "This cannot be undone" in page and "cancelled" in page
    assert not db.session.get(User, priya.person.id).is_erased


def test_erasing_for_someone_erases_their_account_and_is_recorded(admin_client, admin, priya):
    response = admin_client.post_form(
        f"/staff/people/{priya.person.id}/erase",
        {"reason": "Asked by letter on 3 March", "checked": "y"},
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/people"
    person = db.session.get(User, priya.person.id)
    assert person.is_erased
    assert db.session.get(Booking, priya.future_booking.id).status == "cancelled"
    [entry] = _audit("account erased")
    assert (entry.actor_id, entry.target_id) == (admin.id, priya.person.id)
    assert entry.summary == "Asked by letter on 3 March"
    assert "Priya" not in entry.summary and "priya@" not in entry.summary
    page = admin_client.get(f"/staff/people/{person.id}").get_data(as_text=True)
    assert "This account was erased on" in page and "priya@example.org" not in page
    assert admin_client.get(f"/staff/people/{person.id}/erase").status_code == 404


def test_an_erased_account_cannot_be_given_a_role_again(admin_client, admin, priya):
    admin_client.post_form(
        f"/staff/people/{priya.person.id}/erase", {"reason": "Asked", "checked": "y"}
    )

    admin_client.post_form(f"/staff/people/{priya.person.id}", {"role": "admin", "disabled": ""})

    person = db.session.get(User, priya.person.id)
    assert (person.role, person.disabled) == ("member", True)


def test_admins_cannot_erase_themselves_from_the_staff_console(admin_client, admin):
    make_user(email="admin2@example.org", role="admin")
    page = admin_client.get(f"/staff/people/{admin.id}").get_data(as_text=True)
    assert f'href="/staff/people/{admin.id}/erase"' not in page
    assert "You cannot erase your own account here" in page

    response = admin_client.post_form(
        f"/staff/people/{admin.id}/erase", {"reason": "Testing", "checked": "y"}
    )

    assert response.status_code == 200
    assert "You cannot erase your own account here" in response.get_data(as_text=True)
    assert not db.session.get(User, admin.id).is_erased
