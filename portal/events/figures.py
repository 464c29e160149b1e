"""Figures about sessions for staff (the dashboard, the register, the sessions export),
each from a few aggregate queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select
from sqlalchemy.orm import selectinload

from portal.dates import LONDON
from portal.events.models import LATE_AFTER, Booking, BookingStatus, Event, EventStatus, Feedback
from portal.extensions import db


@dataclass(frozen=True)
class SessionRow:
    event: Event
    places_booked: int
    capacity: int
    waiting: int


def upcoming_with_figures(
    *, now: datetime, past: bool = False, limit: int = 100
) -> list[SessionRow]:
    """Sessions (upcoming and drafts, or past ones) with places booked and parties waiting."""
    # Counted for each session shown (the index on event and status answers it), not for
    # every session ever and then joined.
    waiting = _count_for_each_session(BookingStatus.WAITING)
    query = select(Event, waiting).options(selectinload(Event.leads))
    if past:
        query = query.where(Event.ends_at <= now).order_by(Event.starts_at.desc())
    else:
        query = query.where(Event.ends_at > now).order_by(Event.starts_at)
    return [
        SessionRow(event, event.places_booked, event.capacity, waiting_count)
        for event, waiting_count in db.session.execute(query.limit(limit))
    ]


@dataclass(frozen=True)
class TodayRow:
    event: Event
    parties: int
    arrived: int


def _london_day(moment: datetime) -> tuple[datetime, datetime]:
    """The start of the London day `moment` falls on, and of the next (23 to 25 hours on)."""
    day = moment.astimezone(LONDON).date()
    return tuple(
        datetime.combine(d, time(0), tzinfo=LONDON).astimezone(UTC)
        for d in (day, day + timedelta(days=1))
    )


def sessions_today(*, now: datetime) -> list[TodayRow]:
    """The published sessions that start today in London (those already started or over
    included), earliest first, each with how many parties have places and how many arrived:
    one query. Group meet-ups that take bookings are sessions too (groups/services.py)."""
    return today_and_next(now=now)[0]


def today_and_next(*, now: datetime) -> tuple[list[TodayRow], Event | None]:
    """`sessions_today`, and `next_session_after_today`, both in one query (the console shows
    the next only when nothing is on today, but asks the same number of queries either way)."""
    start, end = _london_day(now)
    parties = _count_for_each_session(BookingStatus.CONFIRMED)
    arrived = _count_for_each_session(BookingStatus.CONFIRMED, Booking.arrived_at.is_not(None))
    published = Event.status == EventStatus.PUBLISHED
    following = (
        select(Event.id)
        .where(published, Event.starts_at >= end)
        .order_by(Event.starts_at, Event.id)
        .limit(1)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(Event, parties, arrived)
        .where(
            published,
            or_(and_(Event.starts_at >= start, Event.starts_at < end), Event.id == following),
        )
        .order_by(Event.starts_at, Event.id)
    ).all()
    today = [TodayRow(*row) for row in rows if row[0].starts_at < end]
    return today, next((row[0] for row in rows if row[0].starts_at >= end), None)


def next_session_after_today(*, now: datetime) -> Event | None:
    """The first published session on a later day than today (London), for the console's
    "nothing on today"."""
    return today_and_next(now=now)[1]


def split_by_lead(rows: list[SessionRow], user) -> tuple[list[SessionRow], list[SessionRow]]:
    """The sessions `user` runs, then the others, each in the order given."""
    yours = [row for row in rows if row.event.is_led_by(user)]
    return yours, [row for row in rows if row not in yours]


def _count_for_each_session(status: BookingStatus, *conditions) -> ColumnElement[int]:
    """How many bookings of the session in the row have `status` and meet `conditions`."""
    return (
        select(func.count())
        .where(Booking.event_id == Event.id, Booking.status == status, *conditions)
        .correlate(Event)
        .scalar_subquery()
    )


def _london_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=LONDON).astimezone(UTC)


def _bucket(column, edges: list[datetime], low: int = 0, high: int | None = None):
    """Which of the periods between consecutive `edges` (ascending) `column` falls in, 0 for
    the first, for a value between the first edge and the last (the caller keeps to those).
    Worked out by the database, halving the periods at each step, so about log2(periods)
    comparisons a row; and the same SQL on SQLite and PostgreSQL, which share no way to say
    "the London week of this UTC timestamp"."""
    if high is None:
        high = len(edges) - 1
    if high - low == 1:
        return literal(low)
    middle = (low + high) // 2
    return case(
        (column < edges[middle], _bucket(column, edges, low, middle)),
        else_=_bucket(column, edges, middle, high),
    )


def _week_start(moment: datetime) -> date:
    local = moment.astimezone(LONDON).date()
    return local - timedelta(days=local.weekday())


@dataclass(frozen=True)
class WeekFigure:
    week: date
    bookings: int


def bookings_per_week(*, now: datetime, weeks: int = 52) -> list[WeekFigure]:
    """Bookings confirmed in each of the last `weeks` weeks (Monday to Sunday, London time)."""
    first = _week_start(now) - timedelta(weeks=weeks - 1)
    starts = [first + timedelta(weeks=n) for n in range(weeks + 1)]
    edges = [_london_midnight(day) for day in starts]
    week = _bucket(Booking.confirmed_at, edges).label("week")
    inside = (
        select(week)
        .where(Booking.confirmed_at >= edges[0], Booking.confirmed_at < edges[-1])
        .subquery()
    )
    grouped = select(inside.c.week, func.count()).group_by(inside.c.week)
    counts = dict(db.session.execute(grouped).all())
    return [WeekFigure(starts[n], counts.get(n, 0)) for n in range(weeks)]


@dataclass(frozen=True)
class MonthFigure:
    month: date
    booked: int
    arrived: int

    @property
    def rate(self) -> int | None:
        return round(100 * self.arrived / self.booked) if self.booked else None


def attendance_by_month(*, now: datetime, months: int = 12) -> list[MonthFigure]:
    """For sessions that have ended, in each of the last 12 months: parties booked and arrived."""
    local = now.astimezone(LONDON)
    first_year, first_month = divmod(local.year * 12 + local.month - 1 - (months - 1), 12)
    first = date(first_year, first_month + 1, 1)
    starts = []
    for n in range(months + 1):
        year, month = divmod(first.year * 12 + first.month - 1 + n, 12)
        starts.append(date(year, month + 1, 1))
    edges = [_london_midnight(day) for day in starts]
    month = _bucket(Event.starts_at, edges).label("month")
    inside = (
        select(month, Booking.arrived_at)
        .join(Booking, Booking.event_id == Event.id)
        .where(
            Event.status == EventStatus.PUBLISHED,
            Event.ends_at <= now,
            Booking.status == BookingStatus.CONFIRMED,
            Event.starts_at >= edges[0],
            Event.starts_at < edges[-1],
        )
        .subquery()
    )
    rows = db.session.execute(
        select(inside.c.month, func.count(), func.count(inside.c.arrived_at)).group_by(
            inside.c.month
        )
    )
    counts = {n: (booked, arrived) for n, booked, arrived in rows}
    return [MonthFigure(starts[n], *counts.get(n, (0, 0))) for n in range(months)]


@dataclass(frozen=True)
class FeedbackFigure:
    event: Event
    responses: int
    average_rating: float
    confidence_before: float | None
    confidence_after: float | None


def feedback_by_session(*, limit: int = 20) -> list[FeedbackFigure]:
    """Average rating and confidence before and after, for the latest sessions with feedback
    (those chosen first, so only their feedback is added up)."""
    latest = (
        select(Event.id)
        .where(select(Feedback.id).where(Feedback.event_id == Event.id).exists())
        .order_by(Event.starts_at.desc())
        .limit(limit)
    )
    rows = db.session.execute(
        select(
            Event,
            func.count(Feedback.id),
            func.avg(Feedback.rating),
            func.avg(Feedback.confidence_before),
            func.avg(Feedback.confidence_after),
        )
        .join(Feedback, Feedback.event_id == Event.id)
        .where(Event.id.in_(latest))
        .group_by(Event.id)
        .order_by(Event.starts_at.desc())
    ).all()
    return [
        FeedbackFigure(
            event,
            count,
            round(float(rating), 1),
            round(float(before), 1) if before is not None else None,
            round(float(after), 1) if after is not None else None,
        )
        for event, count, rating, before, after in rows
    ]


def register_counts(event_id: int) -> dict[str, int]:
    """Register counts for one session: parties expected, arrived (late among them), no-shows."""
    event = db.session.get(Event, event_id)
    row = db.session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(case((Booking.arrived_at.is_not(None), 1), else_=0)), 0),
            func.coalesce(
                func.sum(case((Booking.arrived_at > event.starts_at + LATE_AFTER, 1), else_=0)), 0
            ),
            func.coalesce(func.sum(case((Booking.no_show.is_(True), 1), else_=0)), 0),
            func.coalesce(
                func.sum(case((Booking.arrived_at.is_not(None), Booking.places), else_=0)), 0
            ),
        ).where(Booking.event_id == event_id, Booking.status == BookingStatus.CONFIRMED)
    ).one()
    parties, arrived, late, missing, people_in = row
    return {
        "parties": parties,
        "arrived": arrived,
        "late": late,
        "no_show": missing,
        "waiting_to_arrive": parties - arrived - missing,
        "people_in": people_in,
    }
