"""Pledge rules: registering a business, signing, review, expiry, renewal, families' comments.
(Who manages a business, and inviting colleagues, is in owners.py.)

Services take explicit arguments, flush but never commit, and raise PledgeError subclasses
with plain-English messages.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from functools import partial

from flask import current_app
from sqlalchemy import func, select, update

from portal.accounts.models import Role, User
from portal.accounts.services import hold_account
from portal.audit.services import record
from portal.batches import BatchReport, run_each
from portal.dates import london_day_start
from portal.extensions import db
from portal.links import external_url
from portal.outbox.services import email_subject, queue_email
from portal.pledges.models import (
    Business,
    CommentStatus,
    Commitment,
    CommitmentKind,
    Pledge,
    PledgeStatus,
    VisitComment,
)
from portal.slugs import unique_slug

PLEDGE_LIFETIME = timedelta(days=365)
REMIND_BEFORE = timedelta(days=30)
EDITABLE = (PledgeStatus.DRAFT, PledgeStatus.CHANGES_REQUESTED)
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class PledgeError(Exception):
    """Base class: the message is safe to show."""


class NotEditable(PledgeError):
    """The pledge is with staff, or decided, so the business cannot change it now."""


class TooFewCommitments(PledgeError):
    """A pledge needs at least two commitments."""


class NotReady(PledgeError):
    """Something the pledge needs is missing."""


class TooManyComments(PledgeError):
    """The account has sent as many comments on businesses today as one account may."""


def pledge_to_edit(business: Business, *, now: datetime) -> Pledge:
    """The pledge the business can change now (see `start_pledge`).

    Raises NotEditable while it is with the team, or once it has been decided.
    """
    pledge = start_pledge(business, now=now)
    if pledge.status not in EDITABLE:
        raise NotEditable("Your pledge is with the team now. We will email you when it is checked.")
    return pledge


def postcode_district(postcode: str) -> str:
    """The outward part of a UK postcode: "br1 3uh" -> "BR1"."""
    compact = re.sub(r"\s+", "", postcode or "").upper()
    return compact[:-3] if len(compact) > 3 else compact


def _slug_taken(slug: str) -> bool:
    return db.session.scalar(select(Business.id).where(Business.slug == slug)) is not None


def register_business(
    owner: User,
    *,
    name: str,
    address: str,
    postcode: str,
    sector: str,
    website: str = "",
    description: str = "",
    opening_hours: str = "",
) -> Business:
    """Register a business with its first owner (a member becomes a business user)."""
    district = postcode_district(postcode)
    business = Business(
        slug=unique_slug(f"{name} {district}", taken=_slug_taken, fallback="business"),
        name=name.strip(),
        address=address.strip(),
        postcode=postcode.strip().upper(),
        postcode_district=district,
        sector=sector.strip(),
        website=website.strip(),
        description=description.strip(),
        opening_hours=opening_hours.strip(),
    )
    business.owners.append(owner)
    if owner.role == Role.MEMBER:
        owner.role = Role.BUSINESS
    db.session.add(business)
    db.session.flush()
    return business


def current_pledge(business: Business) -> Pledge | None:
    """The pledge being written or reviewed, if there is one."""
    return next(
        (p for p in reversed(business.pledges) if p.status in (*EDITABLE, PledgeStatus.SUBMITTED)),
        None,
    )


def latest_approved(business: Business) -> Pledge | None:
    return next((p for p in reversed(business.pledges) if p.status == PledgeStatus.APPROVED), None)


def start_pledge(business: Business, *, now: datetime) -> Pledge:
    """The pledge to work on: the one in progress, or a new one (a renewal copies the last)."""
    existing = current_pledge(business)
    if existing is not None:
        return existing
    previous = latest_approved(business)
    pledge = Pledge(business=business, status=PledgeStatus.DRAFT, created_at=now)
    db.session.add(pledge)
    if previous is not None:
        pledge.renews_id = previous.id
        pledge.commitments = list(previous.commitments)
        for name in (
            "quiet_hour_day",
            "quiet_hour_start",
            "quiet_hour_end",
            "staff_total",
            "staff_trained",
            "signatory_name",
            "signatory_role",
        ):
            setattr(pledge, name, getattr(previous, name))
    db.session.flush()
    return pledge


def _editable(pledge: Pledge) -> None:
    if pledge.status not in EDITABLE:
        raise NotEditable("This pledge is with the team now, so it cannot be changed")


def choose_commitments(pledge: Pledge, commitment_ids: list[int]) -> None:
    """Choose what the business promises. Raises TooFewCommitments or NotEditable."""
    _editable(pledge)
    chosen = db.session.scalars(
        select(Commitment).where(Commitment.id.in_(commitment_ids), Commitment.active.is_(True))
    ).all()
    if len(chosen) < 2:
        raise TooFewCommitments("Choose at least 2 commitments")
    pledge.commitments = list(chosen)


def give_details(
    pledge: Pledge,
    *,
    quiet_hour_day="",
    quiet_hour_start="",
    quiet_hour_end="",
    staff_total=None,
    staff_trained=None,
) -> None:
    """The details the chosen commitments need. Raises NotReady or NotEditable."""
    _editable(pledge)
    if pledge.has(CommitmentKind.QUIET_HOUR):
        if quiet_hour_day not in DAYS or not quiet_hour_start or not quiet_hour_end:
            raise NotReady("Give the quiet hour's day, start and end")
        pledge.quiet_hour_day, pledge.quiet_hour_start, pledge.quiet_hour_end = (
            quiet_hour_day,
            quiet_hour_start,
            quiet_hour_end,
        )
    if pledge.has(CommitmentKind.TRAINING):
        if staff_total is None or staff_trained is None or not 0 <= staff_trained <= staff_total:
            raise NotReady("Give how many staff there are and how many are trained so far")
        pledge.staff_total, pledge.staff_trained = staff_total, staff_trained


def check_visual_story(pledge: Pledge) -> None:
    """A pledge that promises a visual story needs at least one photo. Raises NotReady."""
    if pledge.has(CommitmentKind.PHOTOS) and not pledge.business.photos:
        raise NotReady("Add at least one photo to your visual story")


def sign(pledge: Pledge, *, name: str, role: str, agreed: bool, now: datetime) -> None:
    """Sign on the business's behalf. Raises NotReady or NotEditable."""
    _editable(pledge)
    if not agreed or not name.strip() or not role.strip():
        raise NotReady("Give your name and role, and agree to the pledge")
    pledge.signatory_name, pledge.signatory_role, pledge.agreed_at = name.strip(), role.strip(), now


