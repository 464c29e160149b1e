"""Pledge rules: registering a business, signing, review, expiry, renewal, families' comments.
(Who manages a business, and inviting colleagues, is in owners.py.)

Services take explicit arguments, flush but never commit, and raise PledgeError subclasses
with plain-English messages.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, datetime, time, timedelta
from functools import partial
from itertools import pairwise

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from portal.accounts.models import Role, User
from portal.accounts.services import hold_account
from portal.audit.services import record
from portal.batches import BatchReport, run_each
from portal.dates import LONDON, london_date, london_day_start
from portal.extensions import db
from portal.links import external_url
from portal.outbox.services import email_subject, queue_email
from portal.pledges.models import (
    OPEN_STATUSES,
    Business,
    CommentStatus,
    Commitment,
    CommitmentKind,
    Pledge,
    PledgeStatus,
    QuietHour,
    VisitComment,
)
from portal.pledges.quiet_hours import DAYS
from portal.slugs import unique_slug

PLEDGE_MONTHS = 12
REMIND_BEFORE = timedelta(days=30)
RENEW_FROM = timedelta(days=60)  # renewing opens this long before a pledge ends
MAX_QUIET_HOURS = 7
EDITABLE = (PledgeStatus.DRAFT, PledgeStatus.CHANGES_REQUESTED)


class PledgeError(Exception):
    """Base class: the message is safe to show."""


class NotEditable(PledgeError):
    """The pledge is with staff, or decided, so the business cannot change it now."""


class TooFewCommitments(PledgeError):
    """A pledge needs at least two commitments."""


class NotReady(PledgeError):
    """Something the pledge needs is missing."""


class NotYetRenewable(NotEditable):
    """The live pledge has more than RENEW_FROM to run, so it is too early to renew it."""


class PledgeEnded(NotEditable):
    """The pledge has ended, so nothing more can be reported on it."""


class PledgeBusy(NotEditable):
    """Someone else started the business's pledge at the same moment (shown like NotEditable:
    the business's page, with this message, where the other pledge now is)."""


class TooManyComments(PledgeError):
    """The account has sent as many comments on businesses today as one account may."""


def expiry_for(approved_at: datetime) -> datetime:
    """When a pledge approved at `approved_at` ends: 12 calendar months later, at the same time
    of day in Bromley (approved 1 March 2027, ends 1 March 2028, although 2028 is a leap year; a
    pledge approved on 29 February ends on 28 February)."""
    local = approved_at.astimezone(LONDON)
    months = local.month - 1 + PLEDGE_MONTHS
    year, month = local.year + months // 12, months % 12 + 1
    day = min(local.day, calendar.monthrange(year, month)[1])
    return local.replace(year=year, month=month, day=day).astimezone(UTC)


def renewable_from(pledge: Pledge) -> datetime | None:
    """The moment the business may start renewing an approved pledge (RENEW_FROM before it
    ends); None for a pledge never approved."""
    return pledge.expires_at - RENEW_FROM if pledge.expires_at else None


def can_renew(pledge: Pledge | None, *, now: datetime) -> bool:
    """Whether renewing is open: the pledge is approved and in its last RENEW_FROM, or over."""
    return (
        pledge is not None
        and pledge.status == PledgeStatus.APPROVED
        and renewable_from(pledge) is not None
        and now >= renewable_from(pledge)
    )


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
    """The pledge to work on: the one in progress, or a new one. A renewal copies the last
    approved pledge's answers, but only the commitments still offered.

    Only one pledge may be open per business. Two requests starting one at once (a double
    click, two owners) queue on the business's row (`_hold_business`), so the second finds the
    first's draft and is handed that. The partial unique index on pledges (models.Pledge) is
    the backstop for any path that skips the queue: its insert fails and PledgeBusy is raised.
    Raises NotYetRenewable while the live pledge has more than RENEW_FROM to run.
    """
    existing = current_pledge(business)
    if existing is not None:
        return existing
    previous = latest_approved(business)
    if previous is not None and previous.is_live(now) and not can_renew(previous, now=now):
        raise NotYetRenewable(
            f"Your pledge is valid until {london_date(previous.expires_at)}. You can renew it "
            f"from {london_date(renewable_from(previous))}, 60 days before it ends."
        )
    _hold_business(business)
    started_meanwhile = db.session.scalar(
        select(Pledge).where(Pledge.business_id == business.id, Pledge.status.in_(OPEN_STATUSES))
    )
    if started_meanwhile is not None:
        return started_meanwhile
    return _new_draft(business, previous, now=now)


