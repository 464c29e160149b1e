"""Reading challenges for pages: a fixed number of queries whatever the data size."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.challenges.models import (
    Challenge,
    ChallengeFollower,
    ChallengeStatus,
    ChallengeUpdate,
    Output,
    TeamMember,
)
from portal.challenges.outputs import output_links
from portal.extensions import db


def challenge_by_slug(slug: str) -> Challenge | None:
    return db.session.scalar(
        select(Challenge)
        .where(Challenge.slug == slug)
        .options(selectinload(Challenge.team), selectinload(Challenge.actions))
    )


def public_challenges(now: datetime) -> tuple[list[Challenge], list[Challenge]]:
    """(running, finished): running ones (and those about to start) by start date; then the
    finished ones, the most recent first. Drafts are never listed."""
    every = db.session.scalars(
        select(Challenge)
        .where(Challenge.status != ChallengeStatus.DRAFT)
        .order_by(Challenge.starts_on.desc(), Challenge.id)
    ).all()
    running = [c for c in every if c.status == ChallengeStatus.RUNNING and not c.day(now).finished]
    finished = [c for c in every if c not in running]
    return sorted(running, key=lambda c: c.starts_on), finished


def updates_of(challenge: Challenge) -> list[ChallengeUpdate]:
    """The challenge's updates, newest first."""
    return list(
        db.session.scalars(
            select(ChallengeUpdate)
            .where(ChallengeUpdate.challenge_id == challenge.id)
            .options(selectinload(ChallengeUpdate.author))
            .order_by(ChallengeUpdate.posted_at.desc(), ChallengeUpdate.id.desc())
        )
    )


def outputs_of(challenge: Challenge) -> list[Output]:
    return list(
        db.session.scalars(
            select(Output).where(Output.challenge_id == challenge.id).order_by(Output.id)
        )
    )


def visible_outputs(challenge: Challenge):
    """(output, link) for each output the public can still see, in the order added."""
    return output_links(outputs_of(challenge))


def follower_count(challenge: Challenge) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(ChallengeFollower)
        .where(ChallengeFollower.challenge_id == challenge.id)
    )


def every_challenge() -> list[tuple[Challenge, int]]:
    """Every challenge, drafts too, newest start first, with how many follow it (staff)."""
    followers = (
        select(ChallengeFollower.challenge_id, func.count().label("n"))
        .group_by(ChallengeFollower.challenge_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Challenge, func.coalesce(followers.c.n, 0))
        .outerjoin(followers, followers.c.challenge_id == Challenge.id)
        .order_by(Challenge.starts_on.desc(), Challenge.id.desc())
    ).all()
    return [(challenge, count) for challenge, count in rows]


def challenges_run_by(user) -> list[Challenge]:
    """The challenges whose team this account is on."""
    return list(
        db.session.scalars(
            select(Challenge)
            .join(TeamMember, TeamMember.challenge_id == Challenge.id)
            .where(TeamMember.user_id == user.id)
            .order_by(Challenge.starts_on.desc())
        )
    )
