"""The help directory: local and national services that staff point families to.

A service is an organisation's offer, not a person: no personal data is kept here.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.dates import UTCDateTime, utcnow
from portal.extensions import db


class ServiceKind(StrEnum):
    CRISIS = "crisis"
    HELPLINE = "helpline"
    LOCAL_OFFER = "local-offer"
    DIAGNOSIS = "diagnosis"
    SCHOOL = "school"
    BENEFITS = "benefits"
    CHARITY = "charity"


# In the order the directory's filter offers them: the most urgent first.
KIND_LABELS = {
    ServiceKind.CRISIS: "Crisis line",
    ServiceKind.HELPLINE: "Helpline",
    ServiceKind.LOCAL_OFFER: "SEND Local Offer",
    ServiceKind.DIAGNOSIS: "Diagnosis and assessment",
    ServiceKind.SCHOOL: "School and education support",
    ServiceKind.BENEFITS: "Benefits and money advice",
    ServiceKind.CHARITY: "Charity and support group",
}


class ServiceStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class HelpService(db.Model):
    """A service in the help directory: who it is for, how to reach it, and when staff last
    checked that what it says is still true (`review_due`)."""

    __tablename__ = "help_services"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'published', 'archived')", name="status_is_known"),
        CheckConstraint(
            "kind IN ('crisis', 'helpline', 'local-offer', 'diagnosis', 'school', 'benefits', "
            "'charity')",
            name="kind_is_known",
        ),
        # Ages are whole years; no upper age means "and over".
        CheckConstraint(
            "age_from >= 0 AND (age_to IS NULL OR age_to >= age_from)", name="ages_make_sense"
        ),
        Index("ix_help_services_listing", "status", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(400))  # what they do, in a sentence or two
    details: Mapped[str] = mapped_column(Text, default="")  # plain text: what to expect, how
    who_for: Mapped[str] = mapped_column(String(300), default="")
    age_from: Mapped[int] = mapped_column(default=0, server_default="0")
    age_to: Mapped[int | None]
    area: Mapped[str] = mapped_column(String(80), default="")  # "Bromley", "UK-wide"
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    opening_hours: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(10), default=ServiceStatus.DRAFT)
    archived_note: Mapped[str] = mapped_column(Text, default="")  # where to go instead
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_due: Mapped[date | None]
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def ages(self) -> str:
        """The ages it is for, in words: "All ages", "0 to 25", "18 and over"."""
        if self.age_to is None:
            return "All ages" if self.age_from == 0 else f"{self.age_from} and over"
        return f"{self.age_from} to {self.age_to}"

    @property
    def ages_in_a_list(self) -> str:
        """The ages among other facts: "All ages", "Ages 0 to 25"."""
        words = self.ages
        return words if words == "All ages" else f"Ages {words}"

    @property
    def phone_link(self) -> str:
        """The number as a `tel:` address: digits only, so "0800 123 456" dials."""
        digits = "".join(c for c in self.phone if c.isdigit() or c == "+")
        return f"tel:{digits}" if digits else ""
