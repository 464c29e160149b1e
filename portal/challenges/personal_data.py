"""What the challenges domain holds about a person, and what it erases when their account goes.

Held: the challenges they follow, the teams their account is linked to, the updates they
posted. Erasing stops the following and unlinks them from teams (the team member's name stays:
who was on the team is part of the challenge's public record, and staff can take it off);
updates stay with their challenge without the link to the account.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update

from portal.accounts.registry import data_held_about, when_account_erased
from portal.challenges.models import Challenge, ChallengeFollower, ChallengeUpdate, TeamMember
from portal.extensions import db


def challenges_followed_held(person) -> list[dict]:
    rows = db.session.execute(
        select(Challenge.title, ChallengeFollower.followed_at)
        .join(ChallengeFollower, ChallengeFollower.challenge_id == Challenge.id)
        .where(ChallengeFollower.user_id == person.id)
        .order_by(Challenge.title)
    ).all()
    return [{"Challenge": title, "Following since": since} for title, since in rows]


def challenge_teams_held(person) -> list[dict]:
    rows = db.session.execute(
        select(Challenge.title, TeamMember.name, TeamMember.bringing)
        .join(TeamMember, TeamMember.challenge_id == Challenge.id)
        .where(TeamMember.user_id == person.id)
        .order_by(Challenge.title)
    ).all()
    return [
        {"Challenge": title, "Name on the team": name, "What you bring": bringing}
        for title, name, bringing in rows
    ]


def challenge_updates_held(person) -> list[dict]:
    rows = db.session.execute(
        select(Challenge.title, ChallengeUpdate.body, ChallengeUpdate.posted_at)
        .join(ChallengeUpdate, ChallengeUpdate.challenge_id == Challenge.id)
        .where(ChallengeUpdate.author_id == person.id)
        .order_by(ChallengeUpdate.posted_at.desc())
    ).all()
    return [{"Challenge": title, "Update": body, "Posted": at} for title, body, at in rows]


def erase_from_challenges(person, now: datetime) -> None:
    """Stop following; unlink the account from teams and from the updates it posted."""
    db.session.execute(delete(ChallengeFollower).where(ChallengeFollower.user_id == person.id))
    db.session.execute(
        update(TeamMember).where(TeamMember.user_id == person.id).values(user_id=None)
    )
    db.session.execute(
        update(ChallengeUpdate).where(ChallengeUpdate.author_id == person.id).values(author_id=None)
    )
    db.session.flush()


data_held_about("challenges_followed", "Challenges you follow", order=60)(challenges_followed_held)
data_held_about("challenge_teams", "Challenge teams you are on", order=61)(challenge_teams_held)
data_held_about("challenge_updates", "Updates you posted to challenges", order=62)(
    challenge_updates_held
)
when_account_erased(erase_from_challenges)
