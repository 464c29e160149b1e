"""Parent-led peer support groups: the group, its leads and followers, its meet-ups and updates,
and the concerns people report about them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import StrEnum

from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.dates import LONDON, UTCDateTime, clock_label, utcnow
from portal.extensions import db


class GroupAudience(StrEnum):
    PARENTS = "parents"
    YOUNG_PEOPLE = "young-people"
    ADULTS = "adults"


# The autism board is all-ages: groups are for parents, for young people, or for adults.
AUDIENCE_LABELS = {
    GroupAudience.PARENTS: "Parents and carers",
    GroupAudience.YOUNG_PEOPLE: "Young people",
    GroupAudience.ADULTS: "Autistic adults",
}

AREAS = {
    "beckenham": "Beckenham",
    "bromley": "Bromley town",
    "chislehurst": "Chislehurst",
    "orpington": "Orpington",
    "penge": "Penge and Anerley",
    "west-wickham": "West Wickham",
    "online": "Online",
}

JOINING_LABELS = {
    "drop-in": "Just come along",
    "ask-lead": "Ask a group lead first",
}

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}


class Repeat(StrEnum):
    ONCE = "once"
    WEEKLY = "weekly"
    MONTHLY = "monthly"  # the same weekday of the same week each month: "first Tuesday"


class Group(db.Model):
    """A peer support group: what it is, who it is for, where and when it usually meets."""

    __tablename__ = "peer_groups"
    __table_args__ = (
        CheckConstraint(
            "audience IN ('parents', 'young-people', 'adults')", name="audience_is_known"
        ),
        CheckConstraint("joining IN ('drop-in', 'ask-lead')", name="joining_is_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    summary: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    audience: Mapped[str] = mapped_column(String(20))
    area: Mapped[str] = mapped_column(String(20))
    usual_place: Mapped[str] = mapped_column(String(300), default="")
    usual_time: Mapped[str] = mapped_column(String(200), default="")
    joining: Mapped[str] = mapped_column(String(10), default="drop-in")
    joining_note: Mapped[str] = mapped_column(Text, default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    # Hidden by staff (safeguarding): gone from every public page and feed until shown again.
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    leads: Mapped[list[GroupLead]] = relationship(
        back_populates="group", cascade="all, delete-orphan", order_by="GroupLead.id"
    )

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def audience_label(self) -> str:
        return AUDIENCE_LABELS.get(self.audience, self.audience)

    @property
    def area_label(self) -> str:
        return AREAS.get(self.area, self.area)

    @property
    def joining_label(self) -> str:
        return JOINING_LABELS.get(self.joining, self.joining)

    def is_led_by(self, user) -> bool:
        """Whether `user` holds the group lead role for this group (and only this group)."""
        return user is not None and any(lead.user_id == user.id for lead in self.leads)

    def __repr__(self) -> str:
        return f"<Group {self.id} {self.slug!r}>"


class GroupLead(db.Model):
    """A member account given the lead role for one group by staff. Not a global role: a lead
    of one group has no say over another, and is not staff."""

    __tablename__ = "peer_group_leads"
    __table_args__ = (UniqueConstraint("group_id", "user_id", name="uq_peer_group_leads"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("peer_groups.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    appointed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    group: Mapped[Group] = relationship(back_populates="leads")
    user = relationship("User", lazy="joined")


class GroupFollower(db.Model):
    """Someone who gets the group's updates and meet-up reminders by email."""

    __tablename__ = "peer_group_followers"
    __table_args__ = (UniqueConstraint("group_id", "user_id", name="uq_peer_group_followers"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("peer_groups.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    followed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    group: Mapped[Group] = relationship()
    user = relationship("User", lazy="joined")


class Meetup(db.Model):
    """A meet-up: once, or repeating weekly or monthly ("first Tuesday of the month, 10am").

    The rule is the first date and `repeat`; dates are worked out with dateutil's rrule in
    London time, so 10am stays 10am across summer time. A drop-in meet-up (`places` empty)
    needs nothing more. One with limited places is booked as a session: each date soon to come
    gets its own events.Event of kind "peer support" (see services.materialise_sessions), so
    the booking rules, guard, waiting list and reminders are the sessions' own.
    """

    __tablename__ = "peer_meetups"
    __table_args__ = (
        CheckConstraint("repeat IN ('once', 'weekly', 'monthly')", name="repeat_is_known"),
        CheckConstraint("places IS NULL OR places > 0", name="places_positive"),
        CheckConstraint("places IS NULL OR venue_id IS NOT NULL", name="booked_at_a_venue"),
        CheckConstraint("minutes > 0", name="minutes_positive"),
        Index("ix_peer_meetups_group", "group_id", "cancelled_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("peer_groups.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    details: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str] = mapped_column(String(300))
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venues.id"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    minutes: Mapped[int] = mapped_column(default=120)
    repeat: Mapped[str] = mapped_column(String(10), default=Repeat.ONCE)
    # The London weekday (0 = Monday) of every date: what the "day" filter on /groups reads.
    weekday: Mapped[int]
    places: Mapped[int | None]
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    group: Mapped[Group] = relationship()
    venue = relationship("Venue")

    @property
    def is_drop_in(self) -> bool:
        return self.places is None

    @property
    def local_start(self) -> datetime:
        return self.starts_at.astimezone(LONDON)

    @property
    def week_of_month(self) -> int:
        """1 to 4 for the first to fourth weekday of its kind in the month; -1 for a fifth,
        read as "the last", which every month has."""
        n = (self.local_start.day - 1) // 7 + 1
        return -1 if n == 5 else n

    def rule(self) -> rrule:
        """The dates as a dateutil rrule, on naive London wall-clock times."""
        start = self.local_start.replace(tzinfo=None)
        if self.repeat == Repeat.WEEKLY:
            return rrule(WEEKLY, dtstart=start)
        if self.repeat == Repeat.MONTHLY:
            return rrule(
                MONTHLY, dtstart=start, byweekday=weekday(self.weekday, self.week_of_month)
            )
        return rrule(WEEKLY, dtstart=start, count=1)

    def rrule_parts(self) -> dict | None:
        """The RRULE of a calendar file, as icalendar takes it (None for a one-off)."""
        if self.repeat == Repeat.WEEKLY:
            return {"freq": "weekly"}
        if self.repeat == Repeat.MONTHLY:
            return {"freq": "monthly", "byday": f"{self.week_of_month}{_ICAL_DAYS[self.weekday]}"}
        return None

    def dates(self, *, after: datetime, count: int = 3) -> list[datetime]:
        """The next `count` start times (UTC) at or after `after`."""
        if self.cancelled_at is not None:
            return []
        found = []
        local_after = after.astimezone(LONDON).replace(tzinfo=None)
        for local in self.rule().xafter(local_after, count=count, inc=True):
            found.append(local.replace(tzinfo=LONDON).astimezone(UTC))
        return found

    def dates_between(self, start: datetime, end: datetime) -> list[datetime]:
        """Start times (UTC) from `start` up to `end`."""
        if self.cancelled_at is not None:
            return []
        local = [start.astimezone(LONDON).replace(tzinfo=None)]
        local.append(end.astimezone(LONDON).replace(tzinfo=None))
        return [
            moment.replace(tzinfo=LONDON).astimezone(UTC)
            for moment in self.rule().between(*local, inc=True)
        ]

    @property
    def when_label(self) -> str:
        """ "First Tuesday of the month, 10am", "Every Wednesday, 6:30pm" or the one date."""
        start = self.local_start
        time = clock_label(start.time())
        day = DAYS[self.weekday]
        if self.repeat == Repeat.WEEKLY:
            return f"Every {day}, {time}"
        if self.repeat == Repeat.MONTHLY:
            return f"{ORDINALS[self.week_of_month].capitalize()} {day} of the month, {time}"
        return f"{day} {start.day} {start:%B %Y}, {time}"

    def ends(self, starts_at: datetime) -> datetime:
        return starts_at + timedelta(minutes=self.minutes)


_ICAL_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


class MeetupSession(db.Model):
    """One date of a meet-up with limited places, and the session families book for it."""

    __tablename__ = "peer_meetup_sessions"
    __table_args__ = (
        # One session per date, however many times materialising runs (two workers at once).
        UniqueConstraint("meetup_id", "starts_at", name="uq_peer_meetup_sessions_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meetup_id: Mapped[int] = mapped_column(ForeignKey("peer_meetups.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), unique=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)

    meetup: Mapped[Meetup] = relationship()
    event = relationship("Event", lazy="joined")


class MeetupReminder(db.Model):
    """That followers were reminded of one date of a meet-up: each date is told once."""

    __tablename__ = "peer_meetup_reminders"
    __table_args__ = (
        UniqueConstraint("meetup_id", "starts_at", name="uq_peer_meetup_reminders_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meetup_id: Mapped[int] = mapped_column(ForeignKey("peer_meetups.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)


class GroupUpdate(db.Model):
    """News a lead (or staff) posts to the group: on its page, in its feed, emailed to
    followers. Staff can hide one."""

    __tablename__ = "peer_group_updates"
    __table_args__ = (Index("ix_peer_group_updates_group", "group_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("peer_groups.id", ondelete="CASCADE"))
    # Kept when the author's account is erased: the group's news is the group's.
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    group: Mapped[Group] = relationship()
    author = relationship("User")

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class ConcernReport(db.Model):
    """A safeguarding concern about a group or one of its updates, for staff to look at.

    Anyone may report, signed in or not; a visitor may leave an email address for a reply.
    """

    __tablename__ = "peer_group_concerns"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("peer_groups.id", ondelete="CASCADE"))
    update_id: Mapped[int | None] = mapped_column(
        ForeignKey("peer_group_updates.id", ondelete="SET NULL")
    )
    reporter_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    group: Mapped[Group] = relationship()
    update: Mapped[GroupUpdate | None] = relationship()
    reporter = relationship("User")
