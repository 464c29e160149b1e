"""The rules of peer support groups: who may run them, meet-ups, following, updates, concerns.

Roles. A group lead is an ordinary member account that staff have named lead of one group
(a `GroupLead` row): not a global role. `can_manage(group, user)` is the only test: staff, or a
lead of *this* group. A lead is never staff and reaches nothing else.

Meet-ups with limited places reuse the sessions' booking machinery rather than copy it: each
date soon to come gets its own events.Event of kind "peer support" (`materialise_sessions`),
published, so families book it through /events/<id>/book with the same guarded UPDATE, CHECK
constraint, waiting list, limits, confirmation emails and reminders as any session.

Email goes through the outbox in the caller's transaction. Services take explicit arguments,
flush but never commit, and raise the errors below.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from portal.audit.services import record
from portal.dates import LONDON
from portal.events.models import Event, EventKind, EventStatus
from portal.events.organising import cancel_event
from portal.extensions import db
from portal.groups.models import (
    ConcernReport,
    Group,
    GroupFollower,
    GroupLead,
    GroupUpdate,
    Meetup,
    MeetupReminder,
    MeetupSession,
    Repeat,
)
from portal.links import external_url
from portal.outbox.services import email_subject, queue_email
from portal.slugs import unique_slug

# How far ahead the dates of a meet-up with limited places are open for booking.
BOOKING_HORIZON = timedelta(days=62)
# Meet-up reminders go to followers this long before each date.
REMINDER_BEFORE = timedelta(days=1)


class GroupError(Exception):
    """Base class: the message is plain English and safe to show."""


class NotAllowed(GroupError):
    """The person may not do this to this group (not staff, not one of its leads)."""


class CannotFollow(GroupError):
    """Following needs an account with a confirmed email address."""


class NotALead(GroupError):
    """The account cannot be made a lead (unknown, staff, business, disabled)."""


def can_manage(group: Group, user) -> bool:
    """Staff manage every group; a lead manages only the group they lead."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return user.is_staff or group.is_led_by(user)


def require_manager(group: Group, user) -> None:
    """Raise NotAllowed unless `user` may manage `group`."""
    if not can_manage(group, user):
        raise NotAllowed("Only this group's leads and staff can do that.")


# Groups (staff) ---------------------------------------------------------------------------


@dataclass
class GroupDetails:
    name: str
    summary: str
    description: str
    audience: str
    area: str
    usual_place: str = ""
    usual_time: str = ""
    joining: str = "drop-in"
    joining_note: str = ""
    contact_email: str = ""


def create_group(details: GroupDetails, *, actor, now: datetime) -> Group:
    """Staff create a group (with no leads yet). Raises nothing of its own."""
    slug = unique_slug(
        details.name,
        taken=lambda s: db.session.scalar(select(Group.id).where(Group.slug == s)) is not None,
        fallback="group",
    )
    group = Group(slug=slug, created_at=now, **vars(details))
    db.session.add(group)
    db.session.flush()
    record(actor, "group created", "group", group.id, group.name, now=now)
    return group


def update_group(group: Group, details: GroupDetails, *, actor, now: datetime) -> None:
    """A lead or staff change the group's page. Raises NotAllowed."""
    require_manager(group, actor)
    for name, value in vars(details).items():
        setattr(group, name, value)
    record(actor, "group changed", "group", group.id, group.name, now=now)


def appoint_lead(group: Group, user, *, actor, now: datetime) -> GroupLead:
    """Staff make a member account a lead of this group. Raises NotAllowed (not staff) or
    NotALead (a staff, business, disabled or erased account, or already a lead)."""
    if not actor.is_staff:
        raise NotAllowed("Only staff can choose a group's leads.")
    if user.role != "member" or user.disabled or user.is_erased:
        raise NotALead("Only a family's own account (a member account) can lead a group.")
    if group.is_led_by(user):
        raise NotALead(f"{user.full_name} already leads this group.")
    lead = GroupLead(group=group, user=user, appointed_at=now)
    db.session.add(lead)
    db.session.flush()
    record(actor, "group lead appointed", "group", group.id, f"user {user.id}", now=now)
    return lead


def remove_lead(group: Group, lead: GroupLead, *, actor, now: datetime) -> None:
    """Staff take the lead role away. Raises NotAllowed (not staff)."""
    if not actor.is_staff:
        raise NotAllowed("Only staff can remove a group lead.")
    record(actor, "group lead removed", "group", group.id, f"user {lead.user_id}", now=now)
    group.leads.remove(lead)
    db.session.flush()


