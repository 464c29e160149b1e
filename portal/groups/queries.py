"""What the group pages read: a fixed number of queries whatever the data size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.groups.models import (
    ConcernReport,
    Group,
    GroupFollower,
    GroupLead,
    GroupUpdate,
    Meetup,
    MeetupSession,
)

GROUPS_PER_PAGE = 20


def visible_groups(*, audience=None, area=None, day: int | None = None, page: int = 1):
    """Groups not hidden, by name, filtered by who they are for, area and meet-up day."""
    query = select(Group).where(Group.hidden_at.is_(None)).options(selectinload(Group.leads))
    if audience:
        query = query.where(Group.audience == audience)
    if area:
        query = query.where(Group.area == area)
    if day is not None:
        query = query.where(
            Group.id.in_(
                select(Meetup.group_id).where(Meetup.weekday == day, Meetup.cancelled_at.is_(None))
            )
        )
    return db.paginate(
        query.order_by(Group.name), page=page, per_page=GROUPS_PER_PAGE, error_out=False
    )


def group_by_slug(slug: str) -> Group | None:
    return db.session.scalar(
        select(Group).where(Group.slug == slug).options(selectinload(Group.leads))
    )


def live_meetups(group: Group) -> list[Meetup]:
    """The group's meet-ups not cancelled, oldest rule first."""
    return list(
        db.session.scalars(
            select(Meetup)
            .where(Meetup.group_id == group.id, Meetup.cancelled_at.is_(None))
            .order_by(Meetup.starts_at)
        )
    )


@dataclass
class MeetupDate:
    meetup: Meetup
    starts_at: datetime
    event: object | None  # the session to book, for a meet-up with limited places

    @property
    def ends_at(self) -> datetime:
        return self.meetup.ends(self.starts_at)


def coming_dates(group: Group, *, now: datetime, per_meetup: int = 3) -> list[MeetupDate]:
    """The next dates of each live meet-up, soonest first, with their sessions to book."""
    meetups = live_meetups(group)
    sessions = {
        (s.meetup_id, s.starts_at): s.event
        for s in db.session.scalars(
            select(MeetupSession).where(
                MeetupSession.meetup_id.in_([m.id for m in meetups]),
                MeetupSession.starts_at > now,
            )
        )
    }
    dates = [
        MeetupDate(meetup, starts_at, sessions.get((meetup.id, starts_at)))
        for meetup in meetups
        for starts_at in meetup.dates(after=now, count=per_meetup)
    ]
    return sorted(dates, key=lambda d: d.starts_at)


def group_updates(group: Group, *, include_hidden: bool = False, limit: int = 20):
    query = select(GroupUpdate).where(GroupUpdate.group_id == group.id)
    if not include_hidden:
        query = query.where(GroupUpdate.hidden_at.is_(None))
    return list(
        db.session.scalars(query.order_by(GroupUpdate.created_at.desc(), GroupUpdate.id.desc()))
    )[:limit]


def followers_of(group: Group) -> list[GroupFollower]:
    return list(
        db.session.scalars(
            select(GroupFollower)
            .where(GroupFollower.group_id == group.id)
            .order_by(GroupFollower.followed_at)
        )
    )


def groups_led_by(user) -> list[Group]:
    return list(
        db.session.scalars(
            select(Group)
            .join(GroupLead, GroupLead.group_id == Group.id)
            .where(GroupLead.user_id == user.id)
            .order_by(Group.name)
        )
    )


@dataclass
class GroupActivity:
    group: Group
    followers: int
    updates: int
    meetups: int
    open_concerns: int
    last_update_at: datetime | None


def every_groups_activity() -> list[GroupActivity]:
    """Every group, hidden ones too, with what it has been doing: for staff."""

    def counts(column, *where):
        query = select(column, func.count()).group_by(column)
        for condition in where:
            query = query.where(condition)
        return dict(db.session.execute(query).all())

    followers = counts(GroupFollower.group_id)
    updates = counts(GroupUpdate.group_id)
    meetups = counts(Meetup.group_id, Meetup.cancelled_at.is_(None))
    concerns = counts(ConcernReport.group_id, ConcernReport.resolved_at.is_(None))
    last = dict(
        db.session.execute(
            select(GroupUpdate.group_id, func.max(GroupUpdate.created_at)).group_by(
                GroupUpdate.group_id
            )
        ).all()
    )
    groups = db.session.scalars(
        select(Group).options(selectinload(Group.leads)).order_by(Group.name)
    ).all()
    return [
        GroupActivity(
            g,
            followers.get(g.id, 0),
            updates.get(g.id, 0),
            meetups.get(g.id, 0),
            concerns.get(g.id, 0),
            last.get(g.id),
        )
        for g in groups
    ]


def concerns(*, open_only: bool = True) -> list[ConcernReport]:
    query = select(ConcernReport).order_by(ConcernReport.created_at.desc())
    if open_only:
        query = query.where(ConcernReport.resolved_at.is_(None))
    return list(db.session.scalars(query))
