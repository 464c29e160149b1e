"""Booking rules: places, the waiting list, cancellations, reminders and feedback.

Capacity is guarded in the database. A booking takes its places with one conditional UPDATE
(`places_booked = places_booked + n WHERE places_booked + n <= capacity`) that must touch one
row, in the same transaction as the booking row, and a CHECK constraint backs it up. That holds
on SQLite (where SELECT ... FOR UPDATE does nothing) and on PostgreSQL alike.

Services take explicit arguments, flush but never commit, and raise the errors below.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from portal.accounts.models import Role, User
from portal.accounts.services import find_user_by_email, register_user
from portal.audit.services import record
from portal.events.calendar import event_calendar
from portal.events.models import ACTIVE, Booking, BookingStatus, Event, EventStatus, Feedback
from portal.extensions import db
from portal.links import external_url
from portal.outbox.services import Attachment, queue_email

REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: easy to read aloud
MAX_PARTY = 8
GIVE_BACK_SALT = "portal.give-back-place"

ADJUSTMENTS = [
    ("quiet-space", "A quiet space to go to"),
    ("seat-near-exit", "A seat near the exit"),
    ("bsl", "A British Sign Language (BSL) interpreter"),
    ("step-free", "A step-free route"),
    ("ear-defenders", "We will bring ear defenders"),
    ("breaks", "Breaks when needed"),
]
ADJUSTMENT_LABELS = dict(ADJUSTMENTS)


class BookingError(Exception):
    """Base class: the message is plain English and safe to show."""


class EventNotBookable(BookingError):
    """The session is a draft, cancelled, over, or not open for booking."""


class NotEnoughPlaces(BookingError):
    """Fewer places are left than the party needs (the waiting list is the way in)."""


class AlreadyBooked(BookingError):
    """The person already has a booking or a waiting-list place for this session."""

    def __init__(self, message: str, booking: Booking) -> None:
        super().__init__(message)
        self.booking = booking


class PartyNotAllowed(BookingError):
    """The party is empty or larger than one booking may be."""


class NotActive(BookingError):
    """The booking was already cancelled, or the waiting-list place already given up."""


class FeedbackNotOpen(BookingError):
    """Feedback opens when the session has ended, for confirmed bookings, once."""


@dataclass(frozen=True)
class Party:
    adults: int = 1
    children: int = 0
    children_ages: str = ""
    carer: bool = False

    @property
    def places(self) -> int:
        return self.adults + self.children + (1 if self.carer else 0)


@dataclass(frozen=True)
class Needs:
    """What would help. Kept only with explicit consent."""

    adjustments: list[str] = field(default_factory=list)
    note: str = ""
    consent: bool = False

    @property
    def given(self) -> bool:
        return bool(self.adjustments or self.note.strip())


def booking_problem(event: Event, *, now: datetime) -> str | None:
    """Why this session cannot be booked now, in plain English, or None if it can."""
    if event.status == EventStatus.CANCELLED:
        return "This session has been cancelled, so it cannot be booked."
    if event.status != EventStatus.PUBLISHED:
        return "This session is not open for booking."
    if event.starts_at <= now:
        return "This session has already started or finished, so it cannot be booked."
    if event.booking_opens_at and now < event.booking_opens_at:
        return "Booking for this session has not opened yet."
    if event.booking_closes_at and now >= event.booking_closes_at:
        return "Booking for this session has closed."
    return None


def _check_party(party: Party) -> None:
    if party.adults < 1:
        raise PartyNotAllowed("At least one adult must come")
    if party.children < 0 or party.places > MAX_PARTY:
        raise PartyNotAllowed(f"One booking can be for up to {MAX_PARTY} people")


def _find_active(event_id: int, user_id: int) -> Booking | None:
    return db.session.scalar(
        select(Booking).where(
            Booking.event_id == event_id,
            Booking.user_id == user_id,
            Booking.status.in_(ACTIVE),
        )
    )


def _active_booking(event: Event, user: User) -> Booking | None:
    """The check made before booking; the unique index backs it up (see _insert)."""
    return _find_active(event.id, user.id)


def _new_reference() -> str:
    while True:
        reference = "BRM-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
        if db.session.scalar(select(Booking.id).where(Booking.reference == reference)) is None:
            return reference


def _take_places(event_id: int, places: int) -> bool:
    """Take places with one guarded UPDATE; False when there are not enough left."""
    result = db.session.execute(
        update(Event)
        .where(Event.id == event_id, Event.places_booked + places <= Event.capacity)
        .values(places_booked=Event.places_booked + places)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _places_taken_unguarded(event: Event) -> int:
    return db.session.scalar(
        select(func.coalesce(func.sum(Booking.places), 0)).where(
            Booking.event_id == event.id, Booking.status == BookingStatus.CONFIRMED
        )
    )


def _release_places(event_id: int, places: int) -> None:
    db.session.execute(
        update(Event)
        .where(Event.id == event_id, Event.places_booked >= places)
        .values(places_booked=Event.places_booked - places)
        .execution_options(synchronize_session=False)
    )


def _new_booking(event: Event, user: User, party: Party, needs: Needs, *, status, now) -> Booking:
    keep_needs = needs.consent and needs.given
    return Booking(
        reference=_new_reference(),
        event_id=event.id,
        user_id=user.id,
        status=status,
        adults=party.adults,
        children=party.children,
        children_ages=party.children_ages.strip()[:100],
        carer=party.carer,
        places=party.places,
        adjustments=[a for a in needs.adjustments if a in ADJUSTMENT_LABELS] if keep_needs else [],
        needs_note=needs.note.strip() if keep_needs else "",
        needs_consent_at=now if keep_needs else None,
        created_at=now,
        confirmed_at=now if status == BookingStatus.CONFIRMED else None,
    )


def _insert(booking: Booking, event: Event, user: User) -> Booking:
    """Add the booking; if the unique index says the person already has one, roll back.

    A lost race rolls back the whole transaction (places taken included) rather than use a
    savepoint: with Python's sqlite3 driver a SAVEPOINT that opens a transaction is committed by
    its RELEASE, which would save half a booking.
    """
    db.session.add(booking)
    try:
        db.session.flush()
    except IntegrityError as error:
        db.session.rollback()
        # Another request for the same person got in first (a double-click or a retry).
        existing = _find_active(event.id, user.id)
        if existing is None:
            raise
        raise AlreadyBooked("You have already booked this session", existing) from error
    return booking


def book_places(event: Event, user: User, party: Party, needs: Needs, *, now: datetime) -> Booking:
    """Book places for a party, or raise.

    Raises EventNotBookable, PartyNotAllowed, AlreadyBooked (carrying the existing booking) or
    NotEnoughPlaces. On success the booking is flushed with its email queued; the caller commits.
    """
    problem = booking_problem(event, now=now)
    if problem:
        raise EventNotBookable(problem)
    _check_party(party)
    existing = _active_booking(event, user)
    if existing is not None:
        raise AlreadyBooked("You have already booked this session", existing)

    if current_app.config.get("BOOKING_GUARD", True):
        if not _take_places(event.id, party.places):
            raise NotEnoughPlaces("There are not enough places left")
    elif _places_taken_unguarded(event) + party.places > event.capacity:
        # Test-only control (BOOKING_GUARD=False): the naive count-then-insert that overbooks
        # under concurrency, so the concurrency test can show it would catch a race.
        raise NotEnoughPlaces("There are not enough places left")

    booking = _insert(
        _new_booking(event, user, party, needs, status=BookingStatus.CONFIRMED, now=now),
        event,
        user,
    )
    # The guarded UPDATE changed the count in the database: read it again only if asked.
    db.session.expire(event, ["places_booked"])
    _email_confirmation(booking)
    return booking


def join_waiting_list(
    event: Event, user: User, party: Party, needs: Needs, *, now: datetime
) -> Booking:
    """Put a party on the waiting list, or book them if places have come free meanwhile.

    Raises EventNotBookable, PartyNotAllowed or AlreadyBooked.
    """
    problem = booking_problem(event, now=now)
    if problem:
        raise EventNotBookable(problem)
    _check_party(party)
    existing = _active_booking(event, user)
    if existing is not None:
        raise AlreadyBooked("You have already booked this session", existing)
    nobody_waiting = not db.session.scalar(
        select(Booking.id)
        .where(Booking.event_id == event.id, Booking.status == BookingStatus.WAITING)
        .limit(1)
    )
    if nobody_waiting and party.places <= event.places_left:
        try:
            return book_places(event, user, party, needs, now=now)
        except NotEnoughPlaces:
            pass  # someone else took them: wait after all
    booking = _insert(
        _new_booking(event, user, party, needs, status=BookingStatus.WAITING, now=now), event, user
    )
    queue_email(
        to=user.email,
        subject=f"You are on the waiting list: {event.title}",
        template="waiting_list_joined",
        booking=booking,
        event=event,
        position=waiting_position(booking),
        booking_url=external_url("events.booking", reference=booking.reference),
    )
    return booking


def book_by_phone(
    event: Event, *, email: str, full_name: str, party: Party, actor, now: datetime
) -> Booking:
    """Book for someone who telephoned: the rule staff follow on the phone.

    Find the caller's account by email, or make one (with a random password they can reset);
    then book their places, or, if there are not enough, put them on the waiting list. Either
    way they are emailed, and the booking is recorded in the audit log against `actor`.

    Raises AccountError (an email address that cannot be used), AlreadyBooked, or another
    BookingError from `book_places` and `join_waiting_list`.
    """
    person = find_user_by_email(email)
    if person is None:
        person = register_user(
            email=email, full_name=full_name, password=secrets.token_urlsafe(24), role=Role.MEMBER
        )
    try:
        booking = book_places(event, person, party, Needs(), now=now)
    except NotEnoughPlaces:
        booking = join_waiting_list(event, person, party, Needs(), now=now)
    summary = f"{booking.reference} ({booking.status})"
    record(actor, "booking made for someone", "booking", booking.id, summary, now=now)
    return booking


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


def cancel_booking(booking: Booking, *, now: datetime) -> list[Booking]:
    """Cancel a booking (freeing its places) or leave the waiting list.

    Freed places go to the waiting list in the same transaction. Returns the bookings promoted.
    Raises NotActive when there is nothing left to cancel.
    """
    if booking.status == BookingStatus.WAITING:
        left = db.session.execute(
            update(Booking)
            .where(Booking.id == booking.id, Booking.status == BookingStatus.WAITING)
            .values(status=BookingStatus.LEFT, cancelled_at=now)
            .execution_options(synchronize_session=False)
        )
        db.session.refresh(booking)
        if left.rowcount != 1:
            raise NotActive("You have already left this waiting list")
        return []
    cancelled = db.session.execute(
        update(Booking)
        .where(Booking.id == booking.id, Booking.status == BookingStatus.CONFIRMED)
        .values(status=BookingStatus.CANCELLED, cancelled_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(booking)
    if cancelled.rowcount != 1:
        raise NotActive("This booking has already been cancelled")
    _release_places(booking.event_id, booking.places)
    queue_email(
        to=booking.user.email,
        subject=f"Booking cancelled: {booking.event.title}",
        template="booking_cancelled",
        booking=booking,
        event=booking.event,
        event_url=external_url("events.show", event_id=booking.event_id),
    )
    if booking.event.starts_at <= now:
        return []
    return promote_waiting_list(booking.event, now=now)


def cancel_booking_for(booking: Booking, *, actor, now: datetime) -> list[Booking]:
    """Staff cancel a booking or waiting-list place for someone, recorded in the audit log.

    Returns the waiting families booked into the freed places. Raises NotActive.
    """
    promoted = cancel_booking(booking, now=now)
    record(actor, "booking cancelled for someone", "booking", booking.id, booking.reference)
    return promoted


def promote_waiting_list(event: Event, *, now: datetime) -> list[Booking]:
    """Book waiting families into free places, earliest first.

    A family whose party does not fit yet keeps its place in the queue while later, smaller
    families that fit are booked. Each promotion takes its places with the same guarded UPDATE
    and flips the entry with a conditional UPDATE, so no family is promoted twice.
    """
    promoted: list[Booking] = []
    db.session.refresh(event)
    if event.status != EventStatus.PUBLISHED or event.starts_at <= now:
        return promoted
    waiting = db.session.scalars(
        select(Booking)
        .where(Booking.event_id == event.id, Booking.status == BookingStatus.WAITING)
        .order_by(Booking.id)
    ).all()
    for entry in waiting:
        if entry.places > event.capacity - event.places_booked:
            continue
        if not _take_places(event.id, entry.places):
            db.session.refresh(event)
            continue
        flipped = db.session.execute(
            update(Booking)
            .where(Booking.id == entry.id, Booking.status == BookingStatus.WAITING)
            .values(status=BookingStatus.CONFIRMED, confirmed_at=now)
            .execution_options(synchronize_session=False)
        )
        if flipped.rowcount != 1:
            _release_places(event.id, entry.places)
        else:
            db.session.refresh(entry)
            promoted.append(entry)
            _email_promotion(entry)
        db.session.refresh(event)
    return promoted


def give_back_token(booking: Booking) -> str:
    """A signed token that lets the person give a promoted place back in one step."""
    serializer = URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=GIVE_BACK_SALT)
    return serializer.dumps(booking.reference)


def booking_for_give_back(token: str) -> Booking | None:
    """The booking a give-back token names, or None if the token is not genuine."""
    serializer = URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=GIVE_BACK_SALT)
    try:
        reference = serializer.loads(token, max_age=60 * 60 * 24 * 90)
    except BadSignature:
        return None
    return db.session.scalar(select(Booking).where(Booking.reference == reference))


def _calendar_attachment(event: Event) -> Attachment:
    return Attachment(filename="session.ics", mimetype="text/calendar", text=event_calendar(event))


def _email_confirmation(booking: Booking) -> None:
    event = booking.event
    queue_email(
        to=booking.user.email,
        subject=f"Booking confirmed: {event.title} ({booking.reference})",
        template="booking_confirmed",
        booking=booking,
        event=event,
        adjustment_labels=ADJUSTMENT_LABELS,
        booking_url=external_url("events.booking", reference=booking.reference),
        attachment=_calendar_attachment(event),
    )


def _email_promotion(booking: Booking) -> None:
    event = booking.event
    queue_email(
        to=booking.user.email,
        subject=f"A place is yours: {event.title} ({booking.reference})",
        template="waiting_list_promoted",
        booking=booking,
        event=event,
        booking_url=external_url("events.booking", reference=booking.reference),
        give_back_url=external_url("events.give_back", token=give_back_token(booking)),
        attachment=_calendar_attachment(event),
    )


def _claim_each(column, window, *, now: datetime):
    """Confirmed bookings in published sessions matching `window` whose `column` is unset,
    each claimed by a conditional UPDATE setting it, so no run (or two at once) repeats one."""
    due = db.session.scalars(
        select(Booking)
        .join(Booking.event)
        .where(
            Booking.status == BookingStatus.CONFIRMED,
            column.is_(None),
            Event.status == EventStatus.PUBLISHED,
            *window,
        )
        .order_by(Booking.id)
    ).all()
    for booking in due:
        claimed = db.session.execute(
            update(Booking)
            .where(Booking.id == booking.id, column.is_(None))
            .values({column.key: now})
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount == 1:
            yield booking


def send_reminders(*, now: datetime, days_before: int) -> int:
    """Email each confirmed booking once, `days_before` days before its session.

    Idempotent: running twice (or two runs at once) sends nothing twice. Returns how many were
    queued.
    """
    window = (Event.starts_at > now, Event.starts_at <= now + timedelta(days=days_before))
    sent = 0
    for booking in _claim_each(Booking.reminder_sent_at, window, now=now):
        queue_email(
            to=booking.user.email,
            subject=f"Reminder: {booking.event.title}",
            template="booking_reminder",
            booking=booking,
            event=booking.event,
            booking_url=external_url("events.booking", reference=booking.reference),
        )
        sent += 1
    return sent


def send_feedback_requests(*, now: datetime, within_days: int = 7) -> int:
    """Ask each confirmed booking for feedback once, after its session has ended."""
    window = (Event.ends_at <= now, Event.ends_at > now - timedelta(days=within_days))
    sent = 0
    for booking in _claim_each(Booking.feedback_requested_at, window, now=now):
        queue_email(
            to=booking.user.email,
            subject=f"How was it? {booking.event.title}",
            template="feedback_request",
            booking=booking,
            event=booking.event,
            feedback_url=external_url("events.feedback", reference=booking.reference),
        )
        sent += 1
    return sent


def feedback_problem(booking: Booking, *, now: datetime) -> str | None:
    """Why feedback cannot be given for this booking now, or None."""
    if booking.status != BookingStatus.CONFIRMED or booking.event.status != EventStatus.PUBLISHED:
        return "Feedback is only for people who had a place at a session that went ahead."
    if booking.event.ends_at > now:
        return "You can tell us how it went after the session has finished."
    if db.session.scalar(select(Feedback.id).where(Feedback.booking_id == booking.id)):
        return "Thank you: you have already told us how it went."
    return None


def record_feedback(
    booking: Booking,
    *,
    rating: int,
    helped: str,
    could_be_better: str,
    confidence_before: int | None,
    confidence_after: int | None,
    now: datetime,
) -> Feedback:
    """Keep one person's feedback on a session. Raises FeedbackNotOpen."""
    problem = feedback_problem(booking, now=now)
    if problem:
        raise FeedbackNotOpen(problem)
    feedback = Feedback(
        booking_id=booking.id,
        event_id=booking.event_id,
        rating=rating,
        helped=helped.strip(),
        could_be_better=could_be_better.strip(),
        confidence_before=confidence_before,
        confidence_after=confidence_after,
        created_at=now,
    )
    db.session.add(feedback)
    db.session.flush()
    return feedback


def purge_access_needs(*, now: datetime, days_after: int) -> int:
    """Delete what people told us would help, `days_after` days after their session ended."""
    ended_before = now - timedelta(days=days_after)
    ids = select(Event.id).where(Event.ends_at < ended_before).scalar_subquery()
    result = db.session.execute(
        update(Booking)
        .where(
            Booking.event_id.in_(ids),
            (Booking.needs_note != "") | (Booking.needs_consent_at.is_not(None)),
        )
        .values(adjustments=[], needs_note="", needs_consent_at=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount
