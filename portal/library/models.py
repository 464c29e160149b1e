"""The film and leaflet library: items, their files, and alternative formats."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.dates import UTCDateTime, utcnow
from portal.extensions import db


class ItemKind(StrEnum):
    LEAFLET = "leaflet"
    FILM = "film"
    GUIDE = "guide"
    VISUAL_STORY = "visual-story"
    BOARD_PAPER = "board-paper"  # papers for a meeting of the autism board (portal/board)
    MINUTES = "minutes"  # what the board's meeting discussed and decided


KIND_LABELS = {
    ItemKind.LEAFLET: "Leaflet",
    ItemKind.FILM: "Film",
    ItemKind.GUIDE: "Guide",
    ItemKind.VISUAL_STORY: "Visual story",
    ItemKind.BOARD_PAPER: "Board paper",
    ItemKind.MINUTES: "Minutes",
}
# The kinds a board meeting links to (its papers, then its minutes).
BOARD_KINDS = (ItemKind.BOARD_PAPER, ItemKind.MINUTES)


class ItemStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class FileRole(StrEnum):
    MAIN = "main"  # the leaflet PDF or the film
    CAPTIONS = "captions"  # WebVTT for the film
    POSTER = "poster"  # the film's still image
    ALTERNATIVE = "alternative"  # easy read, large print, audio, BSL video, translation
    ENCODING = "encoding"  # the same film in the other format (MP4 or WebM), for every browser


FILE_ROLE_LABELS = {
    FileRole.MAIN: "The leaflet or film",
    FileRole.CAPTIONS: "Captions",
    FileRole.POSTER: "Poster",
    FileRole.ALTERNATIVE: "Another format",
    FileRole.ENCODING: "The film in another format",
}


class LibraryItem(db.Model):
    __tablename__ = "library_items"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'published', 'archived')", name="status_is_known"),
        CheckConstraint(
            "kind IN ('leaflet', 'film', 'guide', 'visual-story', 'board-paper', 'minutes')",
            name="kind_is_known",
        ),
        Index("ix_library_items_listing", "status", "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(400))
    body: Mapped[str] = mapped_column(Text, default="")  # Markdown, sanitised when shown
    transcript: Mapped[str] = mapped_column(Text, default="")
    audience: Mapped[str] = mapped_column(String(30), default="")
    age_band: Mapped[str] = mapped_column(String(30), default="")
    topics: Mapped[str] = mapped_column(String(300), default="")  # comma-separated
    language: Mapped[str] = mapped_column(String(40), default="English")
    credits: Mapped[str] = mapped_column(String(300), default="")
    # What might be hard to watch or hear, said before the film plays: "Loud beeping from 0:42".
    sensory_note: Mapped[str] = mapped_column(String(300), default="", server_default="")
    status: Mapped[str] = mapped_column(String(10), default=ItemStatus.DRAFT)
    archived_note: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_due: Mapped[date | None]
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_note: Mapped[str] = mapped_column(Text, default="")
    views: Mapped[int] = mapped_column(default=0)
    downloads: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    files: Mapped[list[LibraryFile]] = relationship(
        back_populates="item",
        order_by="LibraryFile.id",
        cascade="all, delete-orphan",
        lazy="selectin",
    )

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    def file(self, role: str) -> LibraryFile | None:
        return next((f for f in self.files if f.role == role), None)

    @property
    def alternatives(self) -> list[LibraryFile]:
        return [f for f in self.files if f.role == FileRole.ALTERNATIVE]

    @property
    def topic_list(self) -> list[str]:
        return [t.strip() for t in self.topics.split(",") if t.strip()]


class LibraryFile(db.Model):
    """A stored file, under a random name outside static/."""

    __tablename__ = "library_files"
    __table_args__ = (
        CheckConstraint(
            "role IN ('main', 'captions', 'poster', 'alternative', 'encoding')",
            name="role_is_known",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("library_items.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(12))
    format_label: Mapped[str] = mapped_column(String(60), default="")  # "Easy read", "BSL video"
    language: Mapped[str] = mapped_column(String(40), default="English")
    filename: Mapped[str] = mapped_column(String(100), unique=True)
    original_name: Mapped[str] = mapped_column(String(200))
    mimetype: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    # Made by the portal from the film (portal/library/films.py), not uploaded: replaced with it.
    generated: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    item: Mapped[LibraryItem] = relationship(back_populates="files")

    @property
    def opens_in_page(self) -> bool:
        """Films, sound, images and captions play or show in the page; the rest download."""
        return (
            self.mimetype.startswith(("video/", "audio/", "image/")) or self.mimetype == "text/vtt"
        )

    @property
    def extension(self) -> str:
        return self.filename.rsplit(".", 1)[-1].upper()


class MonthlyUse(db.Model):
    """Views and downloads of one item in one calendar month (London time), so staff can see
    this month's use beside the running totals on `LibraryItem`. Counted without recording
    who, like the totals."""

    __tablename__ = "library_monthly_use"

    item_id: Mapped[int] = mapped_column(
        ForeignKey("library_items.id", ondelete="CASCADE"), primary_key=True
    )
    month: Mapped[date] = mapped_column(primary_key=True)  # the first day of the month
    views: Mapped[int] = mapped_column(default=0, server_default="0")
    downloads: Mapped[int] = mapped_column(default=0, server_default="0")


class SuggestionStatus(StrEnum):
    PENDING = "pending"
    PUBLISHED = "published"
    REJECTED = "rejected"


class Suggestion(db.Model):
    """A family's suggestion or comment on the library, and what the team did about it."""

    __tablename__ = "library_suggestions"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'published', 'rejected')", name="status_is_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("library_items.id"))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default=SuggestionStatus.PENDING)
    response: Mapped[str] = mapped_column(Text, default="")  # "we did": shown with it
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    item: Mapped[LibraryItem | None] = relationship()
