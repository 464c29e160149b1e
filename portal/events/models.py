"""Training sessions, their venues, and the bookings and waiting-list places families hold."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.dates import UTCDateTime, utcnow
from portal.extensions import db
from portal.photos import PhotoColumns


class Audience(StrEnum):
    PARENTS = "parents"
    PROFESSIONALS = "professionals"
    BUSINESSES = "businesses"
    YOUNG_PEOPLE = "young-people"

    @property
    def label(self) -> str:
        return AUDIENCE_LABELS[self]


AUDIENCE_LABELS = {
    Audience.PARENTS: "Parents and carers",
    Audience.PROFESSIONALS: "Professionals",
    Audience.BUSINESSES: "Businesses and shop staff",
    Audience.YOUNG_PEOPLE: "Young people",
}


class EventKind(StrEnum):
    THEATRE = "theatre"
    WORKSHOP = "workshop"
    PEER_SUPPORT = "peer-support"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = {
    EventKind.THEATRE: "Immersive theatre training",
    EventKind.WORKSHOP: "Workshop",
    EventKind.PEER_SUPPORT: "Peer support meet-up",
}


class EventStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


LATE_AFTER = timedelta(minutes=10)


class BookingStatus(StrEnum):
    CONFIRMED = "confirmed"
    WAITING = "waiting"
    CANCELLED = "cancelled"  # a confirmed booking given up
    LEFT = "left"  # a waiting-list place given up


# What families can ask for when they book (stored by key, shown by label).
ADJUSTMENTS = [
    ("quiet-space", "A quiet space to go to"),
    ("seat-near-exit", "A seat near the exit"),
    ("bsl", "A British Sign Language (BSL) interpreter"),
    ("step-free", "A step-free route"),
    ("ear-defenders", "Wearing ear defenders (we will bring our own)"),
    ("breaks", "Breaks when needed"),
]
ADJUSTMENT_LABELS = dict(ADJUSTMENTS)

# A booking that still holds a place, or a place in the queue.
ACTIVE = (BookingStatus.CONFIRMED, BookingStatus.WAITING)


class SensoryProfile:
    """What a place or a session is like for the senses, in plain words. Shared columns."""

    lighting: Mapped[str] = mapped_column(Text, default="")
    noise: Mapped[str] = mapped_column(Text, default="")


class Venue(SensoryProfile, db.Model):
    __tablename__ = "venues"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(Text)
    postcode: Mapped[str] = mapped_column(String(10))
    quiet_space: Mapped[str] = mapped_column(Text, default="")
    step_free_access: Mapped[str] = mapped_column(Text, default="")
    toilets: Mapped[str] = mapped_column(Text, default="")
    parking: Mapped[str] = mapped_column(Text, default="")
    public_transport: Mapped[str] = mapped_column(Text, default="")

    photos: Mapped[list[VisualStoryPhoto]] = relationship(
        back_populates="venue", order_by="VisualStoryPhoto.position", cascade="all, delete-orphan"
    )

    @property
    def full_address(self) -> str:
        """Name, address and postcode: what people booked are told when it changes.

        Spaces around each part do not count: the form strips them, and stored values may
        still carry some from before it did.
        """
        return ", ".join(part.strip() for part in (self.name, self.address, self.postcode))

    def __repr__(self) -> str:
        return f"<Venue {self.id} {self.name!r}>"


# The staff who run a session: only they (and admins) may read what families told us would help.
event_leads = db.Table(
    "event_leads",
    db.Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    db.Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class Event(SensoryProfile, db.Model):
    """A training session or meet-up that people book places on."""

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint(
            "places_booked >= 0 AND places_booked <= capacity", name="places_within_capacity"
        ),
        CheckConstraint("capacity >= 0", name="capacity_not_negative"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("status IN ('draft', 'published', 'cancelled')", name="status_is_known"),
        Index("ix_events_listing", "status", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(400))
    description: Mapped[str] = mapped_column(Text)
    audience: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    venue_id: Mapped[int] = mapped_column(ForeignKey("venues.id"))
    capacity: Mapped[int]
    # The guard against overbooking: only ever changed by a conditional UPDATE (see services).
    places_booked: Mapped[int] = mapped_column(default=0)
    booking_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    booking_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(10), default=EventStatus.DRAFT)
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    low_stimulus: Mapped[bool] = mapped_column(default=False)
    # People just come along: the page says so, and no one can book (see booking_problem).
    drop_in: Mapped[bool] = mapped_column(default=False, server_default=false())
    crowd_size: Mapped[str] = mapped_column(Text, default="")
    participation: Mapped[str] = mapped_column(Text, default="")
    breaks: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    venue: Mapped[Venue] = relationship(lazy="joined", innerjoin=True)
    leads = relationship("User", secondary=event_leads, order_by="User.full_name")
    running_order: Mapped[list[RunningOrderItem]] = relationship(
        back_populates="event", order_by="RunningOrderItem.position", cascade="all, delete-orphan"
    )

    def is_led_by(self, user) -> bool:
        """Whether `user` is one of the staff who run this session."""
        return any(lead.id == user.id for lead in self.leads)

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.places_booked, 0)

    @property
    def is_full(self) -> bool:
        return self.places_left == 0

    @property
    def audience_label(self) -> str:
        return AUDIENCE_LABELS.get(self.audience, self.audience)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    def __repr__(self) -> str:
        return f"<Event {self.id} {self.title!r}>"


class RunningOrderItem(db.Model):
    """One step of what will happen, in order; intense moments say how to step out."""

    __tablename__ = "running_order_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    minutes_from_start: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    detail: Mapped[str] = mapped_column(Text, default="")
    intense: Mapped[bool] = mapped_column(default=False)

    event: Mapped[Event] = relationship(back_populates="running_order")


class VisualStoryPhoto(PhotoColumns, db.Model):
    """A photo in a venue's visual story: the entrance, the room, the people who greet you."""

    __tablename__ = "visual_story_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    venue_id: Mapped[int] = mapped_column(ForeignKey("venues.id", ondelete="CASCADE"), index=True)

    venue: Mapped[Venue] = relationship(back_populates="photos")


