"""Who may run a challenge: staff, and team members with accounts for their own challenge
only. The parts only staff change answer 403 to the team."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.challenges.models import Action, ChallengeUpdate
from portal.challenges.services import (
    ActionDetails,
    NotAllowed,
    add_team_member,
    post_update,
    save_action,
)
from portal.dates import utcnow
from portal.extensions import db
from tests.factories import make_user
from tests.integration.challenges.factories import make_challenge

ACTION = {"what": "Book the theatre", "who": "Sam", "status": "doing"}


def test_a_team_member_posts_updates_and_keeps_actions_for_their_own_challenge(app, auth, client):
    parent = make_user(email="parent@example.org")
    challenge = make_challenge(team_account=parent)
    auth.login("parent@example.org")

    assert client.get(f"/challenges/{challenge.slug}/manage").status_code == 200
    assert (
        client.post_form(f"/challenges/{challenge.slug}/manage/actions/new", ACTION).status_code
        == 302
    )
    action = db.session.scalar(select(Action))
    assert action.what == "Book the theatre"
    changed = dict(ACTION, status="done")
    client.post_form(f"/challenges/{challenge.slug}/manage/actions/{action.id}", changed)
    db.session.refresh(action)
    assert action.status == "done"
    answer = client.post_form(f"/challenges/{challenge.slug}/manage/update", {"body": "We met."})
    assert answer.status_code == 302
    assert db.session.scalar(select(ChallengeUpdate.body)) == "We met."


def test_a_team_member_cannot_reach_another_challenge(app, auth, client):
    parent = make_user(email="parent@example.org")
    make_challenge(title="Ours", team_account=parent)
    theirs = make_challenge(title="Theirs")
    auth.login("parent@example.org")

    for url in ("manage", "manage/update", "manage/actions/new", "manage/outputs"):
        assert client.get(f"/challenges/{theirs.slug}/{url}").status_code == 403, url
    assert (
        client.post_form(f"/challenges/{theirs.slug}/manage/update", {"body": "Hi"}).status_code
        == 403
    )
    assert db.session.scalar(select(ChallengeUpdate.id)) is None


def test_a_team_member_cannot_change_what_only_staff_change(app, auth, client):
    parent = make_user(email="parent@example.org")
    challenge = make_challenge(team_account=parent, public=False)
    auth.login("parent@example.org")

    assert client.get(f"/challenges/{challenge.slug}").status_code == 200  # their own draft
    for url in ("manage/details", "manage/team", "manage/report"):
        assert client.get(f"/challenges/{challenge.slug}/{url}").status_code == 403, url
    assert client.post_form(f"/challenges/{challenge.slug}/manage/public").status_code == 403
    assert client.get("/staff/challenges").status_code == 403


def test_someone_not_on_the_team_gets_403_and_a_visitor_is_sent_to_sign_in(app, auth, client):
    challenge = make_challenge()
    assert client.get(f"/challenges/{challenge.slug}/manage").status_code == 302
    make_user(email="other@example.org")
    auth.login("other@example.org")
    assert client.get(f"/challenges/{challenge.slug}/manage").status_code == 403
    assert client.get(f"/challenges/{challenge.slug}/manage/actions/999").status_code == 403


def test_an_action_of_another_challenge_is_404_even_to_staff(app, auth, client, staff_user):
    parent = make_user()
    other = make_challenge(title="Other", team_account=parent)
    action = save_action(
        other, None, ActionDetails("X", "Y", None, "to-do"), actor=parent, now=utcnow()
    )
    db.session.commit()
    mine = make_challenge(title="Mine")
    auth.login(staff_user.email)
    assert client.get(f"/challenges/{mine.slug}/manage/actions/{action.id}").status_code == 404


def test_the_service_refuses_an_update_from_someone_not_on_the_team(app):
    challenge = make_challenge()
    with pytest.raises(NotAllowed):
        post_update(challenge, body="Hello", actor=make_user(), now=utcnow())


def test_staff_add_a_team_member_linked_to_an_account_through_the_form(
    app, auth, client, staff_user
):
    challenge = make_challenge()
    make_user(email="grace@example.org", full_name="Grace Adeyemi")
    auth.login(staff_user.email)

    missing = client.post_form(
        f"/challenges/{challenge.slug}/manage/team",
        {"name": "Grace", "bringing": "parent", "account_email": "nobody@example.org"},
    )
    assert "There is no account with that email address" in missing.text
    assert 'value="Grace"' in missing.text  # what was typed is kept
    client.post_form(
        f"/challenges/{challenge.slug}/manage/team",
        {"name": "Grace", "bringing": "parent", "account_email": "grace@example.org"},
    )
    db.session.refresh(challenge)
    [member] = challenge.team
    assert member.user.email == "grace@example.org"
    assert "Grace" in client.get(f"/challenges/{challenge.slug}").text


def test_only_staff_choose_the_team(app):
    parent = make_user()
    challenge = make_challenge(team_account=parent)
    with pytest.raises(NotAllowed):
        add_team_member(challenge, name="Friend", bringing="parent", actor=parent, now=utcnow())
