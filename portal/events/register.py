"""The register on the day, for staff: who has arrived, who did not come, and what would
help each party (every viewing of access needs is recorded, never the needs themselves)."""

from __future__ import annotations

from datetime import datetime

from portal.accounts.models import Role
from portal.audit.services import record
from portal.events.models import ADJUSTMENT_LABELS, Booking, BookingStatus, Event
from portal.events.queries import active_bookings
from portal.events.services import BookingError, Party, book_by_phone
from portal.pledges.training import mark_trainees


class NotALead(BookingError):
    """Only the staff who run a session, and admins, may read what families said would help."""


def may_see_needs(event: Event, user) -> bool:
    """Whether `user` may read what families told us would help at this session: its leads
    and admins. Other staff see only that something was said."""
    return user.role == Role.ADMIN or event.is_led_by(user)


def check_may_see_needs(event: Event, user) -> None:
    """Raises NotALead unless `user` may read this session's access needs."""
    if not may_see_needs(event, user):
        raise NotALead("Only the staff who run this session can see what would help")


def view_access_needs(event: Event, *, actor) -> list[Booking]:
    """The bookings whose access needs `actor` is about to see; the viewing is recorded
    (how many, never the needs themselves). Raises NotALead."""
    check_may_see_needs(event, actor)
    bookings = active_bookings(event.id)
    record(actor, "access needs viewed", "event", event.id, f"{len(bookings)} bookings")
    return bookings


def needs_shown_on_register(event: Event, bookings: list[Booking], *, actor) -> bool:
    """Whether the register shows `actor` what each party said would help: only to those who
    may see it (`may_see_needs`), and then the viewing is recorded when any party told us (how
    many, never the needs themselves). Other staff see only that a party told us."""
    if not may_see_needs(event, actor):
        return False
    told = [booking for booking in bookings if booking.needs_consent_at is not None]
    if told:
        summary = f"{len(told)} bookings, on the register"
        record(actor, "access needs viewed", "event", event.id, summary)
    return True


def needs_text(booking: Booking) -> list[str]:
    """What a party said would help, as the register lists it: the chosen adjustments, then
    their own words."""
    told = [ADJUSTMENT_LABELS.get(key, key) for key in booking.adjustments]
    return [*told, booking.needs_note] if booking.needs_note else told


class NotOnRegister(BookingError):
    """Only parties with places are on the register (not the waiting list, not cancelled)."""


class UnknownRegisterAction(BookingError):
    """The register knows three taps: arrived, undo, no-show."""


REGISTER_ACTIONS = ("arrived", "undo", "no-show")


def mark_register(booking: Booking, action: str, *, now: datetime) -> None:
    """One tap on the register: "arrived" ticks the party in, "undo" unticks them, "no-show"
    records that they did not come.

    The named staff of a business's booking follow the party, and so count as trained (or
    not) on the business's pledge (pledges/training.py).

    Raises NotOnRegister (checked first), then UnknownRegisterAction.
    """
    if booking.status != BookingStatus.CONFIRMED:
        raise NotOnRegister("This booking is not on the register")
    if action not in REGISTER_ACTIONS:
        raise UnknownRegisterAction(f"The register has no action {action!r}")
    booking.arrived_at = now if action == "arrived" else None
    booking.no_show = action == "no-show"
    mark_trainees(booking, arrived_at=booking.arrived_at)


def add_walk_in(
    event: Event,
    *,
    full_name: str,
    party: Party,
    actor,
    now: datetime,
    email: str | None = None,
    phone: str | None = None,
) -> Booking:
    """A party who came to the door without booking: booked as staff book a caller
    (`book_by_phone`, at the door: on the day, with no waiting list, an address or a number
    optional) and marked arrived, in one transaction (flushed; the caller commits).

    Raises AccountError for an address or number that cannot be used, AlreadyBooked, or
    another BookingError: NotEnoughPlaces when the session is full (the places guard is the
    same as for any booking), EventNotBookable when it is not today or not published.
    """
    booking = book_by_phone(
        event,
        full_name=full_name,
        email=email,
        phone=phone,
        party=party,
        actor=actor,
        now=now,
        at_the_door=True,
    )
    mark_register(booking, "arrived", now=now)
    record(actor, "walk-in added", "booking", booking.id, booking.reference, now=now)
    return booking
