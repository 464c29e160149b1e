"""A challenge that has finished (past day 100, or closed with its report) no longer behaves as
running: nobody new can follow it, no more weekly updates, and its page speaks in the past
tense. Followers may still stop following."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.challenges.models import ChallengeUpdate
from portal.challenges.services import (
    ActionDetails,
    Finished,
    ReportDetails,
    follow,
    post_update,
    publish_report,
    save_action,
)
from portal.dates import utcnow
from portal.extensions import db
from tests.factories import make_user
from tests.integration.challenges.factories import days_ago, make_challenge

REPORT = ReportDetails("A theatre course.", "Shops are calmer.", "The board steers it.")


def _updates() -> int:
    return db.session.scalar(select(func.count()).select_from(ChallengeUpdate))


def _finished_challenge(*, closed: bool, team_account=None, staff=None):
    """Started 120 days ago (today is day 121), with one action; closed with its report if
    `closed`."""
    staff = staff or make_user(role="staff", email="boss@example.org")
    challenge = make_challenge(starts_on=days_ago(120), team_account=team_account, staff=staff)
    save_action(
        challenge,
        None,
        ActionDetails(what="Write the leaflet", who="Parents", due_on=days_ago(40), status="done"),
        actor=staff,
        now=utcnow(),
    )
    if closed:
        publish_report(challenge, REPORT, actor=staff, now=utcnow())
    db.session.commit()
    return challenge


@pytest.mark.parametrize("closed", [False, True], ids=["past-day-100", "closed"])
def test_a_finished_challenge_cannot_be_followed(app, member, closed):
    challenge = _finished_challenge(closed=closed)

    with pytest.raises(Finished, match="has finished"):
        follow(challenge, member, now=utcnow())


@pytest.mark.parametrize("closed", [False, True], ids=["past-day-100", "closed"])
def test_a_finished_challenge_page_has_no_follow_button_and_speaks_in_the_past(
    app, auth, client, member, closed
):
    challenge = _finished_challenge(closed=closed)
    auth.login(member.email)

    page = client.get(f"/challenges/{challenge.slug}").text

    assert "Follow this challenge" not in page
    assert "Get the weekly updates by email" not in page
    assert "What the team did" in page and "What the team is doing" not in page
    assert "Write the leaflet" in page
    posted = client.post_form(f"/challenges/{challenge.slug}/follow")
    assert "Weekly updates will come by email" not in client.get(posted.headers["Location"]).text


def test_a_follower_of_a_finished_challenge_can_still_stop_following(app, auth, client, member):
    challenge = make_challenge(starts_on=days_ago(120))
    follow(challenge, member, now=utcnow() - timedelta(days=30))  # on day 91
    db.session.commit()
    auth.login(member.email)

    page = client.get(f"/challenges/{challenge.slug}").text
    assert "no more weekly updates will come" in page
    assert "Stop following" in page

    client.post_form(f"/challenges/{challenge.slug}/unfollow")
    assert "Stop following" not in client.get(f"/challenges/{challenge.slug}").text


@pytest.mark.parametrize("closed", [False, True], ids=["past-day-100", "closed"])
def test_no_weekly_update_is_posted_once_it_has_finished(app, closed):
    parent = make_user(email="team@example.org")
    challenge = _finished_challenge(closed=closed, team_account=parent)

    with pytest.raises(Finished):
        post_update(challenge, body="Week 15 news.", actor=parent, now=utcnow())
    db.session.rollback()

    assert _updates() == 0


def test_the_update_page_says_why_instead_of_offering_the_form(app, auth, client, staff_user):
    challenge = _finished_challenge(closed=True, staff=staff_user)
    auth.login(staff_user.email)

    shown = client.get(f"/challenges/{challenge.slug}")
    assert "Post this week's update" not in shown.text
    assert "closing report is out: that is the last word" in shown.text
    assert "Post this week's update" not in client.get(f"/challenges/{challenge.slug}/manage").text
    form = client.get(f"/challenges/{challenge.slug}/manage/update")
    assert "No more weekly updates" in form.text
    assert "Post the week" not in form.text and "<textarea" not in form.text

    posted = client.post_form(f"/challenges/{challenge.slug}/manage/update", {"body": "More."})

    assert posted.status_code == 409
    assert _updates() == 0


def test_the_last_week_is_week_15_even_after_day_100(app):
    challenge = make_challenge(starts_on=days_ago(120))

    assert challenge.day(utcnow()).week == 15
    assert challenge.day(utcnow() - timedelta(days=22)).week == 15  # day 99
