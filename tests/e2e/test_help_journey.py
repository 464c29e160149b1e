"""A visitor on a phone, without an account, finds help: the crisis contacts on the home page,
the help directory searched and filtered, one service, and how the portal started. Staff keep
the directory from the console. axe checks every page, JavaScript on and off."""

import pytest

from portal.dates import utcnow
from portal.demo.help import load_demo_help
from portal.extensions import db
from tests.e2e.sign_in import sign_in
from tests.factories import make_user

PHONE = {"width": 320, "height": 568}
MONEY = "Bromley money and benefits advice"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_a_visitor_on_a_phone_finds_benefits_advice_without_an_account(
    open_page, live_server, javascript
):
    with live_server.app.app_context():
        staff = make_user(email="staff@example.org", role="staff")
        load_demo_help(staff, utcnow())
        db.session.commit()
        db.session.remove()

    visitor = open_page(width=PHONE["width"], javascript=javascript)
    page = visitor.page
    page.set_viewport_size(PHONE)
    visitor.goto("/")
    home_help = page.locator("main .portal-need-help")
    assert home_help.get_by_role("link", name="116 123").get_attribute("href") == "tel:116123"
    visitor.screenshot("home")

    page.locator("footer").get_by_role("link", name="Find local help").click()
    page.get_by_role("heading", name="Find local help", level=1).wait_for()
    visitor.check()
    page.get_by_label("Search for help").fill("benefits")
    if not javascript:
        page.get_by_role("button", name="Search").click()  # with JavaScript the results come live
    page.get_by_role("heading", name="3 services for “benefits”").wait_for()
    visitor.check()
    visitor.screenshot("results")

    # Narrowed to one age: the filters are folded away until opened.
    page.get_by_text("Filter the results").click()
    page.get_by_label("Age of the person who needs help").fill("30")
    page.get_by_label("Kind of help").select_option(label="Benefits and money advice")
    if not javascript:
        page.get_by_role("button", name="Search").click()
    page.get_by_role("heading", name="1 service for “benefits”").wait_for()
    visitor.check()

    page.get_by_role("link", name=MONEY).click()
    page.get_by_role("heading", name=MONEY, level=1).wait_for()
    visitor.check()
    visitor.screenshot("service")
    assert page.get_by_role("link", name="01632 960006").get_attribute("href") == "tel:01632960006"
    assert page.get_by_role("link", name="Sign out").count() == 0  # nobody signed in

    page.locator("footer").get_by_role("link", name="How this started").click()
    page.get_by_role("heading", name="How this started", level=1).wait_for()
    visitor.check()
    visitor.screenshot("about")


def test_staff_add_a_service_and_publish_it_at_desktop_width(open_page, live_server):
    with live_server.app.app_context():
        make_user(email="staff@example.org", role="staff")
        db.session.commit()
        db.session.remove()
    staff = open_page(width=1280)
    page = staff.page
    sign_in(staff, live_server, "staff@example.org")
    staff.goto("/staff")
    page.get_by_role("link", name="Local help (0 due for review)").click()
    staff.check()
    page.get_by_role("button", name="Add a service").click()
    staff.check()
    page.get_by_role("button", name="Save").click()  # nothing typed: the errors lead the page
    page.get_by_role("heading", name="There is a problem").wait_for()
    staff.check()
    page.get_by_label("Kind of help").select_option(label="Helpline")
    page.get_by_label("Name").fill("Autism advice line")
    page.get_by_label("What they do").fill("Advice about autism for families.")
    page.get_by_label("Phone number (optional)").fill("01632 960555")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved.").wait_for()
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("Published.").wait_for()
    staff.check()
    staff.screenshot("published")
    staff.goto("/help?q=advice+line")
    page.get_by_role("link", name="Autism advice line").wait_for()
