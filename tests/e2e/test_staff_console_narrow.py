"""The staff console on a 390 px phone: the dashboard, a session with people booked, and the
message preview fit the screen (only a table region may scroll sideways, and it takes the
keyboard's focus); "Email everyone booked" shows the exact email and how many will get it
before sending; axe finds nothing."""

from portal.extensions import db
from tests.e2e.sign_in import sign_in
from tests.factories import make_booking, make_event, make_user

NARROW = 390

OVERFLOW = """() => {
  const root = document.documentElement;
  const wide = [...document.querySelectorAll('body *')].filter(el => {
    const box = el.getBoundingClientRect();
    return box.right > root.clientWidth + 1
      && !(el.parentElement && el.parentElement.closest('.portal-table-wrapper'));
  }).map(el => el.tagName + '.' + el.className);
  return {scroll: root.scrollWidth, client: root.clientWidth, wide: wide.slice(0, 5)};
}"""


def _fits(checked) -> None:
    measured = checked.page.evaluate(OVERFLOW)
    assert measured["scroll"] <= measured["client"], measured
    assert measured["wide"] == [], measured


def test_staff_on_a_phone_see_everything_and_preview_an_email_before_sending(
    open_page, live_server
):
    with live_server.app.app_context():
        make_user(email="staff@example.org", full_name="Sam Staff", role="staff")
        event = make_event(title="Through their eyes: a trip to the shops")
        for n, name in enumerate(["Priya Shah", "Tom Lee-Abernathy-Worthington"]):
            make_booking(event, make_user(email=f"p{n}@example.org", full_name=name), children=2)
        event_id = event.id
        db.session.remove()

    phone = open_page(width=NARROW)
    page = phone.page
    sign_in(phone, live_server, "staff@example.org")
    assert page.get_by_role("heading", name="Staff console").is_visible()
    assert page.get_by_text("1 live in the directory").count() == 0  # no pledges yet
    _fits(phone)
    phone.screenshot("dashboard-390")

    phone.goto(f"/staff/sessions/{event_id}")
    phone.check()
    _fits(phone)
    region = page.get_by_role("region", name="Booked: scrolls sideways")
    region.focus()
    assert page.evaluate("document.activeElement.getAttribute('role')") == "region"
    assert page.get_by_text("Unpublish: not possible, because 2 parties").is_visible()
    assert page.get_by_role("button", name="Unpublish").count() == 0
    phone.screenshot("session-390")

    page.get_by_role("link", name="Email everyone booked").click()
    phone.check()
    page.get_by_label("Subject").fill("Parking")
    page.get_by_label("Message").fill("Use the Hill car park.\n\nIt is free after 6pm.")
    page.get_by_role("button", name="Preview the email").click()
    phone.check()
    _fits(phone)
    assert page.get_by_text("It will go to 2 people").is_visible()
    preview = page.locator("#email-preview").inner_text()
    assert "Hello Priya Shah," in preview and "It is free after 6pm." in preview
    phone.screenshot("message-preview-390")

    page.get_by_role("button", name="Send to 2 people").click()
    phone.check()
    assert page.get_by_text("Message queued for 2 people.").is_visible()
