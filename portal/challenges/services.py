"""The rules of 100-day challenges: who may run one, its team, actions, outputs, updates,
following, and the closing report.

Roles. `can_manage(challenge, user)`: staff, or an account linked to someone on *this*
challenge's team (a `TeamMember` with `user_id`). Team members post the weekly updates and keep
the actions and outputs up to date. Only staff create a challenge, change its goal and dates,
choose its team, make it public, and publish the closing report. A team member is never staff
and reaches no other challenge.

A draft is seen by staff and its team only. The closing report can be published only after
day 100 (London calendar days, see days.py); publishing it closes the challenge. Once day 100 is
over (`Challenge.finished`), nobody can start following it and no more weekly updates are posted:
the closing report is the last word. Followers may still stop following.

Email goes through the outbox in the caller's transaction: an update is queued once for each
follower who can be emailed. Services take explicit arguments, flush but never commit, and raise
the errors below (their messages are plain English and safe to show).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from portal.audit.services import record
from portal.challenges.days import LENGTH
from portal.challenges.models import (
    Action,
    Bringing,
    Challenge,
    ChallengeFollower,
    ChallengeStatus,
    ChallengeUpdate,
    Output,
    TeamMember,
)
from portal.challenges.outputs import KINDS
from portal.extensions import db
from portal.links import external_url
from portal.outbox.services import email_subject, queue_email
from portal.slugs import unique_slug

UNFOLLOW_SALT = "challenge-unfollow"


class ChallengeError(Exception):
    """Base class: the message is plain English and safe to show."""


class NotAllowed(ChallengeError):
    """The person may not do this to this challenge."""


class CannotFollow(ChallengeError):
    """Following needs an account with a confirmed email address."""


class ReportTooEarly(ChallengeError):
    """The closing report waits until the 100 days are over."""


class NotPublic(ChallengeError):
    """The challenge is still a draft."""


class Finished(ChallengeError):
    """The 100 days are over: no more following or weekly updates."""


class UnknownOutput(ChallengeError):
    """The thing chosen as an output is not one the public can see."""


def can_manage(challenge: Challenge, user) -> bool:
    """Staff manage every challenge; a team member with an account manages only their own."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return user.is_staff or challenge.has_team_member(user)


def _require_manager(challenge: Challenge, user) -> None:
    if not can_manage(challenge, user):
        raise NotAllowed("Only this challenge's team and staff can do that.")


def _require_staff(user, doing: str) -> None:
    if user is None or not user.is_staff:
        raise NotAllowed(f"Only staff can {doing}.")


# The challenge (staff) --------------------------------------------------------------------


@dataclass
class ChallengeDetails:
    title: str
    goal: str
    starts_on: date


def create_challenge(details: ChallengeDetails, *, actor, now: datetime) -> Challenge:
    """Staff start a challenge, as a draft. Raises NotAllowed."""
    _require_staff(actor, "start a challenge")
    slug = unique_slug(
        details.title,
        taken=lambda s: (
            db.session.scalar(select(Challenge.id).where(Challenge.slug == s)) is not None
        ),
        fallback="challenge",
    )
    challenge = Challenge(slug=slug, created_at=now, **vars(details))
    db.session.add(challenge)
    db.session.flush()
    record(actor, "challenge created", "challenge", challenge.id, challenge.title, now=now)
    return challenge


def change_challenge(challenge: Challenge, details: ChallengeDetails, *, actor, now) -> None:
    """Staff change the title, goal or start date. Raises NotAllowed."""
    _require_staff(actor, "change a challenge")
    for name, value in vars(details).items():
        setattr(challenge, name, value)
    record(actor, "challenge changed", "challenge", challenge.id, challenge.title, now=now)


def make_public(challenge: Challenge, *, actor, now: datetime) -> None:
    """Staff take a draft public: it runs. Raises NotAllowed."""
    _require_staff(actor, "make a challenge public")
    if challenge.status == ChallengeStatus.DRAFT:
        challenge.status = ChallengeStatus.RUNNING
        record(actor, "challenge made public", "challenge", challenge.id, challenge.title, now=now)


# The team (staff) -------------------------------------------------------------------------


