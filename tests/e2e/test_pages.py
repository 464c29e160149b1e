"""Every public page, the error pages and the staff console pass axe, with and without
JavaScript, at phone and desktop widths; htmx filters the outbox in place."""

import pytest

from portal.extensions import db
from portal.outbox.services import queue_email
from tests.e2e.sign_in import sign_in
from tests.factories import make_user

PUBLIC_PAGES = [
    "/",
    "/events",
    "/pledges",
    "/library",
    "/login",
    "/register",
    "/password-reset",
    "/privacy",
    "/accessibility",
    "/contact",
    "/no-such-page",
    "/password-reset/not-a-real-token",
]


@pytest.mark.parametrize(
    ("width", "javascript"), [(320, False), (1280, True)], ids=["phone-no-js", "desktop-js"]
)
def test_public_and_error_pages_have_no_accessibility_violations(open_page, width, javascript):
    checked = open_page(width=width, javascript=javascript)
    for path in PUBLIC_PAGES:
        checked.goto(path)
    assert len(checked.checked) == len(PUBLIC_PAGES)
    checked.screenshot("last")


def test_sign_in_errors_have_no_accessibility_violations(open_page):
    checked = open_page(width=320)
    checked.goto("/login")
    checked.page.get_by_role("button", name="Sign in").click()
    checked.check()
    assert "Enter your email address" in checked.page.content()
    # The error summary's link moves focus to the field it names.
    checked.page.locator(".govuk-error-summary a").first.click()
    assert checked.page.evaluate("document.activeElement.id") == "email"


def test_staff_filter_the_outbox_in_place_with_htmx(open_page, live_server):
    with live_server.app.app_context():
        make_user(email="staff@example.org", role="staff")
        from types import SimpleNamespace

        queue_email(
            to="parent@example.org",
            subject="Your password has been changed",
            template="password_changed",
            user=SimpleNamespace(full_name="Jo Parent"),
            reset_url="http://127.0.0.1/password-reset",
        )
        db.session.commit()
        db.session.remove()
    checked = open_page(width=1024)
    sign_in(checked, live_server, "staff@example.org")
    page = checked.page
    checked.goto("/staff")
    page.get_by_role("link", name="Email outbox").click()
    checked.check()
    page.evaluate("window.notReloaded = true")

    page.get_by_label("Show").select_option("failed")
    page.get_by_text("There are no failed emails").wait_for()

    assert page.evaluate("window.notReloaded") is True
    assert page.url.endswith("/staff/outbox?status=failed")
    checked.check()
    page.get_by_label("Show").select_option("pending")
    page.get_by_role("link", name="Your password has been changed").wait_for()
    checked.check()
    checked.screenshot("outbox")


def test_htmx_posts_from_the_browser_carry_the_csrf_token(open_page, live_server):
    with live_server.app.app_context():
        make_user(email="parent@example.org")
        db.session.remove()
    checked = open_page()
    sign_in(checked, live_server, "parent@example.org")
    page = checked.page

    with page.expect_response("**/logout") as posted:
        page.evaluate("htmx.ajax('POST', '/logout', {target: 'main', swap: 'none'})")

    assert posted.value.status == 302  # a missing or wrong token would get the 400 page
    checked.goto("/account")
    assert page.url.startswith(live_server.url + "/login")


def test_session_pages_pass_axe_and_filter_in_place(open_page, live_server):
    from pathlib import Path

    from PIL import Image

    from portal.events.models import RunningOrderItem, VisualStoryPhoto
    from tests.factories import make_event, make_venue

    with live_server.app.app_context():
        media = Path(live_server.app.config["MEDIA_FOLDER"])
        media.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (64, 40), (91, 42, 134)).save(media / "door.png")
        venue = make_venue()
        venue.photos = [
            VisualStoryPhoto(
                position=1, filename="door.png", alt_text="The front door", caption="The way in"
            )
        ]
        event = make_event(venue=venue, title="For parents", audience="parents", capacity=0)
        event.running_order = [
            RunningOrderItem(position=1, title="Arrive"),
            RunningOrderItem(position=2, minutes_from_start=20, title="A loud scene", intense=True),
        ]
        make_event(venue=venue, title="For teachers", audience="professionals")
        db.session.commit()
        event_id = event.id
        db.session.remove()

    for width, javascript in [(320, False), (1280, True)]:
        checked = open_page(width=width, javascript=javascript)
        checked.goto(f"/events/{event_id}")
        checked.screenshot("session")
        checked.goto("/events")
        checked.screenshot("list")
    page = checked.page
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Who it is for").select_option("professionals")
    page.get_by_text("1 session", exact=True).wait_for()
    assert page.evaluate("window.notReloaded") is True
    assert "For parents" not in page.locator("#event-results").inner_text()
    checked.check()


def test_the_privacy_notice_fits_a_phone_and_passes_axe(open_page):
    checked = open_page(width=320, javascript=False)
    checked.goto("/privacy")
    page = checked.page
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.get_by_role("heading", name="How long we keep it").is_visible()
    assert page.get_by_role("link", name="your account page").get_attribute("href") == "/account"
    checked.screenshot("privacy")