def _hold_business(business: Business) -> None:
    # A write of the value it already has: the row lock on PostgreSQL, the write lock on
    # SQLite, held until the transaction ends (as accounts.services.hold_account does).
    db.session.execute(
        update(Business)
        .where(Business.id == business.id)
        .values(slug=Business.slug)
        .execution_options(synchronize_session=False)
    )


def _new_draft(business: Business, previous: Pledge | None, *, now: datetime) -> Pledge:
    """Insert the draft. Raises PledgeBusy when another open pledge was made at the same moment
    (the transaction is then unusable: the caller rolls back)."""
    pledge = Pledge(business=business, status=PledgeStatus.DRAFT, created_at=now)
    db.session.add(pledge)
    if previous is not None:
        _copy_answers(previous, pledge)
    try:
        db.session.flush()
    except IntegrityError:
        raise PledgeBusy(
            "Someone else started this business's pledge at the same moment. "
            "Here it is: carry on from here."
        ) from None
    return pledge


def _copy_answers(previous: Pledge, pledge: Pledge) -> None:
    pledge.renews_id = previous.id
    pledge.commitments = [c for c in previous.commitments if c.active]
    pledge.quiet_hours = [
        QuietHour(weekday=h.weekday, starts_at=h.starts_at, ends_at=h.ends_at)
        for h in previous.quiet_hours
    ]
    for name in ("staff_total", "staff_trained", "signatory_name", "signatory_role"):
        setattr(pledge, name, getattr(previous, name))


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
    quiet_hours: list[tuple[int, time, time]] = (),
    staff_total=None,
    staff_trained=None,
) -> None:
    """The details the chosen commitments need: the quiet hours, as (weekday, starts, ends)
    with Monday 0, and staff numbers. Raises NotReady or NotEditable."""
    _editable(pledge)
    if pledge.has(CommitmentKind.QUIET_HOUR):
        hours = sorted(set(quiet_hours))
        if not hours:
            raise NotReady("Give the quiet hour's day, start and end")
        if len(hours) > MAX_QUIET_HOURS:
            raise NotReady(f"Give {MAX_QUIET_HOURS} quiet hours at most")
        for weekday, starts, ends in hours:
            if weekday not in range(7) or ends <= starts:
                raise NotReady("Each quiet hour must end after it starts")
        for (day, _, ends), (next_day, next_starts, _) in pairwise(hours):
            if day == next_day and next_starts < ends:
                raise NotReady(f"Two quiet hours on {DAYS[day]} overlap")
        pledge.quiet_hours = [
            QuietHour(weekday=weekday, starts_at=starts, ends_at=ends)
            for weekday, starts, ends in hours
        ]
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
    if pledge.has(CommitmentKind.QUIET_HOUR) and not pledge.quiet_hours:
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
    """Approve: the pledge is public for 12 calendar months; a renewal replaces the old one."""
    _decide(pledge)
    pledge.status = PledgeStatus.APPROVED
    pledge.approved_at = now
    pledge.expires_at = expiry_for(now)
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


def report_progress(pledge: Pledge, *, staff_total: int, staff_trained: int, now: datetime) -> None:
    """Update how many staff are trained, at any time while the pledge is live.

    Raises PledgeEnded once it has ended (renewing starts a new pledge, with new numbers), and
    NotReady when more are trained than there are staff."""
    if not pledge.is_live(now):
        raise PledgeEnded(
            f"Your pledge ended on {london_date(pledge.expires_at)}, so progress cannot be "
            "added to it. Renew your pledge to report your training again."
        )
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


def record_acted_on(comment: VisitComment, what_was_done: str, *, actor, now: datetime) -> None:
    """Say what was done because of a published comment: it then shows on “You said, we did”.
    Saying it again changes the words and keeps the first date."""
    if comment.status != CommentStatus.PUBLISHED:
        raise ValueError("Only a published comment can say what was done about it")
    comment.acted_on = what_was_done
    comment.acted_on_at = comment.acted_on_at or now
    record(actor, "comment acted on", "comment", comment.id, comment.business.name, now=now)


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
