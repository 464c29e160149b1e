"""Businesses, the commitments they pledge, their pledges, and what families say about them;
who manages each business, and the invitations that let a colleague join them."""

from __future__ import annotations

from datetime import datetime, time
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    Time,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.dates import UTCDateTime, utcnow
from portal.extensions import db
from portal.photos import PhotoColumns


class CommitmentKind(StrEnum):
    PLAIN = "plain"
    QUIET_HOUR = "quiet-hour"  # needs a day and times
    TRAINING = "training"  # needs staff numbers
    PHOTOS = "photos"  # needs a photo-based visual story of the premises


class PledgeStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes-requested"
    APPROVED = "approved"
    DECLINED = "declined"
    REPLACED = "replaced"  # an approved pledge whose renewal has been approved


# The pledge is being written or reviewed (services.current_pledge): at most one per business.
OPEN_STATUSES = (PledgeStatus.DRAFT, PledgeStatus.CHANGES_REQUESTED, PledgeStatus.SUBMITTED)
OPEN_STATUSES_SQL = "status IN ('draft', 'changes-requested', 'submitted')"


class CommentStatus(StrEnum):
    PENDING = "pending"
    PUBLISHED = "published"
    REJECTED = "rejected"


class Commitment(db.Model):
    """Something a business can promise, from the catalogue staff keep."""

    __tablename__ = "commitments"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(20), default=CommitmentKind.PLAIN)
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)


