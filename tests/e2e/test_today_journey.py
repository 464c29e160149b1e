"""A busy morning on a 390 px phone: staff open today's register from the console home in one
tap, read what would help (they lead the session), and add a walk-in who shows as arrived; a
walk-in on the now full session is refused with its answers kept, with JavaScript on (htmx)
and off. Nothing scrolls sideways at 320 px, and axe finds nothing."""

import re
from datetime import timedelta

from portal.dates import london_day_start, utcnow
from portal.extensions import db
from tests.e2e.sign_in import sign_in
from tests.e2e.test_staff_console_narrow import NARROW, _fits
from tests.factories import make_booking, make_event, make_user

FULL = "This session is full: there are not enough places left for this party"


def _walk_in(checked, name: str, *, phone: str = "", children: str = "0") -> None:
    page = checked.page
    page.get_by_label("Name of the lead person").fill(name)
    page.get_by_label("Phone number (optional)").fill(phone)
    page.get_by_label("Adults", exact=True).fill("1")
    page.get_by_label("Children", exact=True).fill(children)
    page.get_by_role("button", name="Add and mark arrived").click()


def test_staff_open_todays_register_in_one_tap_and_add_a_walk_in(open_page, live_server):
    with live_server.app.app_context():
        lead = make_user(email="staff@example.org", full_name="Sam Staff", role="staff")
        starts_at = london_day_start(utcnow()) + timedelta(minutes=1)  # today, whenever run
        event = make_event(
            title="Through their eyes: a trip to the shops",
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2),
            capacity=4,
            leads=[lead],
        )
        the_day_before = starts_at - timedelta(days=1)
        make_booking(
            event,
            make_user(full_name="Priya Shah"),
            note="Loud beeps upset him",
            now=the_day_before,
        )
        make_booking(event, make_user(full_name="Tom Lee"), now=the_day_before)
        event_id = event.id
        db.session.remove()

    phone = open_page(width=NARROW)
    page = phone.page
    sign_in(phone, live_server, "staff@example.org")
    assert page.get_by_role("heading", name=re.compile(r"^Today, ")).is_visible()
    _fits(phone)
    phone.screenshot("console-home")

    page.get_by_role("link", name=re.compile(r"^Open register")).click()  # one tap
    phone.check()
    assert page.url.endswith(f"/staff/sessions/{event_id}/register")
    assert page.get_by_text("Loud beeps upset him").is_visible()
    _fits(phone)

    _walk_in(phone, "Wally Walker", phone="07700 900 982", children="1")
    page.get_by_text("Wally Walker added and marked arrived.").wait_for()
    phone.check()
    row = page.locator("li.portal-register__row", has_text="Wally Walker")
    assert row.get_by_text(re.compile(r"^Arrived \d")).is_visible()
    assert page.get_by_text("1 of 3").is_visible()
    _fits(phone)
    phone.screenshot("walk-in-added")

    # The session is now full (4 places): the next walk-in is refused, answers kept.
    _walk_in(phone, "One Toomany")
    page.get_by_role("link", name=FULL).wait_for()
    phone.check()
    assert page.title().startswith("Error: ")
    assert page.get_by_label("Name of the lead person").input_value() == "One Toomany"
    _fits(phone)
    phone.screenshot("walk-in-refused")

    # A 320 px phone with JavaScript off: the console home and the register fit, and the
    # refused walk-in shows its errors all the same.
    small = open_page(width=320, javascript=False)
    sign_in(small, live_server, "staff@example.org")
    _fits(small)
    small.goto(f"/staff/sessions/{event_id}/register")
    _fits(small)
    _walk_in(small, "Sally Second")
    small.check()
    assert small.page.get_by_role("link", name=FULL).is_visible()
    assert small.page.get_by_label("Name of the lead person").input_value() == "Sally Second"
    _fits(small)
    small.screenshot("walk-in-refused-no-js")
