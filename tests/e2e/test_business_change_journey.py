"""A shop owner with a live pledge changes the opening hours and adds a photo on a phone; the
public page keeps the old details until staff, at a desk, compare and approve; then it shows
the new ones. axe checks every page."""

import re

from PIL import Image

from portal.extensions import db
from tests.e2e.sign_in import sign_in
from tests.factories import make_business, make_pledge, make_user

HOURS = "Monday to Saturday, 8am to 6pm\nClosed on Sundays"


def test_an_owner_changes_hours_and_adds_a_photo_and_staff_approve(
    open_page, live_server, tmp_path
):
    with live_server.app.app_context():
        make_user(email="staff@example.org", full_name="Sam Staff", role="staff")
        owner_account = make_user(email="ada@example.org", full_name="Ada Owner", role="business")
        business = make_business(owner_account)
        make_pledge(business)
        slug = business.slug
        db.session.remove()
    photo = tmp_path / "ramp.png"
    Image.new("RGB", (640, 400), (91, 42, 134)).save(photo)

    # The owner, on a phone, changes the opening hours.
    owner = open_page(width=390)
    sign_in(owner, live_server, "ada@example.org")
    owner.goto(f"/business/{slug}")
    owner.page.get_by_role("link", name="Change your address, opening hours").click()
    owner.check()
    owner.page.get_by_label("Opening hours (optional)").fill(HOURS)
    owner.screenshot("details")
    owner.page.get_by_role("button", name="Send to the team").click()
    owner.check()
    assert "Sent to the team to check" in owner.page.content()

    # ...and adds a photo of the new ramp.
    owner.page.get_by_role("link", name="Change your photos").click()
    owner.check()
    owner.page.get_by_label("Photo (JPEG or PNG)").set_input_files(str(photo))
    owner.page.get_by_label("Describe the photo for someone who cannot see it").fill(
        "A gentle ramp up to the glass front door"
    )
    owner.page.get_by_role("button", name="Send photo to the team").click()
    owner.check()
    assert owner.page.get_by_role("heading", name="New photos waiting for the team").is_visible()
    owner.screenshot("photos")
    assert owner.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # The public still sees the approved details.
    family = open_page(width=390)
    family.goto(f"/pledges/{slug}")
    assert "Closed on Sundays" not in family.page.content()
    assert family.page.get_by_alt_text("A gentle ramp up to the glass front door").count() == 0

    # Staff, at a desk, compare and approve.
    staff = open_page(width=1280)
    sign_in(staff, live_server, "staff@example.org")
    staff.goto("/staff/pledges")
    staff.page.get_by_role("link", name=re.compile("Bromley Bean Café.*changes to check")).click()
    staff.check()
    assert staff.page.get_by_role("heading", name="Opening hours").is_visible()
    assert staff.page.get_by_role("heading", name="Photos to add").is_visible()
    staff.screenshot("review")
    staff.page.get_by_role("button", name="Approve").click()
    staff.check()
    assert "shows the changes now" in staff.page.content()

    # Now the public page shows them.
    family.goto(f"/pledges/{slug}")
    content = family.page.content()
    assert "Closed on Sundays" in content
    assert family.page.get_by_alt_text("A gentle ramp up to the glass front door").is_visible()
    family.screenshot("public")
    assert family.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_staff_send_changes_back_and_the_owner_reads_why_without_javascript(open_page, live_server):
    with live_server.app.app_context():
        make_user(email="staff@example.org", full_name="Sam Staff", role="staff")
        owner_account = make_user(email="ada@example.org", full_name="Ada Owner", role="business")
        business = make_business(owner_account)
        make_pledge(business)
        slug = business.slug
        db.session.remove()

    owner = open_page(width=320, javascript=False)
    sign_in(owner, live_server, "ada@example.org")
    owner.goto(f"/business/{slug}/details")
    owner.page.get_by_label("Website (optional)").fill("https://bean.example")
    owner.page.get_by_role("button", name="Send to the team").click()
    owner.check()

    staff = open_page(width=320)
    sign_in(staff, live_server, "staff@example.org")
    staff.goto("/staff/pledges")
    staff.page.get_by_role("link", name=re.compile("Bromley Bean Café.*changes to check")).click()
    staff.check()
    staff.screenshot("review")
    assert staff.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    staff.page.get_by_label("Message to the business").fill("Is the website address right?")
    staff.page.get_by_role("button", name="Send back").click()
    staff.check()

    owner.goto(f"/business/{slug}")
    assert "Is the website address right?" in owner.page.content()
    owner.screenshot("sent-back")
    assert owner.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    owner.page.get_by_role("button", name="Take back your changes").click()
    owner.check()
    assert "Your changes are taken back" in owner.page.content()