def add_team_member(
    challenge: Challenge, *, name: str, bringing: str, account=None, actor, now: datetime
) -> TeamMember:
    """Staff add someone to the team, linked to their account if given (they may then help
    run this challenge). Raises NotAllowed, or ChallengeError for an account that cannot be
    linked (disabled, erased, a business account, already on the team)."""
    _require_staff(actor, "choose a challenge's team")
    if bringing not in set(Bringing):
        raise ChallengeError("Choose what they bring to the team.")
    if account is not None:
        if account.disabled or account.is_erased or account.role == "business":
            raise ChallengeError("That account cannot be linked to a team member.")
        if challenge.has_team_member(account):
            raise ChallengeError(f"{account.full_name} is already on the team.")
    member = TeamMember(
        challenge=challenge,
        name=name,
        bringing=bringing,
        user_id=account.id if account is not None else None,
    )
    db.session.add(member)
    db.session.flush()
    record(actor, "challenge team member added", "challenge", challenge.id, name, now=now)
    return member


def remove_team_member(challenge: Challenge, member: TeamMember, *, actor, now) -> None:
    """Staff take someone off the team (and so away from running it). Raises NotAllowed."""
    _require_staff(actor, "change a challenge's team")
    record(actor, "challenge team member removed", "challenge", challenge.id, member.name, now=now)
    challenge.team.remove(member)
    db.session.flush()


# Actions and outputs (team) ----------------------------------------------------------------


@dataclass
class ActionDetails:
    what: str
    who: str
    due_on: date | None
    status: str


def save_action(
    challenge: Challenge, action: Action | None, details: ActionDetails, *, actor, now
) -> Action:
    """Add an action, or change one of this challenge's. Raises NotAllowed."""
    _require_manager(challenge, actor)
    if action is None:
        action = Action(challenge=challenge)
        db.session.add(action)
    for name, value in vars(details).items():
        setattr(action, name, value)
    db.session.flush()
    record(actor, "challenge action saved", "challenge", challenge.id, details.what, now=now)
    return action


def add_output(challenge: Challenge, kind: str, target_id: int, *, actor, now) -> Output:
    """Link something the portal holds as one of the challenge's outputs. Adding one twice
    keeps one. Raises NotAllowed, or UnknownOutput when it is not a kind we know or not a thing
    the public can see."""
    _require_manager(challenge, actor)
    entry = KINDS.get(kind)
    if entry is None or target_id not in entry.find([target_id]):
        raise UnknownOutput("Choose something the public can see.")
    existing = db.session.scalar(
        select(Output).where(
            Output.challenge_id == challenge.id,
            Output.kind == kind,
            Output.target_id == target_id,
        )
    )
    if existing is not None:
        return existing
    output = Output(challenge_id=challenge.id, kind=kind, target_id=target_id, added_at=now)
    db.session.add(output)
    db.session.flush()
    record(
        actor, "challenge output added", "challenge", challenge.id, f"{kind} {target_id}", now=now
    )
    return output


def remove_output(challenge: Challenge, output: Output, *, actor, now) -> None:
    """Take an output off the challenge. Raises NotAllowed."""
    _require_manager(challenge, actor)
    db.session.delete(output)
    db.session.flush()
    record(
        actor,
        "challenge output removed",
        "challenge",
        challenge.id,
        f"{output.kind} {output.target_id}",
        now=now,
    )


# Following ----------------------------------------------------------------------------------


def follow(challenge: Challenge, user, *, now: datetime) -> ChallengeFollower:
    """Follow a challenge: its weekly updates come by email. Idempotent (a double-click
    follows once). Raises CannotFollow without a confirmed email address, NotPublic for a
    draft, Finished once the 100 days are over."""
    if not challenge.is_public:
        raise NotPublic("This challenge is not public yet.")
    if challenge.finished(now):
        raise Finished("This challenge has finished, so there are no more weekly updates.")
    if not user.email_confirmed:
        raise CannotFollow(
            "Confirm your email address before you follow a challenge. "
            f"We sent a link to {user.email}."
        )
    existing = _following(challenge, user.id)
    if existing is not None:
        return existing
    follower = ChallengeFollower(challenge_id=challenge.id, user_id=user.id, followed_at=now)
    db.session.add(follower)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()  # another request followed first: that one stands
        return _following(challenge, user.id)
    return follower


def unfollow(challenge: Challenge, user_id: int) -> bool:
    """Stop following. True if they were following; nothing happens otherwise."""
    gone = db.session.execute(
        delete(ChallengeFollower).where(
            ChallengeFollower.challenge_id == challenge.id, ChallengeFollower.user_id == user_id
        )
    )
    return gone.rowcount > 0


def _following(challenge: Challenge, user_id: int) -> ChallengeFollower | None:
    return db.session.scalar(
        select(ChallengeFollower).where(
            ChallengeFollower.challenge_id == challenge.id, ChallengeFollower.user_id == user_id
        )
    )


def is_following(challenge: Challenge, user) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return _following(challenge, user.id) is not None


def _unfollow_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNFOLLOW_SALT)


