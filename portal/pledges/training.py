"""Staff training that counts towards a pledge: a business books named staff onto a session
for businesses, and each one the register marks arrived adds to the pledge's "N of M staff
trained". What owners report themselves is training done elsewhere, and shows separately.

A business's booking is an ordinary booking (one per owner per session), made by
`events.services.book_places` with its capacity guard and limits: one adult place for each
named person, no children, no carer. The names are rows here, linked to the booking and to
the business, so the trained count needs no guesswork and follows the register.

Services take explicit arguments, flush but never commit, and raise BookingError subclasses
from events.services (or StaffNamesRefused) with plain-English messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ForeignKey, String, func, select, update
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from portal.dates import UTCDateTime
from portal.events.models import ACTIVE, Audience, Booking, Event, EventStatus
from portal.events.services import BookingError, EventNotBookable, Needs, Party, book_places
from portal.extensions import db
from portal.pledges.models import Business, Pledge

NAME_LENGTH = 100


class StaffTrainee(db.Model):
    """One named member of a business's staff booked onto a training session for businesses.

    `attended_at` follows the register (the party arrived, or the arrival was undone): only
    staff who came count as trained with us.
    """

    __tablename__ = "staff_trainees"

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(
        ForeignKey("bookings.id", ondelete="CASCADE"), index=True
    )
    business_id: Mapped[int] = mapped_column(
        ForeignKey("businesses.id", ondelete="CASCADE"), index=True
    )
    # Who typed the names, so that "Download your data" and erasing an account can find them.
    booked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    attended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    booking: Mapped[Booking] = relationship(
        backref=backref("trainees", order_by="StaffTrainee.id", cascade="all, delete-orphan")
    )
    business: Mapped[Business] = relationship()

    def __repr__(self) -> str:
        return f"<StaffTrainee {self.id} of booking {self.booking_id}>"


class StaffNamesRefused(BookingError):
    """No names, a name too long, or the same name twice."""


def is_business_training(event: Event) -> bool:
    """Sessions for businesses are booked by a business for named staff, not by families."""
    return event.audience == Audience.BUSINESSES


def clean_names(lines: list[str]) -> list[str]:
    """The names typed, one a line, without blank lines or spaces around them.

    Raises StaffNamesRefused when there are none, one is too long, or one is there twice."""
    names = [" ".join(line.split()) for line in lines]
    names = [name for name in names if name]
    if not names:
        raise StaffNamesRefused("Enter the name of at least one member of staff")
    if any(len(name) > NAME_LENGTH for name in names):
        raise StaffNamesRefused(f"Each name must be {NAME_LENGTH} characters or fewer")
    seen = set()
    for name in names:
        if name.casefold() in seen:
            raise StaffNamesRefused(f"{name} is in the list twice")
        seen.add(name.casefold())
    return names


def book_staff_training(
    event: Event, business: Business, owner, names: list[str], *, note: str = "", now: datetime
) -> Booking:
    """Book named staff of `business` onto a session for businesses: one place each.

    The owner makes the booking (emailed to them, theirs to change or cancel), through
    `book_places`, so the capacity guard and the limits on one account hold as for anyone.
    `note` is an optional word about what would help on the day: it is kept and deleted like
    any booking's access needs (the owner gives it knowingly, so giving it is the consent).

    Raises EventNotBookable (not a session for businesses, or not open), StaffNamesRefused,
    and whatever `book_places` raises: EmailNotConfirmed, TooManyPlaces, AlreadyBooked,
    TooManyBookings, NotEnoughPlaces.
    """
    if not is_business_training(event):
        raise EventNotBookable("This session is not training for businesses")
    names = clean_names(names)
    needs = Needs(note=note, consent=True)
    booking = book_places(event, owner, Party(adults=len(names)), needs, now=now)
    db.session.add_all(
        StaffTrainee(booking=booking, business_id=business.id, booked_by_id=owner.id, name=name)
        for name in names
    )
    db.session.flush()
    return booking


def mark_trainees(booking: Booking, *, arrived_at: datetime | None) -> None:
    """Follow the register: the named staff of `booking` came (at `arrived_at`) or not (None).

    One UPDATE, so a booking by a family (no names) costs nothing more."""
    db.session.execute(
        update(StaffTrainee)
        .where(StaffTrainee.booking_id == booking.id)
        .values(attended_at=arrived_at)
        .execution_options(synchronize_session="fetch")
    )


@dataclass(frozen=True)
class TrainedCount:
    """How many staff are trained: with us (from the register) and elsewhere (reported)."""

    with_us: int
    elsewhere: int
    total: int | None  # customer-facing staff, as the business reported

    @property
    def trained(self) -> int:
        """All trained staff, never more than the business says it has."""
        both = self.with_us + self.elsewhere
        return min(both, self.total) if self.total is not None else both

    @property
    def more_than_staff(self) -> bool:
        """More are trained than the business says it has: its staff number needs updating."""
        return self.total is not None and self.with_us + self.elsewhere > self.total


def trained_with_us(business_id: int) -> int:
    """How many of the business's staff came to training with us (marked arrived)."""
    return db.session.scalar(
        select(func.count(StaffTrainee.id)).where(
            StaffTrainee.business_id == business_id, StaffTrainee.attended_at.is_not(None)
        )
    )


def trained_count(pledge: Pledge) -> TrainedCount:
    """The pledge's training figures: staff trained with us (all the business's staff the
    register marked arrived) and elsewhere (what the owner reported), out of its staff."""
    return TrainedCount(
        with_us=trained_with_us(pledge.business_id),
        elsewhere=pledge.staff_trained or 0,
        total=pledge.staff_total,
    )


def next_business_training(*, now: datetime) -> Event | None:
    """The next published session for businesses that can still be booked, or None."""
    return db.session.scalar(
        select(Event)
        .where(
            Event.audience == Audience.BUSINESSES,
            Event.status == EventStatus.PUBLISHED,
            Event.starts_at > now,
            Event.drop_in.is_(False),
            (Event.booking_closes_at.is_(None)) | (Event.booking_closes_at > now),
        )
        .order_by(Event.starts_at, Event.id)
        .limit(1)
    )


def business_training_sessions(*, now: datetime) -> list[Event]:
    """Published sessions for businesses still to come, soonest first."""
    return db.session.scalars(
        select(Event)
        .where(
            Event.audience == Audience.BUSINESSES,
            Event.status == EventStatus.PUBLISHED,
            Event.starts_at > now,
            Event.drop_in.is_(False),
        )
        .order_by(Event.starts_at, Event.id)
    ).all()


def training_booked(business: Business, *, now: datetime) -> list[Booking]:
    """The business's bookings on sessions still to come, with their named staff, soonest
    first."""
    return db.session.scalars(
        select(Booking)
        .join(Booking.event)
        .where(
            Booking.id.in_(
                select(StaffTrainee.booking_id).where(StaffTrainee.business_id == business.id)
            ),
            Booking.status.in_(ACTIVE),
            Event.starts_at > now,
        )
        .order_by(Event.starts_at, Booking.id)
    ).all()
