"""Staff book for families who phone: one with no email address (staff are told to ring them
back), one with an address, who opens the create-password link from the real email, creates a
password on a phone and sees their booking. axe checks every page."""

from portal.extensions import db
from tests.e2e.mail import emailed_link
from tests.e2e.sign_in import sign_in
from tests.factories import make_event, make_user

NO_WAY_TO_REACH = "Enter their email address, or a phone number if they have no email"


def _book_by_phone(staff, event_id: int, *, name: str, email: str = "", phone: str = "") -> None:
    page = staff.page
    staff.goto(f"/staff/sessions/{event_id}")
    page.get_by_role("link", name="Book for someone (a phone booking)").click()
    staff.check()
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Email address (if they have one)").fill(email)
    page.get_by_label("Phone number").fill(phone)
    page.get_by_label("Adults", exact=True).fill("1")
    page.get_by_label("Children", exact=True).fill("1")
    page.locator('input[name="adjustments"][value="quiet-space"]').check()
    page.get_by_label("They agreed we keep this until after the session").check()
    page.get_by_role("button", name="Book", exact=True).click()
    staff.check()


def test_staff_book_by_phone_with_and_without_email_and_the_family_sets_a_password(
    open_page, live_server, smtp_server
):
    inbox, _ = smtp_server
    with live_server.app.app_context():
        make_user(email="staff@example.org", full_name="Sam Staff", role="staff")
        event_id = make_event(capacity=10).id
        db.session.remove()

    staff = open_page(width=1280)
    page = staff.page
    sign_in(staff, live_server, "staff@example.org")

    # Neither an email address nor a phone number: the form says what it needs, on a phone too.
    small = open_page(width=320)
    sign_in(small, live_server, "staff@example.org")
    small.goto(f"/staff/sessions/{event_id}/book")
    small.page.get_by_label("Full name").fill("Pat Phone")
    small.page.get_by_role("button", name="Book", exact=True).click()
    small.check()
    assert small.page.get_by_role("link", name=NO_WAY_TO_REACH).is_visible()
    assert small.page.get_by_label("Full name").input_value() == "Pat Phone"
    small.screenshot("form-errors")

    # A grandparent with no email address: a phone number instead, and a reminder to ring.
    _book_by_phone(staff, event_id, name="Pat Phone", phone="07700 900 982")
    assert page.get_by_role("heading", name="Pat Phone is booked").is_visible()
    assert page.get_by_text("No email: tell them by phone").is_visible()
    assert "07700900982" in page.content()
    staff.screenshot("no-email-booked")
    staff.goto(f"/staff/sessions/{event_id}")
    assert page.get_by_text("No email: tell them by phone").is_visible()
    staff.screenshot("session")
    staff.goto(f"/staff/sessions/{event_id}/register")
    assert page.get_by_text("Phone 07700900982").is_visible()
    staff.screenshot("register")

    # A parent with an email address and no account.
    _book_by_phone(staff, event_id, name="Casey Caller", email="casey@example.org")
    assert page.get_by_role("heading", name="Casey Caller is booked").is_visible()
    assert "The email has a link to create one" in page.content()
    reference = page.locator(".govuk-panel strong").inner_text()

    # Casey, on a phone, tries to sign in first: told what to do, as anyone would be.
    family = open_page(width=320)
    family.goto("/login")
    family.page.get_by_label("Email address").fill("casey@example.org")
    family.page.get_by_label("Password", exact=True).fill("a guess")
    family.page.get_by_role("button", name="Sign in").click()
    family.check()
    assert family.page.get_by_text("you may not have a password yet").is_visible()
    family.screenshot("sign-in-failed")
    family.goto("/register")
    assert family.page.get_by_text("Then you already have an account.").is_visible()

    # Then opens the link in the real email.
    link = emailed_link(live_server, inbox, "/account/create-password/")
    family.page.goto(link)
    family.check()
    assert family.page.get_by_role("heading", name="Create your password").is_visible()
    assert "casey@example.org" in family.page.content()
    family.screenshot("create-password")
    family.page.get_by_label("Create a password", exact=True).fill("our family's own passphrase")
    family.page.get_by_role("button", name="Create password").click()
    family.check()
    assert "Your password is created and your email address is confirmed." in (
        family.page.content()
    )
    assert reference in family.page.content()
    family.screenshot("their-booking")

    # The link worked once.
    family.page.goto(link)
    family.check()
    assert family.page.get_by_role("heading", name="This link does not work").is_visible()
