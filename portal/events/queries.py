"""Reading sessions and bookings for pages: a fixed number of queries whatever the data size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Row, and_, case, func, or_, select
from sqlalchemy.orm import aliased, selectinload

from portal.dates import LONDON
from portal.events.models import (
    ACTIVE,
    Audience,
    Booking,
    BookingStatus,
    Event,
    EventKind,
    EventStatus,
    Venue,
    VisualStoryPhoto,
)
from portal.extensions import db

PER_PAGE = 10


@dataclass(frozen=True)
class Month:
    value: str  # "2026-12"
    label: str  # "December 2026"
    start: datetime
    end: datetime


def coming_months(now: datetime, count: int = 12) -> list[Month]:
    """This month and the next ones, in London time, for the month filter."""
    local = now.astimezone(LONDON)
    year, month = local.year, local.month
    months = []
    for _ in range(count):
        start = datetime(year, month, 1, tzinfo=LONDON)
        next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
        end = datetime(next_year, next_month, 1, tzinfo=LONDON)
        months.append(Month(f"{year:04d}-{month:02d}", start.strftime("%B %Y"), start, end))
        year, month = next_year, next_month
    return months


@dataclass(frozen=True)
class FilterChoices:
    """What the list's filters may offer: only choices that some coming session has."""

    audiences: set[str]
    kinds: set[str]
    months: list[Month]


def _coming(now: datetime):
    return (Event.status == EventStatus.PUBLISHED, Event.starts_at > now)


def filter_choices(now: datetime, months: list[Month]) -> FilterChoices:
    """The audiences, kinds and `months` that published sessions still to come have, so a
    filter never offers a choice that finds nothing (one query)."""
    in_month = [
        func.count(case((and_(Event.starts_at >= m.start, Event.starts_at < m.end), 1)))
        for m in months
    ]
    rows = db.session.execute(
        select(Event.audience, Event.kind, *in_month)
        .where(*_coming(now))
        .group_by(Event.audience, Event.kind)
    ).all()
    return FilterChoices(
        audiences={row[0] for row in rows},
        kinds={row[1] for row in rows},
        months=[m for n, m in enumerate(months) if any(row[2 + n] for row in rows)],
    )


def upcoming_events(
    *,
    now: datetime,
    audience: str | None = None,
    kind: str | None = None,
    month: Month | None = None,
    page: int = 1,
):
    """One page of published sessions that have not started, soonest first."""
    query = select(Event).where(*_coming(now)).order_by(Event.starts_at, Event.id)
    if audience in set(Audience):
        query = query.where(Event.audience == audience)
    if kind in set(EventKind):
        query = query.where(Event.kind == kind)
    if month is not None:
        query = query.where(Event.starts_at >= month.start, Event.starts_at < month.end)
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)


def event_for_page(event_id: int) -> Event | None:
    """A session with its venue, running order and visual story, in three queries."""
    return db.session.scalar(
        select(Event)
        .where(Event.id == event_id)
        .options(
            selectinload(Event.running_order),
            selectinload(Event.venue).selectinload(Venue.photos),
        )
    )


def feed_events(*, now: datetime, limit: int = 200) -> list[Event]:
    """Published sessions from today on, for the calendar feed."""
    return db.session.scalars(
        select(Event)
        .where(Event.status == EventStatus.PUBLISHED, Event.ends_at > now)
        .order_by(Event.starts_at)
        .limit(limit)
    ).all()


def bookings_for(user_id: int) -> list[Booking]:
    """Everything a person has booked or is waiting for, soonest session first."""
    return db.session.scalars(
        select(Booking).where(Booking.user_id == user_id).order_by(Booking.id.desc())
    ).all()


def upcoming_bookings_count(user_id: int, *, now: datetime) -> int:
    """How many sessions still to come a person is booked or waiting for. A session staff have
    cancelled does not count: its bookings stay as they were, but nobody can go."""
    return db.session.scalar(
        select(func.count(Booking.id))
        .join(Event, Event.id == Booking.event_id)
        .where(
            Booking.user_id == user_id,
            Booking.status.in_(ACTIVE),
            Event.starts_at > now,
            Event.status != EventStatus.CANCELLED,
        )
    )


def booking_by_reference(reference: str) -> Booking | None:
    """The booking with this reference, however its letters are typed."""
    return db.session.scalar(select(Booking).where(Booking.reference == reference.upper()))


def bookings_of(event_id: int, *statuses: BookingStatus) -> list[Booking]:
    """A session's bookings in the given states (all of them if none), in the order made."""
    query = select(Booking).where(Booking.event_id == event_id).order_by(Booking.id)
    if statuses:
        query = query.where(Booking.status.in_(statuses))
    return db.session.scalars(query).all()


def confirmed_bookings(event_id: int) -> list[Booking]:
    """The parties with places at a session, in the order they booked."""
    return bookings_of(event_id, BookingStatus.CONFIRMED)


def active_bookings(event_id: int) -> list[Booking]:
    """The parties booked or waiting for a session, in the order they asked."""
    return bookings_of(event_id, *ACTIVE)