business_owners = Table(
    "business_owners",
    db.metadata,
    Column("business_id", ForeignKey("businesses.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)

pledge_commitments = Table(
    "pledge_commitments",
    db.metadata,
    Column("pledge_id", ForeignKey("pledges.id", ondelete="CASCADE"), primary_key=True),
    Column("commitment_id", ForeignKey("commitments.id"), primary_key=True),
)


class Business(db.Model):
    __tablename__ = "businesses"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(Text)
    postcode: Mapped[str] = mapped_column(String(10))
    postcode_district: Mapped[str] = mapped_column(String(5), index=True)
    sector: Mapped[str] = mapped_column(String(100))
    website: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    opening_hours: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    owners = relationship("User", secondary=business_owners, lazy="selectin")
    photos: Mapped[list[BusinessPhoto]] = relationship(
        order_by="BusinessPhoto.position", cascade="all, delete-orphan", lazy="selectin"
    )
    pledges: Mapped[list[Pledge]] = relationship(
        back_populates="business", order_by="Pledge.id", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Business {self.slug}>"


class BusinessPhoto(PhotoColumns, db.Model):
    """A photo in a business's visual story or sensory guide: the way in, inside, quiet spots."""

    __tablename__ = "business_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(
        ForeignKey("businesses.id", ondelete="CASCADE"), index=True
    )


class Pledge(db.Model):
    """One pledge: signed, reviewed, approved for 12 months. Renewing makes a new one."""

    __tablename__ = "pledges"
    __table_args__ = (
        CheckConstraint(
            "status IN ('draft', 'submitted', 'changes-requested', 'approved', 'declined', "
            "'replaced')",
            name="status_is_known",
        ),
        CheckConstraint(
            "staff_trained IS NULL OR staff_total IS NULL OR staff_trained <= staff_total",
            name="trained_within_staff",
        ),
        Index("ix_pledges_directory", "status", "expires_at"),
        # One pledge being written or reviewed per business, whoever starts it: a double click
        # on "Make a pledge" or two owners starting at once must not make two drafts (the
        # second insert fails here, and start_pledge hands back the first one instead).
        Index(
            "uq_pledges_one_open_per_business",
            "business_id",
            unique=True,
            sqlite_where=text(OPEN_STATUSES_SQL),
            postgresql_where=text(OPEN_STATUSES_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(ForeignKey("businesses.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=PledgeStatus.DRAFT)
    staff_total: Mapped[int | None]
    staff_trained: Mapped[int | None]
    signatory_name: Mapped[str] = mapped_column(String(200), default="")
    signatory_role: Mapped[str] = mapped_column(String(200), default="")
    agreed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    staff_message: Mapped[str] = mapped_column(Text, default="")
    business_reply: Mapped[str] = mapped_column(Text, default="")
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expiry_notice_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    renews_id: Mapped[int | None] = mapped_column(ForeignKey("pledges.id"))

    business: Mapped[Business] = relationship(back_populates="pledges", lazy="joined")
    commitments: Mapped[list[Commitment]] = relationship(
        secondary=pledge_commitments, order_by="Commitment.position", lazy="selectin"
    )
    quiet_hours: Mapped[list[QuietHour]] = relationship(
        order_by="(QuietHour.weekday, QuietHour.starts_at)",
        cascade="all, delete-orphan",
        lazy="selectin",
    )

    def has(self, kind: str) -> bool:
        return any(c.kind == kind for c in self.commitments)

    def is_live(self, now: datetime) -> bool:
        return (
            self.status == PledgeStatus.APPROVED
            and self.expires_at is not None
            and self.expires_at > now
        )

    def __repr__(self) -> str:
        return f"<Pledge {self.id} {self.status}>"


class QuietHour(db.Model):
    """One weekly quiet hour a pledge promises: a day of the week, and when it starts and ends
    (times in Bromley). A pledge with the quiet hour commitment has one or more."""

    __tablename__ = "quiet_hours"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_is_a_day"),
        CheckConstraint("ends_at > starts_at", name="ends_after_it_starts"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pledge_id: Mapped[int] = mapped_column(ForeignKey("pledges.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int]  # as datetime.weekday(): 0 is Monday
    starts_at: Mapped[time] = mapped_column(Time)
    ends_at: Mapped[time] = mapped_column(Time)

    def __repr__(self) -> str:
        return f"<QuietHour {self.weekday} {self.starts_at}-{self.ends_at}>"


class BusinessInvitation(db.Model):
    """An owner's invitation to a colleague to help manage a business, answered by an emailed link.

    Nobody becomes an owner without saying yes: the link is the proof, and only a SHA-256 hash of
    its token is kept, so the table alone cannot accept anything. An invitation is open until it
    is accepted, declined or expires; a cancelled one is deleted. Nothing here is shown to the
    owners about the invited person until they accept (then they are an owner, by name).
    """

    __tablename__ = "business_invitations"
    __table_args__ = (
        CheckConstraint("accepted_at IS NULL OR declined_at IS NULL", name="answered_once"),
        CheckConstraint("expires_at > created_at", name="expires_after_it_is_made"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(
        ForeignKey("businesses.id", ondelete="CASCADE"), index=True
    )
    # Normalised (accounts.services.normalise_email): the address the owner typed, and the only
    # one the email goes to. The person may accept while signed in to any account.
    email: Mapped[str] = mapped_column(String(254))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    declined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    business: Mapped[Business] = relationship(lazy="joined")
    invited_by = relationship("User", foreign_keys=[invited_by_id], lazy="joined")

    def is_open(self, now: datetime) -> bool:
        """Not yet answered, and not expired."""
        return self.accepted_at is None and self.declined_at is None and self.expires_at > now

    def __repr__(self) -> str:
        return f"<BusinessInvitation {self.id} for business {self.business_id}>"


class VisitComment(db.Model):
    """A family's word about a visit to a pledged business; shown once staff publish it."""

    __tablename__ = "visit_comments"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'published', 'rejected')", name="status_is_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(ForeignKey("businesses.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    helped: Mapped[str] = mapped_column(Text, default="")
    did_not_help: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default=CommentStatus.PENDING)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # What was done because of it ("The shop now turns the music down in its quiet hour"),
    # shown on “You said, we did” once staff write it.
    acted_on: Mapped[str] = mapped_column(Text, default="", server_default="")
    acted_on_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    business: Mapped[Business] = relationship(lazy="joined")


class ChangeStatus(StrEnum):
    WAITING = "waiting"  # with staff
    SENT_BACK = "sent-back"  # staff asked for something: the business can change it and resend
    APPROVED = "approved"  # applied to the business; kept as a record


# A change being written or reviewed (changes.open_change): at most one per business.
OPEN_CHANGE_SQL = "status IN ('waiting', 'sent-back')"

business_change_removals = Table(
    "business_change_removals",
    db.metadata,
    Column("change_id", ForeignKey("business_changes.id", ondelete="CASCADE"), primary_key=True),
    Column("photo_id", ForeignKey("business_photos.id", ondelete="CASCADE"), primary_key=True),
)


class BusinessChange(db.Model):
    """Changes a business wants to what the public sees (its address, opening hours,
    description, website and photos) once it has a public page or a pledge with staff.

    It holds the whole set of proposed details, the photos to add and those to take away; the
    public keeps seeing the business's own columns until staff approve, when everything is
    applied at once (changes.approve_change). Later edits update the open change rather than
    making another.
    """

    __tablename__ = "business_changes"
    __table_args__ = (
        CheckConstraint("status IN ('waiting', 'sent-back', 'approved')", name="status_is_known"),
        # One change being written or reviewed per business: staff compare one set of
        # proposals with what the public sees, and two edits at once cannot make two.
        Index(
            "uq_business_changes_one_open_per_business",
            "business_id",
            unique=True,
            sqlite_where=text(OPEN_CHANGE_SQL),
            postgresql_where=text(OPEN_CHANGE_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(
        ForeignKey("businesses.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(20), default=ChangeStatus.WAITING)
    address: Mapped[str] = mapped_column(Text)
    postcode: Mapped[str] = mapped_column(String(10))
    website: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    opening_hours: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    staff_message: Mapped[str] = mapped_column(Text, default="")

    business: Mapped[Business] = relationship(lazy="joined")
    photos: Mapped[list[ProposedPhoto]] = relationship(
        order_by="ProposedPhoto.position", cascade="all, delete-orphan", lazy="selectin"
    )
    removals: Mapped[list[BusinessPhoto]] = relationship(
        secondary=business_change_removals, order_by="BusinessPhoto.position", lazy="selectin"
    )

    FIELDS = (
        ("address", "Address"),
        ("postcode", "Postcode"),
        ("opening_hours", "Opening hours"),
        ("description", "Description"),
        ("website", "Website"),
    )

    def differences(self) -> list[tuple[str, str, str]]:
        """(label, what the public sees now, what is proposed) for each detail that differs."""
        return [
            (label, getattr(self.business, name), getattr(self, name))
            for name, label in self.FIELDS
            if getattr(self.business, name) != getattr(self, name)
        ]

    @property
    def is_empty(self) -> bool:
        """Nothing here differs from what the public sees."""
        return not (self.differences() or self.photos or self.removals)

    def __repr__(self) -> str:
        return f"<BusinessChange {self.id} {self.status}>"


class ProposedPhoto(PhotoColumns, db.Model):
    """A photo a business wants to add to its visual story, shown once staff approve it. Its
    file is stored already (so staff can see it) and becomes the BusinessPhoto's file."""

    __tablename__ = "proposed_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    change_id: Mapped[int] = mapped_column(
        ForeignKey("business_changes.id", ondelete="CASCADE"), index=True
    )
