"""An owner invites a colleague on a phone-sized screen; the colleague opens the emailed link,
signs in on the way, and accepts; the owner then sees them by name. With JavaScript off, a
missing address and a used link give clear pages. axe checks every page."""

import re

from sqlalchemy import select

from portal.extensions import db
from portal.outbox.models import OutboxMessage
from tests.factories import make_business, make_user


def _sign_in(checked, email):
    page = checked.page
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    checked.check()


def _emailed_link(app, base_url: str) -> str:
    with app.app_context():
        message = db.session.scalar(
            select(OutboxMessage).where(OutboxMessage.recipient == "cal@example.org")
        )
        db.session.remove()
    return re.search(re.escape(base_url) + r"(/business-invitation/\S+)", message.body_text)[1]


def test_an_owner_invites_a_colleague_who_signs_in_and_accepts(open_page, live_server):
    with live_server.app.app_context():
        owner = make_user(email="ada@example.org", full_name="Ada Owner")
        slug = make_business(owner).slug
        make_user(email="cal@example.org", full_name="Cal Colleague")
        db.session.remove()

    # The owner sends the invitation.
    ada = open_page(width=320)
    ada.goto(f"/business/{slug}")  # asked to sign in first
    _sign_in(ada, "ada@example.org")
    ada.page.get_by_role("button", name="Invite a colleague").click()
    ada.check()
    ada.page.get_by_label("Their email address").fill("cal@example.org")
    ada.page.get_by_role("button", name="Send invitation").click()
    ada.check()
    assert ada.page.get_by_role("heading", name="Invitation sent").is_visible()
    ada.page.get_by_role("link", name="Go back to Bromley Bean Café").click()
    ada.check()
    assert ada.page.get_by_text("cal@example.org", exact=True).is_visible()
    assert ada.page.get_by_text("Cal Colleague").count() == 0

    # The colleague opens the link, signs in on the way, and accepts.
    link = _emailed_link(live_server.app, live_server.url)
    cal = open_page(width=320)
    cal.goto(link)
    heading = "Ada Owner has invited you to help manage Bromley Bean Café on the portal"
    assert cal.page.get_by_role("heading", name=heading).is_visible()
    assert "cal@example.org" not in cal.page.content()
    cal.page.get_by_role("button", name="Accept").click()
    cal.check()
    _sign_in(cal, "cal@example.org")
    assert cal.page.url == live_server.url + link
    assert "This invitation was sent to" in cal.page.content()
    cal.page.get_by_role("button", name="Accept").click()
    cal.check()
    assert cal.page.get_by_text("You can now help manage Bromley Bean Café.").is_visible()
    cal.screenshot("accepted")

    # The owner now sees their colleague by name, and no invitation waiting.
    ada.goto(f"/business/{slug}")
    assert ada.page.get_by_role("cell", name="Cal Colleague", exact=True).is_visible()
    assert ada.page.get_by_role("button", name="Cancel invitation").count() == 0
    ada.screenshot("owners")


def test_without_javascript_a_missing_address_and_a_used_link_are_explained(open_page, live_server):
    with live_server.app.app_context():
        owner = make_user(email="ada@example.org", full_name="Ada Owner")
        slug = make_business(owner).slug
        db.session.remove()

    ada = open_page(width=320, javascript=False)
    ada.goto(f"/business/{slug}/invite")
    _sign_in(ada, "ada@example.org")
    ada.page.get_by_role("button", name="Send invitation").click()
    ada.check()
    assert ada.page.title().startswith("Error:")
    assert ada.page.get_by_role("link", name="Enter their email address").is_visible()

    ada.goto(f"/business/{slug}/leave")
    assert ada.page.get_by_role("heading", name="You cannot leave yet").is_visible()

    response = ada.goto("/business-invitation/not-a-real-link")
    assert response.status == 404
    heading = "This invitation has expired or has already been used"
    assert ada.page.get_by_role("heading", name=heading).is_visible()