def register_of(event_id: int) -> list[Booking]:
    """The parties with places at a session, by name, as the register lists them: with who
    booked and any named staff of a business, so the page needs three queries however many
    parties there are."""
    from portal.pledges.training import StaffTrainee  # pledges build on events, not back

    bookings = db.session.scalars(
        select(Booking)
        .where(Booking.event_id == event_id, Booking.status == BookingStatus.CONFIRMED)
        .order_by(Booking.id)
        .options(
            selectinload(Booking.user),
            selectinload(Booking.trainees).joinedload(StaffTrainee.business),
        )
    ).all()
    return sorted(bookings, key=lambda b: b.user.full_name.lower() if b.user else "")


def venues_by_name() -> list[Venue]:
    """Every venue, A to Z, for choosing where a session is."""
    return db.session.scalars(select(Venue).order_by(Venue.name)).all()


def split_bookings(bookings: list[Booking], now: datetime):
    """Upcoming active bookings (soonest first) and everything else (latest first)."""
    upcoming = sorted(
        (b for b in bookings if b.is_active and b.event.ends_at > now),
        key=lambda b: b.event.starts_at,
    )
    past = [b for b in bookings if b not in upcoming]
    return upcoming, past


def waiting_position(booking: Booking) -> int:
    """1 for the first family waiting, 2 for the next, and so on."""
    ahead = db.session.scalar(
        select(func.count())
        .select_from(Booking)
        .where(
            Booking.event_id == booking.event_id,
            Booking.status == BookingStatus.WAITING,
            Booking.id < booking.id,
        )
    )
    return ahead + 1


def someone_waiting(event_id: int) -> bool:
    """Whether anyone is on a session's waiting list (so giving up places helps them)."""
    found = select(Booking.id).where(
        Booking.event_id == event_id, Booking.status == BookingStatus.WAITING
    )
    return db.session.scalar(found.limit(1)) is not None


def venues_with_photo_counts() -> list[Row[tuple[Venue, int]]]:
    """Every venue by name, each with how many photos its visual story has (one query)."""
    return db.session.execute(
        select(Venue, func.count(VisualStoryPhoto.id))
        .outerjoin(VisualStoryPhoto)
        .group_by(Venue.id)
        .order_by(Venue.name)
    ).all()


def venue_photo(venue_id: int, photo_id: int) -> VisualStoryPhoto | None:
    """One photo of one venue's visual story, or None if that venue has no such photo."""
    photo = db.session.get(VisualStoryPhoto, photo_id)
    return photo if photo is not None and photo.venue_id == venue_id else None


def is_venue_photo(filename: str) -> bool:
    """Whether `filename` is the stored file of a photo in a venue's visual story."""
    found = select(VisualStoryPhoto.id).where(VisualStoryPhoto.filename == filename).limit(1)
    return db.session.scalar(found) is not None


@dataclass(frozen=True)
class Held:
    """What a person holds for one session: their booking, and where they are in the queue
    if they are waiting (None if booked)."""

    booking: Booking
    position: int | None

    @property
    def waiting(self) -> bool:
        return self.position is not None


def held_for(user_id: int, event_ids: list[int]) -> dict[int, Held]:
    """The active booking or waiting-list place a person holds for each of these sessions, by
    session id, with their place in each queue: one query, however many sessions."""
    if not event_ids:
        return {}
    earlier = aliased(Booking)
    ahead = (
        select(func.count(earlier.id))
        .where(
            earlier.event_id == Booking.event_id,
            earlier.status == BookingStatus.WAITING,
            earlier.id < Booking.id,
        )
        .correlate(Booking)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(Booking, ahead).where(
            Booking.user_id == user_id,
            Booking.event_id.in_(event_ids),
            Booking.status.in_(ACTIVE),
        )
    ).all()
    return {
        booking.event_id: Held(
            booking, ahead + 1 if booking.status == BookingStatus.WAITING else None
        )
        for booking, ahead in rows
    }


def same_training(event: Event) -> tuple[ColumnElement[bool], ...]:
    """Other sessions of the same training as `event`: the same title (whatever its case and
    the spaces around it) for the same audience.

    Sessions carry no series: staff repeat a training by copying it (`create_series` copies the
    title), so the title is what stays the same. The audience is part of it: a training of
    the same name for professionals is not one a family can go to instead. A variant with its
    own title ("Quiet session: through their eyes") is a different session, not another date.
    """
    return (
        func.lower(func.trim(Event.title)) == event.title.strip().lower(),
        Event.audience == event.audience,
        Event.id != event.id,
    )


def other_dates(
    event: Event, *, now: datetime, places: int = 1, user_id: int | None = None, limit: int = 3
) -> list[Event]:
    """Sessions of the same training still to come, open for booking, with at least `places`
    places left, soonest first (and not ones this person already holds a place for)."""
    query = (
        select(Event)
        .where(
            *same_training(event),
            Event.status == EventStatus.PUBLISHED,
            Event.starts_at > now,
            or_(Event.booking_opens_at.is_(None), Event.booking_opens_at <= now),
            or_(Event.booking_closes_at.is_(None), Event.booking_closes_at > now),
            Event.capacity - Event.places_booked >= max(places, 1),
        )
        .order_by(Event.starts_at, Event.id)
        .limit(limit)
    )
    if user_id is not None:
        held = select(Booking.event_id).where(
            Booking.user_id == user_id, Booking.status.in_(ACTIVE)
        )
        query = query.where(Event.id.not_in(held))
    return db.session.scalars(query).all()