def _email_owners(business: Business, *, subject: str, template: str, **context) -> None:
    for owner in business.owners:
        queue_email(
            to=owner.email,
            subject=subject,
            template=template,
            business=business,
            owner=owner,
            business_url=external_url("pledges.manage", slug=business.slug),
            **context,
        )


def submit(pledge: Pledge, *, reply: str = "", now: datetime) -> None:
    """Send the pledge to staff for review. Raises NotReady or NotEditable."""
    _editable(pledge)
    if len(pledge.commitments) < 2:
        raise NotReady("Choose at least 2 commitments")
    if pledge.has(CommitmentKind.QUIET_HOUR) and not pledge.quiet_hour_day:
        raise NotReady("Give the quiet hour's day and time")
    if pledge.has(CommitmentKind.TRAINING) and pledge.staff_total is None:
        raise NotReady("Give how many staff there are")
    check_visual_story(pledge)
    if pledge.agreed_at is None:
        raise NotReady("Sign the pledge first")
    pledge.status = PledgeStatus.SUBMITTED
    pledge.submitted_at = now
    pledge.business_reply = reply.strip()
    _email_owners(
        pledge.business,
        subject=email_subject("Pledge sent for review: {name}", name=pledge.business.name),
        template="pledge_submitted",
        pledge=pledge,
    )


def _decide(pledge: Pledge) -> None:
    if pledge.status != PledgeStatus.SUBMITTED:
        raise NotEditable("Only a pledge waiting for review can be decided")


def approve(pledge: Pledge, *, actor, now: datetime) -> None:
    """Approve: the pledge is public for 12 months; a renewed pledge replaces the old one."""
    _decide(pledge)
    pledge.status = PledgeStatus.APPROVED
    pledge.approved_at = now
    pledge.expires_at = now + PLEDGE_LIFETIME
    pledge.staff_message = ""
    for older in pledge.business.pledges:
        if older.id != pledge.id and older.status == PledgeStatus.APPROVED:
            older.status = PledgeStatus.REPLACED
    record(actor, "pledge approved", "pledge", pledge.id, pledge.business.name, now=now)
    _email_owners(
        pledge.business,
        subject=email_subject("Pledge approved: {name}", name=pledge.business.name),
        template="pledge_approved",
        pledge=pledge,
        public_url=external_url("pledges.show", slug=pledge.business.slug),
    )


def _send_back(
    pledge: Pledge,
    status: PledgeStatus,
    text: str,
    *,
    missing: str,
    action: str,
    subject: str,
    template: str,
    actor,
    now: datetime,
) -> None:
    _decide(pledge)
    if not text.strip():
        raise NotReady(missing)
    pledge.status = status
    pledge.staff_message = text.strip()
    record(actor, action, "pledge", pledge.id, pledge.business.name, now=now)
    _email_owners(pledge.business, subject=subject, template=template, pledge=pledge)