def _coming_sessions(group: Group, now: datetime) -> list[Event]:
    """The bookable sessions of the group's meet-up dates still to come."""
    return list(
        db.session.scalars(
            select(Event)
            .join(MeetupSession, MeetupSession.event_id == Event.id)
            .join(Meetup, Meetup.id == MeetupSession.meetup_id)
            .where(Meetup.group_id == group.id, MeetupSession.starts_at > now)
        )
    )


def hide_group(group: Group, *, reason: str, actor, now: datetime) -> int:
    """Staff hide a group from every public page and feed, its bookable dates included: they
    leave /events and take no more bookings (families already booked keep their places, until
    staff cancel a date from Sessions). Returns how many dates were taken off. Raises
    NotAllowed."""
    if not actor.is_staff:
        raise NotAllowed("Only staff can hide a group.")
    group.hidden_at = now
    group.hidden_reason = reason.strip()
    taken_off = 0
    for event in _coming_sessions(group, now):
        if event.status == EventStatus.PUBLISHED:
            event.status = EventStatus.DRAFT  # meet-up dates are drafts only while hidden
            taken_off += 1
    record(actor, "group hidden", "group", group.id, reason[:200], now=now)
    return taken_off


def show_group(group: Group, *, actor, now: datetime) -> None:
    """Staff show a hidden group again, and its bookable dates still to come. Raises
    NotAllowed."""
    if not actor.is_staff:
        raise NotAllowed("Only staff can show a hidden group.")
    group.hidden_at = None
    group.hidden_reason = ""
    for event in _coming_sessions(group, now):
        if event.status == EventStatus.DRAFT:
            event.status = EventStatus.PUBLISHED
    record(actor, "group shown", "group", group.id, group.name, now=now)


# Meet-ups -----------------------------------------------------------------------------------


@dataclass
class MeetupDetails:
    title: str
    starts_at: datetime
    minutes: int
    repeat: str
    place: str
    details: str = ""
    places: int | None = None  # None: drop in
    venue_id: int | None = None


def add_meetup(group: Group, details: MeetupDetails, *, actor, now: datetime) -> Meetup:
    """A lead (or staff) add a meet-up: once, weekly or monthly; drop-in or with limited
    places (then at one of the venues staff describe, and booked as a session).

    Raises NotAllowed, or GroupError when the first date has passed or limited places have
    no venue.
    """
    require_manager(group, actor)
    if details.repeat not in tuple(Repeat):
        raise GroupError("Choose how often it happens")
    if details.starts_at <= now:
        raise GroupError("The first meet-up must be in the future")
    if details.places is not None and details.venue_id is None:
        raise GroupError("Choose the venue, so families can book places and see what it is like")
    meetup = Meetup(
        group=group,
        title=details.title,
        details=details.details,
        place=details.place,
        venue_id=details.venue_id,
        starts_at=details.starts_at,
        minutes=details.minutes,
        repeat=details.repeat,
        weekday=details.starts_at.astimezone(LONDON).weekday(),
        places=details.places,
        created_at=now,
    )
    db.session.add(meetup)
    db.session.flush()
    record(actor, "meet-up added", "group", group.id, meetup.title, now=now)
    if meetup.places is not None:
        materialise_sessions(meetup, now=now)
    return meetup


def _session_details(meetup: Meetup, starts_at: datetime) -> dict:
    group = meetup.group
    audience = "young-people" if group.audience == "young-people" else "parents"
    return {
        "title": f"{meetup.title} ({group.name})"[:200],
        "summary": f"A peer support meet-up of {group.name}, a group run by local parents."[:400],
        "description": meetup.details or group.summary,
        "audience": audience,
        "kind": EventKind.PEER_SUPPORT,
        "starts_at": starts_at,
        "ends_at": meetup.ends(starts_at),
        "venue_id": meetup.venue_id,
        "capacity": meetup.places,
        "status": EventStatus.PUBLISHED,
        "participation": "Come and talk, or just listen. Nobody has to share anything.",
    }


def materialise_sessions(meetup: Meetup, *, now: datetime) -> list[MeetupSession]:
    """Give each date of a meet-up with limited places within BOOKING_HORIZON its bookable
    session, once: dates that have one already are left alone. Run when the meet-up is added
    and every day by the worker, so a repeating meet-up always has its next dates open.
    Returns the sessions made. Raises nothing of its own.
    """
    if meetup.places is None or meetup.cancelled_at is not None or meetup.group.is_hidden:
        return []  # a hidden group opens no new dates
    have = set(
        db.session.scalars(
            select(MeetupSession.starts_at).where(MeetupSession.meetup_id == meetup.id)
        )
    )
    made = []
    for starts_at in meetup.dates_between(now, now + BOOKING_HORIZON):
        if starts_at in have:
            continue
        event = Event(created_at=now, **_session_details(meetup, starts_at))
        db.session.add(event)
        db.session.flush()
        session = MeetupSession(meetup_id=meetup.id, event_id=event.id, starts_at=starts_at)
        db.session.add(session)
        db.session.flush()
        made.append(session)
    return made


