"""In a real browser, at phone and desktop widths: the kind filter, a drop-in session, the
staff checkbox that makes one, the cancel page and the contact page pass axe and say what is
true."""

from datetime import timedelta

import pytest

from portal.extensions import db
from tests.e2e.sign_in import sign_in
from tests.factories import make_booking, make_event, make_user, make_venue


def _sessions(live_server) -> dict[str, int]:
    with live_server.app.app_context():
        venue = make_venue()
        ids = {
            "coffee": make_event(
                title="Parent-led coffee morning",
                kind="peer-support",
                drop_in=True,
                venue=venue,
            ).id,
            "workshop": make_event(
                title="Feeling ready for secondary school",
                kind="workshop",
                starts_in=timedelta(days=9),
                venue=venue,
            ).id,
            "theatre": make_event(
                title="Through their eyes", capacity=2, starts_in=timedelta(days=12), venue=venue
            ).id,
        }
        db.session.remove()
    return ids


@pytest.mark.parametrize(
    ("width", "javascript"), [(320, False), (1280, True)], ids=["phone-no-js", "desktop-js"]
)
def test_a_family_filters_by_kind_and_finds_a_drop_in_needs_no_booking(
    open_page, live_server, width, javascript
):
    ids = _sessions(live_server)
    checked = open_page(width=width, javascript=javascript)
    page = checked.page

    checked.goto("/events")
    kinds = page.get_by_label("Kind of session").locator("option").all_inner_texts()
    assert kinds == ["Any kind", "Immersive theatre training", "Workshop", "Peer support meet-up"]
    page.get_by_label("Kind of session").select_option("peer-support")
    if not javascript:
        page.get_by_role("button", name="Show sessions").click()
    page.get_by_role("heading", name="1 session").wait_for()
    checked.check()
    assert "kind=peer-support" in page.url
    assert page.get_by_text("Drop in: no need to book").is_visible()
    checked.screenshot("filtered")

    page.get_by_role("link", name="Parent-led coffee morning").click()
    checked.check()
    assert page.get_by_text("There is no need to book: just come along.").is_visible()
    assert page.get_by_role("button", name="Book a place").count() == 0
    assert page.get_by_role("link", name="Book a place").count() == 0
    checked.screenshot("drop-in")

    response = checked.goto(f"/events/{ids['coffee']}/book")
    assert response.status == 409
    assert page.get_by_role("heading", name="No need to book this session").is_visible()
    checked.screenshot("drop-in-book")

    checked.goto("/contact")
    assert page.get_by_role("heading", name="If your session is today").is_visible()
    checked.screenshot("contact")


def test_the_cancel_page_and_the_staff_checkbox_pass_axe_on_a_phone(open_page, live_server):
    ids = _sessions(live_server)
    with live_server.app.app_context():
        parent = make_user(email="parent@example.org")
        make_user(email="staff@example.org", role="staff")
        from portal.events.models import Event

        booking = make_booking(db.session.get(Event, ids["theatre"]), parent, adults=2)
        reference = booking.reference
        db.session.remove()
    checked = open_page(width=320)
    page = checked.page

    sign_in(checked, live_server, "parent@example.org")
    checked.goto(f"/bookings/{reference}/cancel")
    assert "waiting list" not in page.locator("main").inner_text()
    checked.screenshot("cancel")

    page.context.clear_cookies()
    sign_in(checked, live_server, "staff@example.org")
    checked.goto(f"/staff/sessions/{ids['coffee']}/edit")
    box = page.get_by_label("Drop in: people just come, with no need to book")
    assert box.is_checked()
    box.focus()
    page.keyboard.press("Space")
    assert not box.is_checked()
    checked.screenshot("staff-form")
