"""Booking rules: places, the waiting list, cancellations and promotions.

Capacity is guarded in the database. A booking takes its places with one conditional UPDATE
(`places_booked = places_booked + n WHERE places_booked + n <= capacity`) that must touch one
row, in the same transaction as the booking row, and a CHECK constraint backs it up. That holds
on SQLite (where SELECT ... FOR UPDATE does nothing) and on PostgreSQL alike.

Each account is held to a few limits (settings, see portal/config.py), so that one account
cannot take every place in several sessions in seconds: how many places it may hold in one
session (`MAX_PLACES_PER_SESSION`), and how many sessions still to come it may hold bookings or
waiting-list places for (`MAX_ACTIVE_BOOKINGS`). Staff booking for someone on the phone are held
to the first but not the second: they judge.

Services take explicit arguments, flush but never commit, and raise the errors below.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from portal.accounts.first_password import account_for_caller
from portal.accounts.models import User
from portal.accounts.services import hold_account
from portal.audit.services import record
from portal.dates import LONDON
from portal.events.emails import (
    email_booking,
    email_change,
    email_confirmation,
    email_promotion,
)
from portal.events.models import (
    ACTIVE,
    ADJUSTMENT_LABELS,
    Audience,
    Booking,
    BookingStatus,
    Event,
    EventStatus,
)
from portal.events.queries import upcoming_bookings_count, waiting_position
from portal.extensions import db
from portal.links import external_url
from portal.outbox.services import email_subject

REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: easy to read aloud


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


class TooManyPlaces(PartyNotAllowed):
    """The party needs more places than one account may hold in one session."""


class TooManyBookings(BookingError):
    """The account already holds as many bookings and waiting-list places for sessions still
    to come as one account may."""


class EmailNotConfirmed(BookingError):
    """The person has not yet confirmed their email address (booking online needs it)."""


class NotActive(BookingError):
    """The booking was already cancelled, or the waiting-list place already given up."""


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


DROP_IN = "This is a drop-in session. There is no need to book: just come along."


def booking_problem(event: Event, *, now: datetime) -> str | None:
    """Why this session cannot be booked now, in plain English, or None if it can."""
    if event.status == EventStatus.CANCELLED:
        return "This session has been cancelled, so it cannot be booked."
    if event.status != EventStatus.PUBLISHED:
        return "This session is not open for booking."
    if event.starts_at <= now:
        return "This session has already started or finished, so it cannot be booked."
    if event.drop_in:
        return DROP_IN
    if event.booking_opens_at and now < event.booking_opens_at:
        return "Booking for this session has not opened yet."
    if event.booking_closes_at and now >= event.booking_closes_at:
        return "Booking for this session has closed."
    return None


def walk_in_problem(event: Event, *, now: datetime) -> str | None:
    """Why staff cannot add a party at the door of this session now, or None if they can.

    A walk-in is booked on the day of the session (London time), before or after it starts:
    the booking window and "drop in" are for booking ahead, and do not apply at the door.
    """
    if event.status == EventStatus.CANCELLED:
        return "This session has been cancelled, so nobody can be added."
    if event.status != EventStatus.PUBLISHED:
        return "This session is not published, so nobody can be added."
    if event.starts_at.astimezone(LONDON).date() != now.astimezone(LONDON).date():
        return "Walk-ins can only be added on the day of the session."
    return None


def max_places_per_session() -> int:
    """How many places one account may hold in one session (the largest party, too)."""
    return current_app.config["MAX_PLACES_PER_SESSION"]


def _contact_email() -> str:
    return current_app.config["CONTACT_EMAIL"]


def _people(number: int) -> str:
    return "1 person" if number == 1 else f"{number} people"


def too_many_places(*, by_staff: bool = False) -> str:
    """What to say when a party needs more places than one account may hold in a session."""
    most = max_places_per_session()
    if by_staff:
        return (
            f"One booking can be for up to {_people(most)}. "
            "Book the others under another person's email address."
        )
    return (
        f"One booking can be for up to {_people(most)}. If more of you need to come, "
        f"email us at {_contact_email()} and we will help."
    )


def _check_party(party: Party, *, by_staff: bool) -> None:
    if party.adults < 1:
        raise PartyNotAllowed("At least one adult must come")
    if party.children < 0:
        raise PartyNotAllowed("Enter how many children are coming, or 0")
    # One account holds one booking or waiting-list place per session (the unique index in
    # _insert), so the places it holds in a session are this party's.
    if party.places > max_places_per_session():
        raise TooManyPlaces(too_many_places(by_staff=by_staff))


def _check_bookings_held(user: User, *, now: datetime) -> None:
    most = current_app.config["MAX_ACTIVE_BOOKINGS"]
    # BOOKING_GUARD=False (tests only) leaves the account unheld, so the concurrency test can
    # show that it would catch one account's bookings racing past the limit.
    if current_app.config.get("BOOKING_GUARD", True):
        hold_account(user)
    if upcoming_bookings_count(user.id, now=now) >= most:
        held = "1 session" if most == 1 else f"{most} sessions"
        raise TooManyBookings(
            f"You already have {held} booked or on a waiting list. Cancel one you cannot go "
            "to, then book this one. If you need to go to more, email us at "
            f"{_contact_email()}."
        )


def _check_can_book(
    event: Event,
    user: User,
    party: Party,
    *,
    now: datetime,
    by_staff: bool = False,
    at_the_door: bool = False,
) -> None:
    """Raise EventNotBookable, EmailNotConfirmed, PartyNotAllowed (TooManyPlaces for a party
    larger than one account may bring), AlreadyBooked or TooManyBookings if this party cannot
    book. Staff booking for someone on the phone need no confirmed address (they took it from
    the caller), and may book more sessions for them than they could online (staff judge).
    A party `at_the_door` is held to `walk_in_problem` rather than `booking_problem`."""
    problem = walk_in_problem(event, now=now) if at_the_door else booking_problem(event, now=now)
    if problem:
        raise EventNotBookable(problem)
    if not by_staff and not user.email_confirmed:
        raise EmailNotConfirmed(
            f"Confirm your email address before you book. We sent a link to {user.email}."
        )
    _check_party(party, by_staff=by_staff)
    existing = _active_booking(event, user)
    if existing is not None:
        raise AlreadyBooked("You have already booked this session", existing)
    if not by_staff:
        _check_bookings_held(user, now=now)


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


def book_places(
    event: Event,
    user: User,
    party: Party,
    needs: Needs,
    *,
    now: datetime,
    by_staff: bool = False,
    at_the_door: bool = False,
) -> Booking:
    """Book places for a party, or raise.

    Raises EventNotBookable, EmailNotConfirmed (unless `by_staff`), PartyNotAllowed (or its
    TooManyPlaces), AlreadyBooked (carrying the existing booking), TooManyBookings (unless
    `by_staff`) or NotEnoughPlaces. On success the booking is
    flushed with its email queued; the caller commits. A party `at_the_door` (a walk-in, see
    book_by_phone) may be booked on the day, after the start too; the places guard is the same.
    """
    _check_can_book(event, user, party, now=now, by_staff=by_staff, at_the_door=at_the_door)

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
    email_confirmation(booking)
    return booking


def join_waiting_list(
    event: Event, user: User, party: Party, needs: Needs, *, now: datetime, by_staff: bool = False
) -> Booking:
    """Put a party on the waiting list, or book them if places have come free meanwhile.

    Places that are free while others wait are too few for every party waiting: freeing them
    promoted whoever fitted, earliest first. So a party they fit is booked, as the promotion
    rule would book it, rather than wait behind a bigger one for places nobody else can use.

    Raises EventNotBookable, EmailNotConfirmed (unless `by_staff`), PartyNotAllowed (or its
    TooManyPlaces), AlreadyBooked or TooManyBookings (unless `by_staff`).
    """
    _check_can_book(event, user, party, now=now, by_staff=by_staff)
    if party.places <= event.places_left:
        try:
            return book_places(event, user, party, needs, now=now, by_staff=by_staff)
        except NotEnoughPlaces:
            pass  # someone else took them: wait after all
    booking = _insert(
        _new_booking(event, user, party, needs, status=BookingStatus.WAITING, now=now), event, user
    )
    email_booking(
        booking,
        subject=email_subject("You are on the waiting list: {title}", title=event.title),
        template="waiting_list_joined",
        position=waiting_position(booking),
    )
    return booking


def book_by_phone(
    event: Event,
    *,
    full_name: str,
    party: Party,
    actor,
    now: datetime,
    email: str | None = None,
    phone: str | None = None,
    needs: Needs | None = None,
    at_the_door: bool = False,
) -> Booking:
    """Book for someone who telephoned: the rule staff follow on the phone.

    Find the caller's account by email address, or with none by phone number, or make one
    with no password (accounts/first_password.py): with an address, their booking emails carry
    a link to create one; without, nothing is emailed and staff tell them by phone. Then book
    their places, or, if there are not enough, put them on the waiting list. What would help
    is kept only if `needs.consent` says they agreed on the phone; the booking, and that
    spoken consent, are recorded in the audit log against `actor` (who, and when; never what
    would help).

    A party `at_the_door` (a walk-in: events/register.py add_walk_in) is booked on the day of
    the session, may give neither an address nor a number, and never waits: with too few
    places left, NotEnoughPlaces is raised.

    Raises AccountError (neither an address nor a number, unless `at_the_door`, or one that
    cannot be used), AlreadyBooked, or another BookingError from `book_places` and
    `join_waiting_list`.
    """
    person = account_for_caller(
        full_name=full_name, email=email, phone=phone, unreachable=at_the_door
    ).user
    needs = needs or Needs()
    try:
        booking = book_places(
            event, person, party, needs, now=now, by_staff=True, at_the_door=at_the_door
        )
    except NotEnoughPlaces:
        if at_the_door:
            raise
        booking = join_waiting_list(event, person, party, needs, now=now, by_staff=True)
    summary = f"{booking.reference} ({booking.status})"
    record(actor, "booking made for someone", "booking", booking.id, summary, now=now)
    if booking.needs_consent_at is not None:
        record(
            actor,
            "spoken consent recorded",
            "booking",
            booking.id,
            f"{booking.reference}: they agreed we keep what would help until after the session",
            now=now,
        )
    return booking


def change_problem(booking: Booking, *, now: datetime) -> str | None:
    """Why this booking or waiting-list place cannot be changed now, or None if it can."""
    if not booking.is_active:
        return "This booking has been cancelled, so it cannot be changed."
    if booking.event.status == EventStatus.CANCELLED:
        return "This session has been cancelled, so the booking cannot be changed."
    if booking.event.starts_at <= now:
        return "This session has already started or finished, so the booking cannot be changed."
    if booking.event.audience == Audience.BUSINESSES:
        # Its places are named members of a business's staff (pledges/training.py).
        return (
            "This booking is for named members of your staff. To change who is coming, "
            "cancel it and book again with the new names from your business's page."
        )
    return None


def _kept_needs(needs: Needs, *, now: datetime, consented_at: datetime | None) -> dict:
    """The columns for what would help: kept only with consent, as a new booking keeps them."""
    if not (needs.consent and needs.given):
        return {"adjustments": [], "needs_note": "", "needs_consent_at": None}
    return {
        "adjustments": [a for a in needs.adjustments if a in ADJUSTMENT_LABELS],
        "needs_note": needs.note.strip(),
        "needs_consent_at": consented_at or now,
    }


def change_booking(
    booking: Booking,
    *,
    party: Party | None = None,
    needs: Needs | None = None,
    actor,
    now: datetime,
) -> list[Booking]:
    """Change who is coming (`party`) and what would help (`needs`) on a booking or a
    waiting-list place; either may be None to keep it. Returns the waiting families booked
    into places the change freed.

    A booking that needs fewer places gives the rest back at once, and the waiting list is
    promoted in the same transaction. One that needs more takes them with the same guarded
    UPDATE a booking uses (on PostgreSQL it waits for the session row's lock, then checks
    again), only while the session is open for booking: if they are not free it raises
    NotEnoughPlaces and the caller rolls back, so the party keeps the places it had. The
    booking row itself moves with one conditional UPDATE that names the places it had, so two
    changes (or a change and a cancellation) at once cannot both count from the same start:
    the second raises NotActive.

    A waiting-list place holds no places: its party may change freely (within the limit) and
    it keeps its place in the queue. If the smaller party now fits the places free, it is
    booked, as joining the waiting list would have booked it.

    Emailed with the calendar file again (same UID, higher SEQUENCE) and, when staff change it
    for someone, recorded in the audit log, as cancelling for someone is. Raises NotActive
    (cancelled, or changed meanwhile), EventNotBookable (the session is over or cancelled, or
    closed to more places), PartyNotAllowed (or TooManyPlaces) or NotEnoughPlaces.
    """
    problem = change_problem(booking, now=now)
    if problem:
        raise (NotActive if not booking.is_active else EventNotBookable)(problem)
    by_staff = actor.id != booking.user_id
    was = Party(booking.adults, booking.children, booking.children_ages, booking.carer)
    party = party or was
    _check_party(party, by_staff=by_staff)
    extra = party.places - booking.places if booking.status == BookingStatus.CONFIRMED else 0
    if extra > 0 and booking_problem(booking.event, now=now):
        raise EventNotBookable(
            "Booking for this session has closed, so no places can be added. You can still "
            "change your booking to fewer people."
        )

    values = {
        "adults": party.adults,
        "children": party.children,
        "children_ages": party.children_ages.strip()[:100],
        "carer": party.carer,
        "places": party.places,
    }
    if needs is not None:
        values |= _kept_needs(needs, now=now, consented_at=booking.needs_consent_at)
    if booking.status == BookingStatus.CONFIRMED:
        values["calendar_sequence"] = Booking.calendar_sequence + 1
    moved = db.session.execute(
        update(Booking)
        .where(
            Booking.id == booking.id,
            Booking.status == booking.status,
            Booking.places == booking.places,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        raise NotActive("This booking was changed or cancelled meanwhile. Check it and try again.")
    if extra > 0 and not _take_places(booking.event_id, extra):
        raise NotEnoughPlaces(
            f"There are not enough places left for {_people(extra)} more. "
            "Your booking has not changed."
        )
    if extra < 0:
        _release_places(booking.event_id, -extra)
    db.session.refresh(booking)
    summary = f"{booking.reference}: {was.places} to {party.places} places"
    if needs is not None:
        summary += ", what would help changed"
    if by_staff:
        record(actor, "booking changed for someone", "booking", booking.id, summary, now=now)
    promoted = []
    if extra < 0 or booking.status == BookingStatus.WAITING:
        promoted = promote_waiting_list(booking.event, now=now)
    if booking not in promoted:  # a family just booked hears so in the promotion email
        email_change(booking)
    return promoted


def _move(booking: Booking, was: BookingStatus, to: BookingStatus, *, now: datetime) -> bool:
    """One guarded UPDATE from `was` to `to` (a cancellation); False if another request moved
    it first. What would help goes with it: the booking form promises that cancelling deletes
    it, and a cancelled place has no day to help with."""
    moved = db.session.execute(
        update(Booking)
        .where(Booking.id == booking.id, Booking.status == was)
        .values(status=to, cancelled_at=now, adjustments=[], needs_note="", needs_consent_at=None)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(booking)
    return moved.rowcount == 1


def cancel_booking(booking: Booking, *, now: datetime) -> list[Booking]:
    """Cancel a booking (freeing its places) or leave the waiting list; what would help is
    deleted at once.

    Freed places go to the waiting list in the same transaction. Returns the bookings promoted.
    Raises NotActive when there is nothing left to cancel.
    """
    if booking.status == BookingStatus.WAITING:
        if not _move(booking, BookingStatus.WAITING, BookingStatus.LEFT, now=now):
            raise NotActive("You have already left this waiting list")
        return []
    if not _move(booking, BookingStatus.CONFIRMED, BookingStatus.CANCELLED, now=now):
        raise NotActive("This booking has already been cancelled")
    _release_places(booking.event_id, booking.places)
    email_booking(
        booking,
        subject=email_subject("Booking cancelled: {title}", title=booking.event.title),
        template="booking_cancelled",
        event_url=external_url("events.show", event_id=booking.event_id),
    )
    if booking.event.starts_at <= now:
        return []
    return promote_waiting_list(booking.event, now=now)


def cancel_booking_for(booking: Booking, *, actor, now: datetime) -> list[Booking]:
    """Staff cancel a booking or waiting-list place for someone; recorded in the audit log.

    Returns the waiting families booked into the freed places. Raises NotActive.
    """
    promoted = cancel_booking(booking, now=now)
    record(actor, "booking cancelled for someone", "booking", booking.id, booking.reference)
    return promoted


def cancel_booking_as(booking: Booking, *, actor, now: datetime) -> list[Booking]:
    """Cancel as `actor`: the person booked, or staff acting for them (then recorded, as
    `cancel_booking_for` does). Returns the families promoted. Raises NotActive.
    """
    if booking.user_id == actor.id:
        return cancel_booking(booking, now=now)
    return cancel_booking_for(booking, actor=actor, now=now)


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
            email_promotion(entry)
        db.session.refresh(event)
    return promoted
