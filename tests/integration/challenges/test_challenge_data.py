"""What challenges hold about a person is in "Download your data", and goes when they erase."""

from __future__ import annotations

from sqlalchemy import select

from portal.accounts.data_rights import erase_account
from portal.accounts.registry import data_parts
from portal.challenges.models import ChallengeFollower, ChallengeUpdate, TeamMember
from portal.challenges.services import follow, post_update
from portal.dates import utcnow
from portal.extensions import db
from tests.factories import make_user
from tests.integration.challenges.factories import make_challenge


def _footprint():
    person = make_user(email="marker@example.org", full_name="Marker Person")
    challenge = make_challenge(team_account=person)
    follow(challenge, person, now=utcnow())
    post_update(challenge, body="Marker news", actor=person, now=utcnow())
    db.session.commit()
    return person


def test_download_your_data_holds_follows_teams_and_updates(app):
    person = _footprint()

    held = {part.key: part.records(person) for part in data_parts()}

    assert held["challenges_followed"][0]["Challenge"] == "Autism awareness and training"
    assert held["challenge_teams"][0]["Name on the team"] == "Marker Person"
    assert held["challenge_updates"][0]["Update"] == "Marker news"


def test_erasing_an_account_removes_follows_and_unlinks_team_members_and_updates(app):
    person = _footprint()

    erase_account(person, actor=person, reason="asked", now=utcnow())
    db.session.commit()

    assert db.session.scalar(select(ChallengeFollower.id)) is None
    assert db.session.scalar(select(TeamMember.user_id)) is None
    assert db.session.scalar(select(TeamMember.id)) is not None  # the team keeps its shape
    assert db.session.scalar(select(ChallengeUpdate.author_id)) is None
