"""A shop owner books two named staff onto training for businesses, on a 320 px phone; staff
mark them arrived on the register; the pledge page then shows two more trained, with us, apart
from those trained elsewhere. axe checks every page, and no page scrolls sideways."""

import re

from portal.extensions import db
from tests.e2e.sign_in import sign_in
from tests.factories import make_business, make_event, make_pledge, make_user


def _fits(checked) -> None:
    assert checked.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_staff_booked_by_a_shop_count_as_trained_once_they_arrive(open_page, live_server):
    with live_server.app.app_context():
        owner = make_user(email="ada@example.org", full_name="Ada Owner", role="business")
        make_user(email="staff@example.org", full_name="Sam Staff", role="staff")
        business = make_business(owner, name="Bromley Bean Café")
        make_pledge(business, commitments=("training", "sunflower"))
        event = make_event(
            title="Autism-friendly customer service", audience="businesses", capacity=14
        )
        slug, event_id = business.slug, event.id
        db.session.remove()

    shop = open_page(width=320)
    page = shop.page
    sign_in(shop, live_server, "ada@example.org")
    shop.goto(f"/pledges/{slug}")
    _fits(shop)
    assert "18 of 24 customer-facing staff trained so far" in page.content()
    shop.goto(f"/business/{slug}")
    _fits(shop)
    page.get_by_role("button", name="Book staff training").click()
    shop.check()
    _fits(shop)
    page.get_by_role("link", name="Book staff onto Autism-friendly customer service").click()
    shop.check()
    _fits(shop)
    page.get_by_label("Names of the staff coming").fill("Priya Shah\nTom Reed")
    shop.screenshot("form")
    page.get_by_role("button", name="Book training").click()
    shop.check()
    _fits(shop)
    assert "Training booked for 2 people" in page.content()
    assert "Priya Shah, Tom Reed" in page.content()
    shop.screenshot("booked")

    staff = open_page(width=390)
    sign_in(staff, live_server, "staff@example.org")
    staff.goto(f"/staff/sessions/{event_id}/register")
    assert "Bromley Bean Café: Priya Shah, Tom Reed" in staff.page.content()
    staff.page.get_by_role("button", name=re.compile(r"^Arrived")).first.click()
    staff.page.locator(".portal-register__row--arrived").wait_for()
    staff.check()

    shop.goto(f"/pledges/{slug}")
    _fits(shop)
    assert (
        "20 of 24 customer-facing staff trained so far (2 trained with us, 18 elsewhere)"
        in page.content()
    )
    assert "Next staff training for businesses" in page.content()
    shop.screenshot("pledge-page")
