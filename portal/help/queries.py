"""Reading the help directory for its pages: a fixed number of queries whatever the data size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select

from portal.extensions import db
from portal.help.models import KIND_LABELS, HelpService, ServiceStatus
from portal.help.search import search_for

PER_PAGE = 20
OLDEST = 120  # years: an age above this is a typing slip, not a filter


@dataclass(frozen=True)
class HelpFilters:
    """What a visitor searched for and chose; empty means "any"."""

    q: str = ""
    kind: str = ""
    area: str = ""
    age: int | None = None

    def in_address(self) -> dict[str, str | int | None]:
        """The filters under the names the page's address gives them, for its links."""
        return {
            "q": self.q or None,
            "kind": self.kind or None,
            "area": self.area or None,
            "age": self.age,
        }

    @property
    def chosen(self) -> bool:
        return bool(self.kind or self.area or self.age is not None)


def age_asked(raw: str | None) -> int | None:
    """The age typed in the filter as a whole number of years, or None (any age) when it is
    not one: a filter is a question, not a form, so nonsense means "not chosen"."""
    raw = (raw or "").strip()
    if not raw.isdigit() or int(raw) > OLDEST:
        return None
    return int(raw)


@dataclass(frozen=True)
class HelpPage:
    """One page of services, and the areas the filter offers."""

    services: Pagination
    areas: list[str]
    # No service had every word of the search: these have most of them, best first.
    loosened: bool = False


def help_page(filters: HelpFilters, *, page: int = 1) -> HelpPage:
    """One page of published services matching the search and filters, and the areas that
    published services cover.

    Without a search, crisis lines first, then by kind and name. With one, services with every
    word of it, best match first (the library's engine, `portal.search`); when none has them
    all, those with most of the words. Six queries at most, whatever the data size.
    """
    query = select(HelpService).where(HelpService.status == ServiceStatus.PUBLISHED)
    if filters.kind in KIND_LABELS:
        query = query.where(HelpService.kind == filters.kind)
    if filters.area:
        query = query.where(HelpService.area == filters.area)
    if filters.age is not None:
        query = query.where(
            HelpService.age_from <= filters.age,
            or_(HelpService.age_to.is_(None), HelpService.age_to >= filters.age),
        )
    in_order = (_kind_order(), HelpService.name, HelpService.id)
    search = search_for(filters.q)
    if search is None:
        return HelpPage(services=_page(query.order_by(*in_order), page), areas=_areas())
    services = _page(query.where(search.every).order_by(*search.best_first(), *in_order), page)
    loosened = services.total == 0 and search.can_loosen
    if loosened:
        ranked = search.best_first(loosened=True)
        services = _page(query.where(search.some).order_by(*ranked, *in_order), page)
    return HelpPage(services=services, areas=_areas(), loosened=loosened and services.total > 0)


def _kind_order():
    return case(
        *((HelpService.kind == kind, place) for place, kind in enumerate(KIND_LABELS)),
        else_=len(KIND_LABELS),
    )


def _page(query, page: int) -> Pagination:
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)


def _areas() -> list[str]:
    """The areas published services cover, in one query."""
    return sorted(
        db.session.scalars(
            select(HelpService.area)
            .where(HelpService.status == ServiceStatus.PUBLISHED, HelpService.area != "")
            .distinct()
        )
    )


def service_by_slug(slug: str) -> HelpService | None:
    """The service at this address, whatever its status, or None."""
    return db.session.scalar(select(HelpService).where(HelpService.slug == slug))


def all_services() -> list[HelpService]:
    """Every service, whatever its status, by name, for staff."""
    return list(db.session.scalars(select(HelpService).order_by(HelpService.name)))


def due_for_review(*, today: date) -> list[HelpService]:
    """Published services whose review falls due in the next 30 days (or is overdue)."""
    return list(
        db.session.scalars(
            select(HelpService).where(_due_for_review(today)).order_by(HelpService.review_due)
        )
    )


def due_for_review_count_statement(*, today: date) -> Select:
    """How many services `due_for_review` lists, as a statement (the dashboard shows that)."""
    return select(func.count()).select_from(HelpService).where(_due_for_review(today))


def _due_for_review(today: date) -> ColumnElement[bool]:
    return and_(
        HelpService.status == ServiceStatus.PUBLISHED,
        HelpService.review_due <= today + timedelta(days=30),
    )