def request_changes(pledge: Pledge, *, message: str, actor, now: datetime) -> None:
    """Send the pledge back with a message the business sees and can answer.

    Raises NotEditable (not waiting for review) or NotReady (no message)."""
    _send_back(
        pledge,
        PledgeStatus.CHANGES_REQUESTED,
        message,
        missing="Say what needs to change",
        action="pledge changes requested",
        subject=email_subject("Please change your pledge: {name}", name=pledge.business.name),
        template="pledge_changes",
        actor=actor,
        now=now,
    )


def decline(pledge: Pledge, *, reason: str, actor, now: datetime) -> None:
    """Decline with a reason the business is told.

    Raises NotEditable (not waiting for review) or NotReady (no reason)."""
    _send_back(
        pledge,
        PledgeStatus.DECLINED,
        reason,
        missing="Say why the pledge is declined",
        action="pledge declined",
        subject=email_subject("Pledge not approved: {name}", name=pledge.business.name),
        template="pledge_declined",
        actor=actor,
        now=now,
    )


def report_progress(pledge: Pledge, *, staff_total: int, staff_trained: int) -> None:
    """Update how many staff are trained, at any time while the pledge is live."""
    if not 0 <= staff_trained <= staff_total:
        raise NotReady("Trained staff cannot be more than all staff")
    pledge.staff_total, pledge.staff_trained = staff_total, staff_trained


def _send_notice(pledge_id: int, *, column, template: str, subject: str, now: datetime) -> bool:
    """Claim one pledge's notice (a conditional UPDATE setting `column`) and email its owners;
    False if it was claimed already. Flushes."""
    claimed = db.session.execute(
        update(Pledge)
        .where(Pledge.id == pledge_id, column.is_(None))
        .values({column.key: now})
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        return False
    pledge = db.session.get(Pledge, pledge_id)
    _email_owners(
        pledge.business,
        subject=email_subject(subject + ": {name}", name=pledge.business.name),
        template=template,
        pledge=pledge,
    )
    return True


def send_pledge_reminders(*, now: datetime) -> tuple[BatchReport, BatchReport]:
    """Remind businesses 30 days before expiry and tell them on expiry, each once.

    Idempotent: each notice is claimed with a conditional UPDATE before it is queued. Commits
    pledge by pledge (portal/batches.py): one whose email fails is logged and left for the next
    run, and the others are still sent. Returns the reports of (reminders, expiry notices).
    Raises nothing of its own.
    """
    ending_soon = (Pledge.expires_at > now, Pledge.expires_at <= now + REMIND_BEFORE)
    ended = (Pledge.expires_at <= now,)
    reports = []
    for what, column, window, template, subject in (
        (
            "Reminder",
            Pledge.reminder_sent_at,
            ending_soon,
            "pledge_reminder",
            "Your pledge ends soon",
        ),
        (
            "Expiry notice",
            Pledge.expiry_notice_sent_at,
            ended,
            "pledge_expired",
            "Your pledge has ended",
        ),
    ):
        due = db.session.scalars(
            select(Pledge.id)
            .where(Pledge.status == PledgeStatus.APPROVED, column.is_(None), *window)
            .order_by(Pledge.id)
        ).all()
        send = partial(_send_notice, column=column, template=template, subject=subject, now=now)
        reports.append(run_each(due, send, what=f"{what} for pledge"))
    return reports[0], reports[1]


def add_comment(
    business: Business, user: User, *, helped: str, did_not_help: str, now: datetime
) -> VisitComment:
    """A family's word about a visit, held for staff to check before anyone sees it.

    Raises NotReady when both boxes are empty, and TooManyComments when the account has
    already sent `MAX_COMMENTS_PER_DAY` comments today (a day in Bromley, from midnight).
    """
    if not helped.strip() and not did_not_help.strip():
        raise NotReady("Tell us what helped or what did not")
    most = current_app.config["MAX_COMMENTS_PER_DAY"]
    hold_account(user)
    sent_today = db.session.scalar(
        select(func.count(VisitComment.id)).where(
            VisitComment.user_id == user.id, VisitComment.created_at >= london_day_start(now)
        )
    )
    if sent_today >= most:
        sent = "1 comment" if most == 1 else f"{most} comments"
        raise TooManyComments(
            f"You have sent {sent} today, which is as many as we can take from one account "
            "in a day. Your comment is still here: send it tomorrow, or email it to us "
            f"at {current_app.config['CONTACT_EMAIL']}."
        )
    comment = VisitComment(
        business_id=business.id,
        user_id=user.id,
        helped=helped.strip(),
        did_not_help=did_not_help.strip(),
        created_at=now,
    )
    db.session.add(comment)
    db.session.flush()
    return comment


def moderate(comment: VisitComment, *, publish: bool, actor, now: datetime) -> None:
    comment.status = CommentStatus.PUBLISHED if publish else CommentStatus.REJECTED
    record(
        actor,
        "comment published" if publish else "comment rejected",
        "comment",
        comment.id,
        comment.business.name,
        now=now,
    )