class Booking(db.Model):
    """A party's places on a session, or their place in its waiting list.

    One row per party: while waiting it holds no places; promotion confirms it.
    """

    __tablename__ = "bookings"
    __table_args__ = (
        CheckConstraint("adults >= 1", name="at_least_one_adult"),
        CheckConstraint("children >= 0", name="children_not_negative"),
        CheckConstraint(
            "places = adults + children + (CASE WHEN carer THEN 1 ELSE 0 END)", name="places_add_up"
        ),
        CheckConstraint(
            "status IN ('confirmed', 'waiting', 'cancelled', 'left')", name="status_is_known"
        ),
        # One active booking or waiting-list place per person per session: a double-click or a
        # retried request can never make a second one.
        Index(
            "uq_bookings_one_active_per_person",
            "event_id",
            "user_id",
            unique=True,
            sqlite_where=text("status IN ('confirmed', 'waiting')"),
            postgresql_where=text("status IN ('confirmed', 'waiting')"),
        ),
        Index("ix_bookings_event_status", "event_id", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(10))
    adults: Mapped[int] = mapped_column(default=1)
    children: Mapped[int] = mapped_column(default=0)
    children_ages: Mapped[str] = mapped_column(String(100), default="")
    carer: Mapped[bool] = mapped_column(default=False)
    places: Mapped[int]
    # Access needs are special category data: kept only with explicit consent, shown only to
    # the person and the staff running the session, deleted after the session.
    adjustments: Mapped[list[str]] = mapped_column(JSON, default=list)
    needs_note: Mapped[str] = mapped_column(Text, default="")
    needs_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The register on the day: when the party arrived, or that they did not come.
    arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    no_show: Mapped[bool] = mapped_column(default=False, server_default=false())
    feedback_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # How many times the person has been sent the session's calendar file again since the
    # first (a change to their party, a change to the session): the file's SEQUENCE, so their
    # calendar takes the newest.
    calendar_sequence: Mapped[int] = mapped_column(default=0, server_default="0")

    event: Mapped[Event] = relationship(lazy="joined", innerjoin=True)
    user = relationship("User")

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    @property
    def arrived_late(self) -> bool:
        return self.arrived_at is not None and self.arrived_at > self.event.starts_at + LATE_AFTER

    def __repr__(self) -> str:
        return f"<Booking {self.reference} {self.status}>"


class Feedback(db.Model):
    """How a session went, from the person who booked."""

    __tablename__ = "feedback"
    __table_args__ = (
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating_in_range"),
        CheckConstraint(
            "confidence_before IS NULL OR confidence_before BETWEEN 1 AND 5",
            name="confidence_before_in_range",
        ),
        CheckConstraint(
            "confidence_after IS NULL OR confidence_after BETWEEN 1 AND 5",
            name="confidence_after_in_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id"), unique=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    rating: Mapped[int]
    helped: Mapped[str] = mapped_column(Text, default="")
    could_be_better: Mapped[str] = mapped_column(Text, default="")
    confidence_before: Mapped[int | None]
    confidence_after: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BookingDraft(db.Model):
    """The answers of a booking not yet made (who is coming, what would help), kept on the
    server for one account and one session: never in the browser's cookie.

    A draft belongs to its account, so someone else signing in on the same browser starts
    clean; it goes when the person signs out or their sessions are ended, once the booking is
    made, or after BOOKING_DRAFT_HOURS (read as gone, and deleted by `flask retention purge`).
    """

    __tablename__ = "booking_drafts"
    __table_args__ = (db.UniqueConstraint("user_id", "event_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
