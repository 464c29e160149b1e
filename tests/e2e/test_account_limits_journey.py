"""The limits per account, in the browser at 320 px, with JavaScript on and off: a family over
a limit sees why and what to do, and keeps what they typed. axe checks every page."""

from datetime import timedelta

import pytest

from portal.dates import utcnow
from portal.extensions import db
from portal.pledges.services import add_comment
from tests.factories import make_booking, make_business, make_event, make_pledge, make_user


def _sign_in(checked, email):
    checked.goto("/login")
    checked.page.get_by_label("Email address").fill(email)
    checked.page.get_by_label("Password", exact=True).fill("correct horse battery")
    checked.page.get_by_role("button", name="Sign in").click()
    checked.check()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_a_comment_over_the_daily_limit_is_refused_and_kept(open_page, live_server, javascript):
    live_server.app.config["MAX_COMMENTS_PER_DAY"] = 1
    with live_server.app.app_context():
        business = make_business(make_user(role="business"), name="Bromley Bean Café")
        make_pledge(business)
        parent = make_user(email="priya@example.org")
        add_comment(business, parent, helped="Dimmed lights", did_not_help="", now=utcnow())
        db.session.commit()
        slug = business.slug
        db.session.remove()

    checked = open_page(width=320, javascript=javascript)
    page = checked.page
    _sign_in(checked, "priya@example.org")
    checked.goto(f"/pledges/{slug}/tell-us")
    page.get_by_label("What helped? (optional)").fill("A quiet corner by the window")
    page.get_by_role("button", name="Send").click()
    checked.check()

    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "You have sent 1 comment today" in summary.inner_text()
    assert "autism.training@example.org" in summary.inner_text()
    assert page.title().startswith("Error: ")
    assert page.get_by_label("What helped? (optional)").input_value() == (
        "A quiet corner by the window"
    )
    # The email address in the message wraps: nothing runs off a 320 px screen.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    checked.screenshot("comment-refused")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_a_booking_over_the_sessions_limit_is_refused_with_what_to_do(
    open_page, live_server, javascript
):
    live_server.app.config["MAX_ACTIVE_BOOKINGS"] = 1
    with live_server.app.app_context():
        parent = make_user(email="priya@example.org")
        make_booking(make_event(title="Through their eyes"), parent)
        wanted = make_event(title="A quiet session", starts_in=timedelta(days=9))
        wanted_id = wanted.id
        db.session.remove()

    checked = open_page(width=320, javascript=javascript)
    page = checked.page
    _sign_in(checked, "priya@example.org")
    checked.goto(f"/events/{wanted_id}/book/who")
    page.get_by_label("How many adults are coming?").fill("1")
    page.get_by_label("How many children or young people are coming?").fill("2")
    page.get_by_label("No").check()
    page.get_by_role("button", name="Continue").click()
    checked.check()
    page.get_by_role("button", name="Continue").click()
    checked.check()
    page.get_by_role("button", name="Confirm booking").click()
    checked.check()

    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "You already have 1 session booked or on a waiting list" in summary.inner_text()
    assert page.title().startswith("Error: ")
    assert page.get_by_text("1 adult, 2 children").is_visible()  # the answers are kept
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("link", name="See your bookings, to cancel one").click()
    checked.check()
    assert page.get_by_role("heading", name="Your bookings").is_visible()
