"""Staff set up a weekly series and run it: a parent books, staff see who is coming and what
would help, tick them in on a phone with one tap, then move the session and the parent is told.
axe checks every staff page."""

import re
from datetime import timedelta
from email import message_from_bytes, policy

from PIL import Image

from portal.dates import LONDON, utcnow
from portal.events.models import Event
from portal.extensions import db
from portal.outbox.services import deliver_due
from tests.e2e.sign_in import sign_in
from tests.factories import make_user


def test_staff_run_a_weekly_series_from_set_up_to_the_register(
    open_page, live_server, smtp_server, tmp_path
):
    inbox, _ = smtp_server
    with live_server.app.app_context():
        make_user(email="staff@example.org", full_name="Sam Staff", role="staff")
        make_user(email="priya@example.org", full_name="Priya Shah")
        db.session.remove()

    staff = open_page(width=1280)
    page = staff.page
    sign_in(staff, live_server, "staff@example.org")
    assert page.get_by_role("heading", name="Staff console").is_visible()

    # A venue, with one photo for its visual story.
    page.get_by_role("link", name="Venues").click()
    staff.check()
    page.get_by_role("button", name="Add a venue").click()
    staff.check()
    page.get_by_label("Name").fill("Bromley Civic Centre")
    page.get_by_label("Address").fill("Stockwell Close, Bromley")
    page.get_by_label("Postcode").fill("BR1 3UH")
    page.get_by_label("Quiet space").fill("A quiet room next door")
    page.get_by_role("button", name="Save venue").click()
    staff.check()
    photo = tmp_path / "door.png"
    Image.new("RGB", (64, 40), (91, 42, 134)).save(photo)
    page.get_by_label("Photo (JPEG or PNG)").set_input_files(str(photo))
    page.get_by_label("Describe the photo").fill("The front doors, with a purple sign")
    page.get_by_role("button", name="Add photo").click()
    staff.check()
    assert page.get_by_alt_text("The front doors, with a purple sign").is_visible()

    # A weekly series of four.
    first_day = (utcnow() + timedelta(days=14)).astimezone(LONDON).date()
    staff.goto("/staff/sessions/new")
    page.get_by_label("Title").fill("Through their eyes")
    page.get_by_label("Summary").fill("A trip to the shops, through a child's eyes.")
    page.get_by_label("Full description").fill("For parents and carers.")
    page.get_by_label("Day", exact=True).fill(str(first_day.day))
    page.get_by_label("Month", exact=True).fill(str(first_day.month))
    page.get_by_label("Year", exact=True).fill(str(first_day.year))
    page.get_by_label("Start time").fill("18:00")
    page.get_by_label("End time").fill("20:00")
    page.get_by_label("Places").fill("10")
    page.get_by_label("What will happen").fill("18:00 Arrive\n18:20 Scene 1: the shop (loud)")
    page.get_by_label("Every week").check()
    page.get_by_label("How many sessions in the series").fill("4")
    page.get_by_role("button", name="Save as draft").click()
    staff.check()
    assert "4 draft sessions created" in page.content()

    with live_server.app.app_context():
        ids = db.session.scalars(db.select(Event.id).order_by(Event.starts_at)).all()
        db.session.remove()
    assert len(ids) == 4
    for event_id in ids:
        staff.goto(f"/staff/sessions/{event_id}")
        page.get_by_role("button", name="Publish").click()
        staff.check()
        assert "Published" in page.content()

    # A parent books the first one, saying what would help.
    parent = open_page(width=320)
    sign_in(parent, live_server, "priya@example.org")
    parent.goto(f"/events/{ids[0]}/book")
    parent.page.get_by_label("How many adults are coming?").fill("1")
    parent.page.get_by_label("How many children or young people are coming?").fill("1")
    parent.page.get_by_label("No", exact=True).check()
    parent.page.get_by_role("button", name="Continue").click()
    parent.page.get_by_label("A quiet space to go to").check()
    parent.page.get_by_label("Anything else that would help").fill("Loud beeps upset him")
    parent.page.get_by_label("I agree that the staff who lead this session").check()
    parent.page.get_by_role("button", name="Continue").click()
    parent.page.get_by_role("button", name="Confirm booking").click()
    parent.page.get_by_role("heading", name="Booking confirmed").wait_for()

    # Staff see the booking and, when they ask, what would help.
    staff.goto(f"/staff/sessions/{ids[0]}")
    assert page.get_by_role("cell", name="Priya Shah").is_visible()
    page.get_by_role("link", name="See what would help each family").click()
    staff.check()
    assert "Loud beeps upset him" in page.content()

    # On the day, on a phone: one tap, no reload.
    door = open_page(width=390)
    sign_in(door, live_server, "staff@example.org")
    door.goto(f"/staff/sessions/{ids[0]}/register")
    door.page.evaluate("window.notReloaded = true")
    door.page.get_by_role("button", name=re.compile(r"^Arrived\W+Priya Shah$")).click()
    door.page.get_by_text("Arrived", exact=False).first.wait_for()
    door.page.locator("#register-counts").get_by_text("1 of 1").wait_for()
    assert door.page.evaluate("window.notReloaded") is True
    door.check()
    door.screenshot("register")

    # The session moves to 7pm; the parent is told what changed.
    staff.goto(f"/staff/sessions/{ids[0]}/edit")
    page.get_by_label("Start time").fill("19:00")
    page.get_by_label("End time").fill("21:00")
    page.get_by_role("button", name="Save changes").click()
    staff.check()
    assert "1 booked party was told what changed" in page.content()

    with live_server.app.app_context():
        deliver_due()
        db.session.remove()
    emails = [message_from_bytes(e.content, policy=policy.default) for e in inbox.messages]
    [notice] = [m for m in emails if m["Subject"].startswith("Change to your session")]
    assert notice["To"] == "priya@example.org"
    text = notice.get_body(preferencelist=("plain",)).get_content()
    assert "at 6pm" in text.split("It is now")[0]
    assert "It is now" in text and "at 7pm" in text.split("It is now")[1]
    assert [p.get_filename() for p in notice.iter_attachments()] == ["session.ics"]