def cancel_meetup(meetup: Meetup, *, reason: str, actor, now: datetime) -> int:
    """A lead or staff cancel a meet-up and every date still to come. Sessions booked for it
    are cancelled with the sessions' own rule (everyone booked or waiting is told). Followers
    are told too. Returns how many people were emailed. Raises NotAllowed or GroupError."""
    require_manager(meetup.group, actor)
    if meetup.cancelled_at is not None:
        raise GroupError("This meet-up is already cancelled.")
    meetup.cancelled_at = now
    told = 0
    sessions = db.session.scalars(
        select(MeetupSession).where(
            MeetupSession.meetup_id == meetup.id, MeetupSession.starts_at > now
        )
    ).all()
    for session in sessions:
        if session.event.status == EventStatus.CANCELLED:
            continue  # staff cancelled this date already
        told += cancel_event(session.event, reason=reason, actor=actor, now=now)
    for follower in active_followers(meetup.group):
        queue_email(
            to=follower.user.email,
            subject=email_subject("Meet-up cancelled: {title}", title=meetup.title),
            template="group_meetup_cancelled",
            group=meetup.group,
            meetup=meetup,
            reason=reason.strip(),
            group_url=external_url("groups.show", slug=meetup.group.slug),
        )
        told += 1
    record(actor, "meet-up cancelled", "group", meetup.group_id, meetup.title, now=now)
    return told


def session_for(meetup: Meetup, starts_at: datetime) -> Event | None:
    """The bookable session of one date of a meet-up with limited places, if it has one."""
    return db.session.scalar(
        select(Event)
        .join(MeetupSession, MeetupSession.event_id == Event.id)
        .where(MeetupSession.meetup_id == meetup.id, MeetupSession.starts_at == starts_at)
    )


# Following ----------------------------------------------------------------------------------


def follow(group: Group, user, *, now: datetime) -> GroupFollower:
    """Follow a group: its updates and meet-up reminders come by email. Idempotent (a
    double-click follows once). Raises CannotFollow without a confirmed email address."""
    if not user.email_confirmed:
        raise CannotFollow(
            f"Confirm your email address before you follow a group. We sent a link to {user.email}."
        )
    existing = _following(group, user)
    if existing is not None:
        return existing
    follower = GroupFollower(group_id=group.id, user_id=user.id, followed_at=now)
    db.session.add(follower)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()  # another request followed first: that one stands
        return _following(group, user)
    return follower


def unfollow(group: Group, user) -> bool:
    """Stop following. True if they were following; nothing happens otherwise."""
    gone = db.session.execute(
        delete(GroupFollower).where(
            GroupFollower.group_id == group.id, GroupFollower.user_id == user.id
        )
    )
    return gone.rowcount > 0


def _following(group: Group, user) -> GroupFollower | None:
    return db.session.scalar(
        select(GroupFollower).where(
            GroupFollower.group_id == group.id, GroupFollower.user_id == user.id
        )
    )


def is_following(group: Group, user) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return _following(group, user) is not None


def active_followers(group: Group) -> list[GroupFollower]:
    """Followers who can be emailed (confirmed, not disabled or erased), earliest first."""
    from portal.accounts.models import User

    return list(
        db.session.scalars(
            select(GroupFollower)
            .join(User, User.id == GroupFollower.user_id)
            .where(
                GroupFollower.group_id == group.id,
                User.email_confirmed_at.is_not(None),
                User.disabled.is_(False),
                User.erased_at.is_(None),
            )
            .order_by(GroupFollower.id)
        )
    )


# Updates ------------------------------------------------------------------------------------


