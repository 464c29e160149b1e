"""With JavaScript on, an htmx request that the server refuses shows the refusal: htmx swaps
nothing for a 4xx answer by itself, so the portal's script shows the error page whole."""

import re

from portal.dates import utcnow
from portal.events.models import Booking
from portal.events.services import cancel_booking
from portal.extensions import db
from tests.e2e.sign_in import sign_in
from tests.factories import make_booking, make_event, make_user


def test_a_tap_on_the_register_for_a_family_who_cancelled_meanwhile_says_so(open_page, live_server):
    with live_server.app.app_context():
        make_user(email="staff@example.org", full_name="Sam Staff", role="staff")
        event = make_event()
        booking = make_booking(event, make_user(full_name="Priya Shah"))
        event_id, booking_id = event.id, booking.id
        db.session.remove()

    door = open_page(width=390, javascript=True)
    sign_in(door, live_server, "staff@example.org")
    door.goto(f"/staff/sessions/{event_id}/register")

    # The family cancels while the register is open on the phone.
    with live_server.app.app_context():
        cancel_booking(db.session.get(Booking, booking_id), now=utcnow())
        db.session.commit()
        db.session.remove()
    door.page.get_by_role("button", name=re.compile(r"^Arrived\W+Priya Shah$")).click()

    heading = door.page.get_by_role("heading", name="This family is no longer on the register")
    heading.wait_for()
    assert door.page.title().startswith("This family is no longer on the register")
    assert door.page.evaluate("document.activeElement.tagName") == "H1"
    door.check()
    door.screenshot("register-refusal")
