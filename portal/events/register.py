"""The register on the day, for staff: who has arrived, who did not come, and what would
help each party (every viewing of access needs is recorded, never the needs themselves)."""

from __future__ import annotations

from datetime import datetime

from portal.audit.services import record
from portal.events.models import Booking, BookingStatus, Event
from portal.events.queries import active_bookings
from portal.events.services import BookingError


def view_access_needs(event: Event, *, actor) -> list[Booking]:
    """The bookings whose access needs staff are about to see; the viewing is recorded
    (how many, never the needs themselves)."""
    bookings = active_bookings(event.id)
    record(actor, "access needs viewed", "event", event.id, f"{len(bookings)} bookings")
    return bookings


class NotOnRegister(BookingError):
    """Only parties with places are on the register (not the waiting list, not cancelled)."""


def _on_register(booking: Booking) -> None:
    if booking.status != BookingStatus.CONFIRMED:
        raise NotOnRegister("This booking is not on the register")


def set_arrival(booking: Booking, *, arrived: bool, now: datetime) -> None:
    """Tick a party in on the register, or untick them. Raises NotOnRegister."""
    _on_register(booking)
    booking.arrived_at = now if arrived else None
    booking.no_show = False


def mark_no_show(booking: Booking) -> None:
    """Record that a booked party did not come. Raises NotOnRegister."""
    _on_register(booking)
    booking.arrived_at = None
    booking.no_show = True