def post_update(group: Group, *, title: str, body: str, actor, now: datetime) -> GroupUpdate:
    """A lead or staff post news to the group; every follower is emailed it in the same
    transaction. Raises NotAllowed, or GroupError for a hidden group."""
    require_manager(group, actor)
    if group.is_hidden:
        raise GroupError("This group is hidden, so it cannot send updates. Ask staff why.")
    update = GroupUpdate(
        group_id=group.id, author_id=actor.id, title=title, body=body, created_at=now
    )
    db.session.add(update)
    db.session.flush()
    url = external_url("groups.update", slug=group.slug, update_id=update.id)
    for follower in active_followers(group):
        queue_email(
            to=follower.user.email,
            subject=email_subject("{group}: {title}", group=group.name, title=title),
            template="group_update",
            group=group,
            update=update,
            update_url=url,
            group_url=external_url("groups.show", slug=group.slug),
        )
    record(actor, "group update posted", "group", group.id, f"update {update.id}", now=now)
    return update


def hide_update(update: GroupUpdate, *, actor, now: datetime) -> None:
    """Staff hide an update from the group page and feed. Raises NotAllowed."""
    if not actor.is_staff:
        raise NotAllowed("Only staff can hide an update.")
    update.hidden_at = now
    record(actor, "group update hidden", "group", update.group_id, f"update {update.id}", now=now)


def show_update(update: GroupUpdate, *, actor, now: datetime) -> None:
    """Staff show a hidden update again. Raises NotAllowed."""
    if not actor.is_staff:
        raise NotAllowed("Only staff can show an update again.")
    update.hidden_at = None
    record(actor, "group update shown", "group", update.group_id, f"update {update.id}", now=now)


# Concerns -----------------------------------------------------------------------------------


def report_concern(
    group: Group,
    *,
    message: str,
    reporter=None,
    contact_email: str = "",
    update: GroupUpdate | None = None,
    now: datetime,
) -> ConcernReport:
    """Anyone reports a concern about a group or an update; staff are emailed a notice
    (without the words, which stay in the console) at the contact address. Raises nothing."""
    from flask import current_app

    signed_in = reporter is not None and getattr(reporter, "is_authenticated", False)
    report = ConcernReport(
        group_id=group.id,
        update_id=update.id if update is not None else None,
        reporter_id=reporter.id if signed_in else None,
        contact_email=contact_email.strip(),
        message=message,
        created_at=now,
    )
    db.session.add(report)
    db.session.flush()
    queue_email(
        to=current_app.config["CONTACT_EMAIL"],
        subject=email_subject("A concern about a group: {group}", group=group.name),
        template="group_concern",
        group=group,
        reports_url=external_url("staff.group_concerns"),
    )
    return report


def resolve_concern(report: ConcernReport, *, actor, now: datetime) -> None:
    """Staff mark a concern dealt with. Raises NotAllowed."""
    if not actor.is_staff:
        raise NotAllowed("Only staff can close a concern.")
    report.resolved_at = now
    record(actor, "group concern closed", "group", report.group_id, f"concern {report.id}", now=now)


# Reminders (the worker) -------------------------------------------------------------------


def send_meetup_reminders(*, now: datetime) -> int:
    """Remind each visible group's followers of every meet-up date within REMINDER_BEFORE,
    once per date (a MeetupReminder row, unique per date, says it was done). Returns how many
    emails were queued. Raises nothing of its own."""
    queued = 0
    meetups = db.session.scalars(
        select(Meetup)
        .join(Group, Group.id == Meetup.group_id)
        .where(Meetup.cancelled_at.is_(None), Group.hidden_at.is_(None))
    ).all()
    for meetup in meetups:
        for starts_at in meetup.dates_between(now, now + REMINDER_BEFORE):
            done = db.session.scalar(
                select(MeetupReminder.id).where(
                    MeetupReminder.meetup_id == meetup.id, MeetupReminder.starts_at == starts_at
                )
            )
            if done:
                continue
            db.session.add(MeetupReminder(meetup_id=meetup.id, starts_at=starts_at, sent_at=now))
            session = session_for(meetup, starts_at)
            for follower in active_followers(meetup.group):
                queue_email(
                    to=follower.user.email,
                    subject=email_subject("Reminder: {title}", title=meetup.title),
                    template="group_meetup_reminder",
                    group=meetup.group,
                    meetup=meetup,
                    starts_at=starts_at,
                    book_url=(
                        external_url("events.show", event_id=session.id) if session else None
                    ),
                    group_url=external_url("groups.show", slug=meetup.group.slug),
                )
                queued += 1
            db.session.flush()
    return queued


def materialise_all(*, now: datetime) -> int:
    """Open the next dates of every meet-up with limited places (see materialise_sessions)."""
    made = 0
    meetups = db.session.scalars(
        select(Meetup).where(Meetup.places.is_not(None), Meetup.cancelled_at.is_(None))
    ).all()
    for meetup in meetups:
        made += len(materialise_sessions(meetup, now=now))
    return made
