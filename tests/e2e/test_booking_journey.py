"""A parent, with the keyboard only, on a 320 px screen, books places for two adults and a
child, gets the email, finds the booking in their account and cancels it; a waiting family is
then booked automatically and emailed. axe checks every page."""

from email import message_from_bytes, policy

from portal.events.models import Booking, RunningOrderItem
from portal.extensions import db
from portal.outbox.services import deliver_due
from tests.factories import make_booking, make_event, make_user


def tab_to(page, locator, *, limit: int = 80) -> None:
    """Press Tab until the element has focus, as a keyboard user would."""
    target = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(el) => document.activeElement === el", target):
            return
    raise AssertionError(f"could not reach {locator} with the Tab key")


def enter(page) -> None:
    """Press Enter on a link or button and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _deliver(live_server, inbox) -> list:
    with live_server.app.app_context():
        deliver_due()
        db.session.remove()
    return [message_from_bytes(e.content, policy=policy.default) for e in inbox.messages]


def test_keyboard_only_booking_on_a_phone(open_page, live_server, smtp_server):
    inbox, _ = smtp_server
    with live_server.app.app_context():
        event = make_event(capacity=4, title="Through their eyes")
        event.running_order = [
            RunningOrderItem(position=1, minutes_from_start=0, title="Arrive and settle in")
        ]
        make_user(email="priya@example.org", full_name="Priya Shah")
        other = make_booking(event, adults=1)
        make_user(email="waiting@example.org", full_name="Sam Waiting")
        db.session.commit()
        event_id, other_id = event.id, other.id
        db.session.remove()

    checked = open_page(width=320)
    page = checked.page
    checked.goto("/events")
    tab_to(page, page.get_by_role("link", name="Through their eyes"))
    enter(page)
    checked.check()
    tab_to(page, page.get_by_role("button", name="Book a place"))
    enter(page)
    checked.check()

    # Not signed in yet: sign in inside the journey and come straight back to it.
    tab_to(page, page.get_by_role("link", name="Sign in").last)
    enter(page)
    checked.check()
    tab_to(page, page.get_by_label("Email address"))
    page.keyboard.type("priya@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("correct horse battery")
    tab_to(page, page.get_by_role("button", name="Sign in"))
    enter(page)
    page.get_by_role("heading", name="Who is coming?").wait_for()
    checked.check()

    tab_to(page, page.get_by_label("How many adults are coming?"))
    page.keyboard.type("2")
    tab_to(page, page.get_by_label("How many children or young people are coming?"))
    page.keyboard.type("1")
    # In a group of radios, Tab reaches the first and the arrow keys choose.
    tab_to(page, page.get_by_label("Yes", exact=True))
    page.keyboard.press("ArrowRight")
    assert page.get_by_label("No", exact=True).is_checked()
    tab_to(page, page.get_by_role("button", name="Continue"))
    enter(page)
    page.get_by_role("heading", name="What would help on the day?").wait_for()
    checked.check()
    checked.screenshot("needs")

    tab_to(page, page.get_by_role("button", name="Continue"))
    enter(page)
    page.get_by_role("heading", name="Check your answers").wait_for()
    checked.check()
    assert "2 adults, 1 child (3 places)" in page.content()
    checked.screenshot("check")
    tab_to(page, page.get_by_role("button", name="Confirm booking"))
    enter(page)
    page.get_by_role("heading", name="Booking confirmed").wait_for()
    checked.check()
    checked.screenshot("confirmed")

    with live_server.app.app_context():
        booking = db.session.scalar(
            db.select(Booking).join(Booking.user).where(Booking.places == 3)
        )
        reference = booking.reference
        db.session.remove()
    assert reference in page.content()
    [confirmation] = [m for m in _deliver(live_server, inbox) if reference in m["Subject"]]
    assert confirmation["To"] == "priya@example.org"
    text = confirmation.get_body(preferencelist=("plain",)).get_content()
    assert "Arrive and settle in" in text
    attachments = [part.get_filename() for part in confirmation.iter_attachments()]
    assert attachments == ["session.ics"]

    # Now the session is full, another family joins the waiting list.
    with live_server.app.app_context():
        from portal.accounts.services import find_user_by_email
        from portal.events.models import Event

        waiting = make_booking(
            db.session.get(Event, event_id),
            find_user_by_email("waiting@example.org"),
            adults=2,
            waiting=True,
        )
        assert waiting.status == "waiting"
        db.session.remove()

    tab_to(page, page.get_by_role("link", name="View your booking"))
    enter(page)
    checked.check()
    tab_to(page, page.get_by_role("link", name="Cancel this booking"))
    enter(page)
    checked.check()
    tab_to(page, page.get_by_role("button", name="Yes, cancel my booking"))
    enter(page)
    page.get_by_text("has been cancelled").wait_for()
    checked.check()
    checked.screenshot("cancelled")

    messages = _deliver(live_server, inbox)
    promoted = [m for m in messages if m["Subject"].startswith("A place is yours")]
    assert [m["To"] for m in promoted] == ["waiting@example.org"]
    with live_server.app.app_context():
        waiting_status = db.session.scalar(
            db.select(Booking.status).join(Booking.user).where(Booking.places == 2)
        )
        other_status = db.session.get(Booking, other_id).status
        db.session.remove()
    assert waiting_status == "confirmed"
    assert other_status == "confirmed"


def _type_over(page, locator, text: str) -> None:
    """Tab to a box, select what is in it and type over it, as a keyboard user would."""
    tab_to(page, locator)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def test_keyboard_only_the_pages_know_your_booking_and_you_can_change_it(
    open_page, live_server, smtp_server
):
    """At 320 px with the keyboard: book, see "You have booked" on the session page, change
    the party and get the updated email (calendar file under the same UID, higher SEQUENCE);
    then a full session offers another date of the same training, from its first step."""
    import icalendar

    from tests.e2e.sign_in import sign_in

    inbox, _ = smtp_server
    with live_server.app.app_context():
        from datetime import timedelta

        event = make_event(capacity=6, title="Through their eyes")
        full = make_event(capacity=1, title="Through their eyes", starts_in=timedelta(days=10))
        later = make_event(capacity=8, title="Through their eyes", starts_in=timedelta(days=20))
        make_booking(full, adults=1)
        make_user(email="priya@example.org", full_name="Priya Shah")
        event_id, full_id, later_id = event.id, full.id, later.id
        db.session.remove()

    checked = open_page(width=320)
    page = checked.page
    sign_in(checked, live_server, "priya@example.org")
    checked.goto(f"/events/{event_id}")
    tab_to(page, page.get_by_role("button", name="Book a place"))
    enter(page)
    page.get_by_role("heading", name="Who is coming?").wait_for()
    checked.check()
    _type_over(page, page.get_by_label("How many adults are coming?"), "1")
    _type_over(page, page.get_by_label("How many children or young people are coming?"), "1")
    tab_to(page, page.get_by_label("Yes", exact=True))
    page.keyboard.press("ArrowRight")
    tab_to(page, page.get_by_role("button", name="Continue"))
    enter(page)
    tab_to(page, page.get_by_role("button", name="Continue"))
    enter(page)
    tab_to(page, page.get_by_role("button", name="Confirm booking"))
    enter(page)
    page.get_by_role("heading", name="Booking confirmed").wait_for()
    checked.check()

    # The session page now knows: no "Book a place", but what you have and a way to it.
    tab_to(page, page.get_by_role("link", name="Read what will happen at the session"))
    enter(page)
    checked.check()
    assert page.get_by_text("You have booked 2 places.").is_visible()
    assert page.get_by_role("button", name="Book a place").count() == 0
    checked.screenshot("session-booked")
    tab_to(page, page.get_by_role("link", name="See or change your booking"))
    enter(page)
    checked.check()

    # Change the party: one more adult.
    tab_to(page, page.get_by_role("link", name="Change who is coming"))
    enter(page)
    page.get_by_role("heading", name="Change who is coming").wait_for()
    checked.check()
    _type_over(page, page.get_by_label("How many adults are coming?"), "2")
    checked.screenshot("change-who")
    tab_to(page, page.get_by_role("button", name="Save changes"))
    enter(page)
    page.get_by_text("Who is coming has been changed.").wait_for()
    checked.check()
    assert "2 adults, 1 child" in page.content()
    checked.screenshot("booking-changed")

    messages = _deliver(live_server, inbox)
    confirmed, changed = [m for m in messages if m["To"] == "priya@example.org"]
    assert changed["Subject"].startswith("Booking changed: Through their eyes")
    assert "2 adults, 1 child" in changed.get_body(preferencelist=("plain",)).get_content()
    calendars = [
        icalendar.Calendar.from_ical(next(m.iter_attachments()).get_content()).walk("VEVENT")[0]
        for m in (confirmed, changed)
    ]
    assert calendars[0]["uid"] == calendars[1]["uid"]
    assert calendars[0].get("sequence", 0) < calendars[1]["sequence"]

    # A full session says so, and offers another date of the same training.
    checked.goto(f"/events/{full_id}")
    assert page.get_by_text("This session is full.").first.is_visible()
    checked.screenshot("full-session")
    tab_to(page, page.get_by_role("button", name="Join the waiting list"))
    enter(page)
    page.get_by_role("heading", name="Who is coming?").wait_for()
    checked.check()
    assert page.get_by_text("This session is full.").is_visible()
    checked.screenshot("full-first-step")
    tab_to(page, page.locator(f'#other-dates ~ ul a[href="/events/{later_id}"]'))
    enter(page)
    checked.check()
    assert page.url.endswith(f"/events/{later_id}")
    assert page.get_by_role("button", name="Book a place").is_visible()

    desktop = open_page(width=1280)
    sign_in(desktop, live_server, "priya@example.org")
    desktop.goto(f"/events/{event_id}")
    desktop.screenshot("session-booked")
    desktop.goto(f"/events/{full_id}")
    desktop.screenshot("full-session")
    desktop.goto("/events")
    desktop.screenshot("sessions-list")
