"""The register on the day, for staff: who has arrived, who did not come, and what would
help each party (every viewing of access needs is recorded, never the needs themselves)."""

from __future__ import annotations

from datetime import datetime

from portal.accounts.models import Role
from portal.audit.services import record
from portal.events.models import Booking, BookingStatus, Event
from portal.events.queries import active_bookings
from portal.events.services import BookingError
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
