"""Reading the library for its pages."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.library.models import FileRole, ItemStatus, LibraryFile, LibraryItem


def filter_choices() -> dict[str, list[str]]:
    """The audiences, topics and other formats that published items have, in three queries."""
    published = LibraryItem.status == ItemStatus.PUBLISHED
    audiences = db.session.scalars(
        select(LibraryItem.audience).where(published, LibraryItem.audience != "").distinct()
    )
    topic_lists = db.session.scalars(
        select(LibraryItem.topics).where(published, LibraryItem.topics != "").distinct()
    )
    formats = db.session.scalars(
        select(LibraryFile.format_label)
        .join(LibraryFile.item)
        .where(published, LibraryFile.role == FileRole.ALTERNATIVE, LibraryFile.format_label != "")
        .distinct()
    )
    topics = {t.strip() for line in topic_lists for t in line.split(",") if t.strip()}
    return {"audiences": sorted(audiences), "topics": sorted(topics), "formats": sorted(formats)}
