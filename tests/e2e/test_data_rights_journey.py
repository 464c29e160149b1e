"""A parent on a 320 px phone sees and downloads everything held about them, then deletes
their account: a wrong password first, then the right one. Their place goes to the waiting
family. axe checks every page, with JavaScript on and off."""

import json
from datetime import timedelta
from pathlib import Path

import pytest

from portal.events.models import Booking
from portal.extensions import db
from tests.e2e.sign_in import sign_in
from tests.factories import make_booking, make_event, make_user

PASSWORD = "correct horse battery"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_parent_downloads_their_data_and_deletes_their_account(
    open_page, live_server, javascript
):
    with live_server.app.app_context():
        event = make_event(capacity=2, title="Through their eyes", starts_in=timedelta(days=6))
        past = make_event(title="Calm at the shops", starts_in=timedelta(days=-20))
        priya = make_user(email="priya@example.org", full_name="Priya Shah")
        booking = make_booking(
            event,
            priya,
            children=1,
            adjustments=["quiet-space"],
            note="He likes to hold a soft toy",
        )
        booking.children_ages = "7"
        make_booking(past, priya, now=past.starts_at - timedelta(days=2))
        waiting = make_booking(
            event, make_user(email="sam@example.org", full_name="Sam Waiting"), waiting=True
        )
        db.session.commit()
        booking_id, waiting_id = booking.id, waiting.id
        db.session.remove()

    checked = open_page(width=320, javascript=javascript)
    page = checked.page
    checked.goto("/login")
    page.get_by_label("Email address").fill("priya@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Your account").wait_for()
    checked.check()

    page.get_by_role("link", name="See or download your data").click()
    page.get_by_role("heading", name="Your data", exact=True).wait_for()
    checked.check()
    assert page.get_by_role("heading", name="Your bookings (2)").is_visible()
    assert page.get_by_text("He likes to hold a soft toy").is_visible()
    assert page.get_by_text("A quiet space to go to").is_visible()
    checked.screenshot("your-data")

    with page.expect_download() as download:
        page.get_by_role("button", name="Download your data as a file").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["account"]["Email address"] == "priya@example.org"
    assert {b["Session"] for b in data["bookings"]} == {"Through their eyes", "Calm at the shops"}

    page.get_by_role("link", name="delete your account").click()
    page.get_by_role("heading", name="Delete your account").wait_for()
    checked.check()
    checked.screenshot("delete")

    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Delete my account").click()
    page.locator(".govuk-error-summary").wait_for()
    checked.check()
    assert page.title().startswith("Error: ")
    checked.screenshot("delete-wrong-password")

    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    page.get_by_role("heading", name="Your account has been deleted").wait_for()
    checked.check()
    checked.screenshot("deleted")

    checked.goto("/account")
    assert page.get_by_role("heading", name="Sign in").is_visible()
    with live_server.app.app_context():
        assert db.session.get(Booking, booking_id).status == "cancelled"
        assert db.session.get(Booking, waiting_id).status == "confirmed"
        db.session.remove()


def test_an_admin_answers_a_request_by_letter(open_page, live_server):
    with live_server.app.app_context():
        make_user(email="admin@example.org", role="admin", full_name="Ann Admin")
        person = make_user(email="kai@example.org", full_name="Kai Parent")
        make_booking(make_event(), person, adjustments=["breaks"], note="Needs to move about")
        person_id = person.id
        db.session.remove()

    checked = open_page(width=1280)
    page = checked.page
    sign_in(checked, live_server, "admin@example.org", PASSWORD)
    page.wait_for_url("**/staff")
    checked.goto(f"/staff/people/{person_id}")

    page.get_by_role("link", name="Subject access request: download their data").click()
    checked.check()
    page.get_by_role("button", name="Download their data").click()
    page.locator(".govuk-error-summary").wait_for()
    checked.check()
    page.get_by_label("Why are you downloading their data?").fill("Asked by letter on 3 March")
    page.get_by_label("A page to print, or save as a PDF").check()
    page.get_by_role("button", name="Download their data").click()
    page.get_by_role("heading", name="Data we hold about Kai Parent").wait_for()
    checked.check()
    assert page.get_by_text("Needs to move about").is_visible()

    checked.goto(f"/staff/people/{person_id}/erase")
    page.get_by_role("button", name="Erase their account").click()
    page.locator(".govuk-error-summary").wait_for()
    checked.check()
    page.get_by_label("Why are you erasing their account?").fill("Asked by letter on 3 March")
    page.get_by_label("I have checked this is the person who asked").check()
    page.get_by_role("button", name="Erase their account").click()
    page.get_by_text(f"Account {person_id} has been erased").wait_for()
    checked.check()
    checked.screenshot("erased")
