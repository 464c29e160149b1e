"""The public pages: drafts stay private, the list and one challenge, and the closing report
(404 until published, refused before day 100)."""

from __future__ import annotations

import pytest

from portal.challenges.models import ChallengeStatus
from portal.challenges.services import (
    ActionDetails,
    ReportDetails,
    ReportTooEarly,
    post_update,
    publish_report,
    save_action,
)
from portal.dates import utcnow
from portal.extensions import db
from tests.factories import make_user
from tests.integration.challenges.factories import days_ago, make_challenge

REPORT = {
    "what_was_made": "A theatre training course.",
    "what_changed": "Shops are calmer.",
    "what_comes_next": "The board steers the work.",
}


def test_a_draft_is_not_public(app, client):
    draft = make_challenge(title="Secret plans", public=False)

    assert "Secret plans" not in client.get("/challenges").text
    assert client.get(f"/challenges/{draft.slug}").status_code == 404
    assert client.get(f"/challenges/{draft.slug}/report").status_code == 404


def test_a_draft_is_seen_by_staff_with_a_warning(app, auth, client, staff_user):
    draft = make_challenge(title="Secret plans", public=False)
    auth.login(staff_user.email)

    page = client.get(f"/challenges/{draft.slug}")
    assert page.status_code == 200
    assert "This is a draft" in page.text


def test_the_list_shows_running_challenges_before_finished_ones(app, client):
    make_challenge(title="Old news", starts_on=days_ago(150))
    make_challenge(title="Going well", starts_on=days_ago(41))

    page = client.get("/challenges").text
    assert page.index("Going well") < page.index("Old news")
    assert "Day 42 of 100" in page
    assert "What is a 100-day challenge?" in page


def test_the_list_has_an_empty_state(app, client):
    page = client.get("/challenges").text
    assert "No challenge is running just now." in page
    assert "No challenge has finished yet." in page


def test_the_challenge_page_shows_the_day_the_team_actions_and_updates_newest_first(app, client):
    parent = make_user(full_name="Grace Adeyemi")
    challenge = make_challenge(starts_on=days_ago(9), team_account=parent)
    save_action(
        challenge,
        None,
        ActionDetails(what="Write the leaflet", who="Parents", due_on=days_ago(-5), status="doing"),
        actor=parent,
        now=utcnow(),
    )
    post_update(challenge, body="First week: we met.", actor=parent, now=utcnow())
    db.session.commit()
    post_update(challenge, body="Second news: the leaflet.", actor=parent, now=utcnow())
    db.session.commit()

    page = client.get(f"/challenges/{challenge.slug}").text
    assert "Day 10 of 100" in page
    assert 'value="10"' in page  # the progress bar says the same as the words
    assert "Grace Adeyemi" in page
    assert "Parent or carer" in page
    assert "Write the leaflet" in page
    assert "Doing" in page
    assert page.index("Second news") < page.index("First week")
    # One block per action, not a wide table that cut columns off on a phone.
    assert "<table" not in page and "scroll sideways" not in page
    assert "What the team is doing" in page


def test_the_report_page_is_404_until_published(app, client, staff_user):
    challenge = make_challenge(starts_on=days_ago(100))  # today is day 101
    assert client.get(f"/challenges/{challenge.slug}/report").status_code == 404

    publish_report(challenge, ReportDetails(**REPORT), actor=staff_user, now=utcnow())
    db.session.commit()

    page = client.get(f"/challenges/{challenge.slug}/report")
    assert page.status_code == 200
    assert "Shops are calmer." in page.text
    assert challenge.status == ChallengeStatus.CLOSED
    assert "Read what it made" in client.get("/challenges").text


def test_the_report_is_refused_on_day_100(app, staff_user):
    challenge = make_challenge(starts_on=days_ago(99))  # today is day 100

    with pytest.raises(ReportTooEarly, match="1 day to go"):
        publish_report(challenge, ReportDetails(**REPORT), actor=staff_user, now=utcnow())
    assert challenge.report_published_at is None


def test_before_day_100_the_report_page_says_why_instead_of_offering_the_form(
    app, auth, client, staff_user
):
    challenge = make_challenge(starts_on=days_ago(29))
    auth.login(staff_user.email)

    page = client.get(f"/challenges/{challenge.slug}/manage/report")
    assert "The closing report comes after day 100" in page.text
    assert "71 days to go" in page.text
    assert "Publish the closing report" not in page.text

    posted = client.post_form(f"/challenges/{challenge.slug}/manage/report", REPORT)
    assert posted.status_code == 409
    db.session.refresh(challenge)
    assert challenge.report_published_at is None


def test_staff_publish_the_report_after_day_100_through_the_form(app, auth, client, staff_user):
    challenge = make_challenge(starts_on=days_ago(120))
    auth.login(staff_user.email)

    answer = client.post_form(f"/challenges/{challenge.slug}/manage/report", REPORT)
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith(f"/challenges/{challenge.slug}/report")
    assert client.get(f"/challenges/{challenge.slug}/manage/report").status_code == 200


def test_the_report_form_keeps_what_was_typed_and_shows_errors(app, auth, client, staff_user):
    challenge = make_challenge(starts_on=days_ago(120))
    auth.login(staff_user.email)

    page = client.post_form(
        f"/challenges/{challenge.slug}/manage/report", {"what_was_made": "A leaflet."}
    )
    assert page.status_code == 200
    assert "Say what changed" in page.text
    assert "A leaflet." in page.text
    assert page.text.count("<title>Error:") == 1


def test_staff_start_a_challenge_as_a_draft_from_the_console(app, auth, client, staff_user):
    auth.login(staff_user.email)
    start = days_ago(-14)

    answer = client.post_form(
        "/staff/challenges/new",
        {
            "title": "Getting to school",
            "goal": "Every autistic child gets to school calmly.",
            "starts_on": [str(start.day), str(start.month), str(start.year)],
        },
    )
    assert answer.status_code == 302
    listing = client.get("/staff/challenges").text
    assert "Getting to school" in listing
    assert "Starts in 14 days" in listing
    assert "Draft" in listing
    assert "Getting to school" not in client.get("/challenges").text


def test_a_missing_start_date_is_an_error_not_a_500(app, auth, client, staff_user):
    auth.login(staff_user.email)
    page = client.post_form("/staff/challenges/new", {"title": "X", "goal": "Y"})
    assert page.status_code == 200
    assert "Enter the start date" in page.text
