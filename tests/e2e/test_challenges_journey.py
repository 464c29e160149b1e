"""A parent on the team of a 100-day challenge, on a phone (320 px), adds an action and posts
the weekly update; a visitor reads the challenge page, its actions and outputs. axe checks
every page, with JavaScript on and off, and nothing scrolls sideways."""

import pytest

from portal.challenges.services import (
    ActionDetails,
    ReportDetails,
    add_output,
    publish_report,
    save_action,
)
from portal.dates import utcnow
from portal.extensions import db
from tests.e2e.sign_in import sign_in
from tests.factories import make_library_item, make_user
from tests.integration.challenges.factories import days_ago, make_challenge

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_a_team_parent_posts_an_update_and_a_visitor_reads_the_challenge_at_320px(
    open_page, live_server, javascript
):
    with live_server.app.app_context():
        parent = make_user(email="parent@example.org", full_name="Grace Adeyemi")
        challenge = make_challenge(starts_on=days_ago(41), team_account=parent)
        save_action(
            challenge,
            None,
            ActionDetails(
                "Ask the shopping centre to hold a quiet hour every week",
                "Tunde Bello, council autism lead",
                days_ago(-10),
                "doing",
            ),
            actor=parent,
            now=utcnow(),
        )
        leaflet = make_library_item(title="Our autism leaflet, by Bromley parents")
        add_output(challenge, "library", leaflet.id, actor=parent, now=utcnow())
        db.session.commit()
        slug = challenge.slug
        db.session.remove()

    phone = open_page(width=320, javascript=javascript)
    sign_in(phone, live_server, "parent@example.org")
    phone.goto(f"/challenges/{slug}")
    page = phone.page
    page.get_by_role("link", name="Run the challenge: actions, outputs and team").click()
    phone.check()
    page.get_by_role("link", name="Add an action").click()
    phone.check()
    page.get_by_role("button", name="Save action").click()  # nothing typed: errors, not a 500
    phone.check()
    assert page.get_by_text("Say what will be done").first.is_visible()
    page.get_by_label("What", exact=True).fill("Print 500 leaflets")
    page.get_by_label("Who", exact=True).fill("Grace")
    page.get_by_label("Done").check()
    page.get_by_role("button", name="Save action").click()
    phone.check()
    assert page.get_by_text("The action is saved.").is_visible()
    assert page.evaluate(NO_SIDEWAYS_SCROLL)

    phone.goto(f"/challenges/{slug}/manage/update")
    page.get_by_label("This week's update").fill("The leaflet is at the printers.")
    page.get_by_role("button", name="Post update and email followers").click()
    phone.check()
    assert page.get_by_text("Your update is posted").is_visible()
    phone.screenshot("challenge-page-team")

    visitor = open_page(width=320, javascript=javascript)
    visitor.goto("/challenges")
    assert visitor.page.evaluate(NO_SIDEWAYS_SCROLL)
    visitor.page.get_by_role("link", name="Autism awareness and training").click()
    visitor.check()
    reading = visitor.page
    assert reading.get_by_text("Day 42 of 100").is_visible()
    assert reading.get_by_role("progressbar").get_attribute("value") == "42"
    # Each action is its own block: nothing is cut off at 320px.
    action = reading.get_by_role("heading", name="Print 500 leaflets", level=3)
    assert action.is_visible()
    for words in ("Grace", "Tunde Bello, council autism lead", "Doing"):
        box = reading.get_by_text(words, exact=True).first.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320
    assert reading.get_by_role("link", name="Our autism leaflet, by Bromley parents").is_visible()
    assert reading.get_by_text("The leaflet is at the printers.").is_visible()
    assert reading.evaluate(NO_SIDEWAYS_SCROLL)
    visitor.screenshot("challenge-page")


def test_staff_start_a_challenge_and_the_closing_report_reads_well_at_320px(open_page, live_server):
    with live_server.app.app_context():
        staff = make_user(email="staff@example.org", role="staff")
        finished = make_challenge(title="The first challenge", starts_on=days_ago(130), staff=staff)
        publish_report(
            finished,
            ReportDetails("A leaflet and a film.", "Shops are calmer.", "The board steers it."),
            actor=staff,
            now=utcnow(),
        )
        db.session.commit()
        slug = finished.slug
        db.session.remove()

    phone = open_page(width=320, javascript=False)
    sign_in(phone, live_server, "staff@example.org")
    phone.goto("/staff/challenges")
    page = phone.page
    page.get_by_role("button", name="Start a challenge").click()
    phone.check()
    page.get_by_label("Name of the challenge").fill("Getting to school")
    page.get_by_label("Goal").fill("Every autistic child gets to school calmly.")
    page.get_by_role("button", name="Save").click()  # no date: an error, what was typed kept
    phone.check()
    assert page.get_by_label("Name of the challenge").input_value() == "Getting to school"
    start = days_ago(-7)
    page.get_by_label("Day", exact=True).fill(str(start.day))
    page.get_by_label("Month", exact=True).fill(str(start.month))
    page.get_by_label("Year", exact=True).fill(str(start.year))
    page.get_by_role("button", name="Save").click()
    phone.check()
    assert page.get_by_text("Starts in 7 days").is_visible()
    assert page.get_by_text("The challenge is still a draft. Make it public first.").is_visible()
    assert page.evaluate(NO_SIDEWAYS_SCROLL)

    phone.goto(f"/challenges/{slug}")
    phone.check()
    assert page.get_by_role("heading", name="What the team did").is_visible()
    assert page.get_by_role("button", name="Follow this challenge").count() == 0
    assert page.get_by_role("link", name="Post this week's update").count() == 0
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    phone.goto(f"/challenges/{slug}/report")
    assert page.get_by_text("Shops are calmer.").is_visible()
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    phone.goto("/challenges")
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