def unfollow_token(challenge: Challenge, user_id: int) -> str:
    """The token in an update email's "stop following" link: it names the challenge and the
    follower, so the link works without signing in."""
    return _unfollow_serializer().dumps([challenge.id, user_id])


def read_unfollow_token(challenge: Challenge, token: str) -> int | None:
    """The follower's account id in `token`, or None if it is not one of ours for this
    challenge."""
    try:
        challenge_id, user_id = _unfollow_serializer().loads(token)
    except (BadSignature, TypeError, ValueError):
        return None
    if challenge_id != challenge.id or not isinstance(user_id, int):
        return None
    return user_id


def active_followers(challenge: Challenge) -> list[ChallengeFollower]:
    """Followers who can be emailed (confirmed, not disabled or erased), earliest first."""
    from portal.accounts.models import User

    return list(
        db.session.scalars(
            select(ChallengeFollower)
            .join(User, User.id == ChallengeFollower.user_id)
            .where(
                ChallengeFollower.challenge_id == challenge.id,
                User.email_confirmed_at.is_not(None),
                User.disabled.is_(False),
                User.erased_at.is_(None),
            )
            .order_by(ChallengeFollower.id)
        )
    )


# Updates ------------------------------------------------------------------------------------


def post_update(challenge: Challenge, *, body: str, actor, now: datetime) -> ChallengeUpdate:
    """The team or staff post the weekly update; each follower is emailed it once, in the same
    transaction. Raises NotAllowed, NotPublic for a draft (nobody could read it), or Finished
    once the 100 days are over (the closing report is the last word)."""
    _require_manager(challenge, actor)
    if not challenge.is_public:
        raise NotPublic("Make the challenge public before you post updates.")
    refusal = update_refusal(challenge, now)
    if refusal:
        raise Finished(refusal)
    week = challenge.day(now).week
    update = ChallengeUpdate(
        challenge_id=challenge.id, author_id=actor.id, body=body, week=week, posted_at=now
    )
    db.session.add(update)
    db.session.flush()
    page = external_url("challenges.show", slug=challenge.slug)
    for follower in active_followers(challenge):
        queue_email(
            to=follower.user.email,
            subject=email_subject(
                "{challenge}: week {week} update", challenge=challenge.title, week=str(week)
            ),
            template="challenge_update",
            challenge=challenge,
            update=update,
            challenge_url=page,
            unfollow_url=external_url(
                "challenges.stop_following",
                slug=challenge.slug,
                token=unfollow_token(challenge, follower.user_id),
            ),
        )
    record(actor, "challenge update posted", "challenge", challenge.id, f"week {week}", now=now)
    return update


def update_refusal(challenge: Challenge, now: datetime) -> str | None:
    """Why no weekly update can be posted now because the challenge is over; None otherwise."""
    if challenge.report_published:
        return "The challenge has finished and its closing report is out: that is the last word."
    if challenge.finished(now):
        return (
            f"The challenge finished after day {LENGTH}, so there are no more weekly updates. "
            "Staff publish the closing report next."
        )
    return None


# The closing report (staff) ----------------------------------------------------------------


@dataclass
class ReportDetails:
    what_was_made: str
    what_changed: str
    what_comes_next: str


def report_refusal(challenge: Challenge, now: datetime) -> str | None:
    """Why the closing report cannot be published now, in plain words; None if it can."""
    if not challenge.is_public:
        return "The challenge is still a draft. Make it public first."
    if challenge.report_published:
        return "The closing report is already published."
    day = challenge.day(now)
    if not day.finished:
        days_left = LENGTH - day.number + 1
        return (
            f"The closing report comes after day {LENGTH}. "
            f"It is {day.label.lower()}, so there {'is' if days_left == 1 else 'are'} "
            f"{days_left} {'day' if days_left == 1 else 'days'} to go."
            if day.started
            else f"The closing report comes after day {LENGTH}. The challenge has not started."
        )
    return None


def publish_report(
    challenge: Challenge, details: ReportDetails, *, actor, now: datetime
) -> Challenge:
    """Staff publish the closing report, which closes the challenge. Raises NotAllowed, or
    ReportTooEarly before the 100 days are over (or for a draft, or a second time)."""
    _require_staff(actor, "publish the closing report")
    refusal = report_refusal(challenge, now)
    if refusal:
        raise ReportTooEarly(refusal)
    for name, value in vars(details).items():
        setattr(challenge, name, value)
    challenge.report_published_at = now
    challenge.status = ChallengeStatus.CLOSED
    db.session.flush()
    record(actor, "challenge report published", "challenge", challenge.id, challenge.title, now=now)
    return challenge
