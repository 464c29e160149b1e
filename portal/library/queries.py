"""Reading the library for its pages: a fixed number of queries whatever the data size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import ColumnElement, Select, and_, func, select

from portal.extensions import db
from portal.library.models import (
    KIND_LABELS,
    FileRole,
    ItemStatus,
    LibraryFile,
    LibraryItem,
    MonthlyUse,
    Suggestion,
    SuggestionStatus,
)
from portal.library.search import search_for

PER_PAGE = 10


@dataclass(frozen=True)
class LibraryFilters:
    """What a family searched for and chose; empty means "any"."""

    q: str = ""
    kind: str = ""
    audience: str = ""
    topic: str = ""
    format_label: str = ""

    def in_address(self) -> dict[str, str | None]:
        """The filters under the names the page's address gives them, for its links."""
        return {
            "q": self.q or None,
            "kind": self.kind or None,
            "audience": self.audience or None,
            "topic": self.topic or None,
            "format": self.format_label or None,
        }


@dataclass(frozen=True)
class LibraryPage:
    """One page of items, and the choices the filters offer."""

    items: Pagination
    audiences: list[str]
    topics: list[str]
    formats: list[str]
    # No item had every word of the search: these have most of them, best first.
    loosened: bool = False


def library_page(filters: LibraryFilters, *, page: int = 1) -> LibraryPage:
    """One page of published items matching the search and filters, with the audiences,
    topics and other formats published items have.

    Without a search, newest first. With one, items with every word of it, best match first
    (see `portal.library.search`); when none has them all, items with most of the words,
    those with more first. Eight queries at most, whatever the data size.
    """
    query = select(LibraryItem).where(LibraryItem.status == ItemStatus.PUBLISHED)
    if filters.kind in KIND_LABELS:
        query = query.where(LibraryItem.kind == filters.kind)
    if filters.audience:
        query = query.where(LibraryItem.audience == filters.audience)
    if filters.topic:
        query = query.where(LibraryItem.topics.contains(filters.topic, autoescape=True))
    if filters.format_label:
        query = query.where(
            LibraryItem.files.any(
                (LibraryFile.role == FileRole.ALTERNATIVE)
                & (LibraryFile.format_label == filters.format_label)
            )
        )
    newest = (LibraryItem.published_at.desc(), LibraryItem.id.desc())
    search = search_for(filters.q)
    if search is None:
        return LibraryPage(items=_page(query.order_by(*newest), page), **_filter_choices())
    items = _page(query.where(search.every).order_by(*search.best_first(), *newest), page)
    loosened = items.total == 0 and search.can_loosen
    if loosened:
        ranked = search.best_first(loosened=True)
        items = _page(query.where(search.some).order_by(*ranked, *newest), page)
    return LibraryPage(items=items, loosened=loosened and items.total > 0, **_filter_choices())


def _page(query, page: int) -> Pagination:
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)


def _filter_choices() -> dict[str, list[str]]:
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


def item_by_slug(slug: str) -> LibraryItem | None:
    """The item at this address, whatever its status, or None."""
    return db.session.scalar(select(LibraryItem).where(LibraryItem.slug == slug))


def published_item(slug: str) -> LibraryItem | None:
    """The published item at this address, or None."""
    return db.session.scalar(
        select(LibraryItem).where(
            LibraryItem.slug == slug, LibraryItem.status == ItemStatus.PUBLISHED
        )
    )


def answered_suggestions() -> list[Suggestion]:
    """Suggestions published with what was done about them, most recently answered first."""
    return list(
        db.session.scalars(
            select(Suggestion)
            .where(Suggestion.status == SuggestionStatus.PUBLISHED)
            .order_by(Suggestion.answered_at.desc())
        )
    )


def pending_suggestions() -> list[Suggestion]:
    """Suggestions waiting for staff to answer, oldest first."""
    return list(
        db.session.scalars(
            select(Suggestion)
            .where(Suggestion.status == SuggestionStatus.PENDING)
            .order_by(Suggestion.id)
        )
    )


def all_items() -> list[LibraryItem]:
    """Every item, whatever its status, newest first, for staff."""
    return list(db.session.scalars(select(LibraryItem).order_by(LibraryItem.id.desc())))


def due_for_review(*, today: date) -> list[LibraryItem]:
    """Published items whose review falls due in the next 30 days (or is overdue)."""
    return list(
        db.session.scalars(
            select(LibraryItem).where(_due_for_review(today)).order_by(LibraryItem.review_due)
        )
    )


def due_for_review_count_statement(*, today: date) -> Select:
    """How many items `due_for_review` lists, as a statement (the dashboard shows only that)."""
    return select(func.count()).select_from(LibraryItem).where(_due_for_review(today))


def _due_for_review(today: date) -> ColumnElement[bool]:
    return and_(
        LibraryItem.status == ItemStatus.PUBLISHED,
        LibraryItem.review_due <= today + timedelta(days=30),
    )


def other_formats() -> list[str]:
    """The other formats published items come in ("Easy read", "Large print"), A to Z, so
    pages promise only formats that exist (one query)."""
    return sorted(
        db.session.scalars(
            select(LibraryFile.format_label)
            .join(LibraryFile.item)
            .where(
                LibraryItem.status == ItemStatus.PUBLISHED,
                LibraryFile.role == FileRole.ALTERNATIVE,
                LibraryFile.format_label != "",
            )
            .distinct()
        )
    )


def use_this_month(*, today: date) -> tuple[int, int]:
    """Views and downloads of the whole library in `today`'s calendar month (one query)."""
    views, downloads = db.session.execute(
        select(*(statement.scalar_subquery() for statement in use_this_month_statements(today)))
    ).one()
    return views, downloads


def use_this_month_statements(today: date) -> tuple[Select, Select]:
    """The views and the downloads of `use_this_month`, each as a statement."""
    this_month = MonthlyUse.month == today.replace(day=1)
    return (
        select(func.coalesce(func.sum(MonthlyUse.views), 0)).where(this_month),
        select(func.coalesce(func.sum(MonthlyUse.downloads), 0)).where(this_month),
    )
