"""Plain functions that make challenges through the real services."""

from __future__ import annotations

from datetime import date, timedelta

from portal.challenges.days import london_today
from portal.challenges.services import (
    ChallengeDetails,
    add_team_member,
    create_challenge,
    make_public,
)
from portal.dates import utcnow
from portal.extensions import db
from tests.factories import make_user


def days_ago(days: int) -> date:
    """The London date `days` days before today."""
    return london_today(utcnow()) - timedelta(days=days)


def make_challenge(
    *,
    title: str = "Autism awareness and training",
    starts_on: date | None = None,
    public: bool = True,
    staff=None,
    team_account=None,
):
    """A challenge started by staff on `starts_on` (default: today, day 1), public unless
    asked otherwise, with `team_account` linked to a parent on its team if given."""
    staff = staff or make_user(role="staff", full_name="Sam Staff")
    challenge = create_challenge(
        ChallengeDetails(
            title=title,
            goal="More people in Bromley understand autism.",
            starts_on=starts_on or days_ago(0),
        ),
        actor=staff,
        now=utcnow(),
    )
    if public:
        make_public(challenge, actor=staff, now=utcnow())
    if team_account is not None:
        add_team_member(
            challenge,
            name=team_account.full_name,
            bringing="parent",
            account=team_account,
            actor=staff,
            now=utcnow(),
        )
    db.session.commit()
    return challenge
