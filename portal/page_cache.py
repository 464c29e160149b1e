"""Public pages kept ready in memory for visitors who are not signed in.

The busiest pages (the home page, sessions, the business directory, the library) look the same
for everyone who is not signed in. Rendering them again for every visitor costs more than all
the rest of the request, so each worker keeps the finished HTML and serves it again while
nothing has changed.

"Nothing has changed" is exact, not a guess. Public content is split into areas (sessions,
pledges, library, and the rest), each with a revision number in the database; every transaction
that writes to a table of an area adds one to that area's revision, in the same transaction, so
every worker sees the change at the moment it is committed. (The listeners below see ORM
flushes and statements run through the session; raw `text()` SQL is not seen.) A page names the
areas it shows, and a kept page is served only while the revisions of its areas are still the
ones it was made at, and for at most `PAGE_CACHE_SECONDS`, which bounds how long wording that
depends only on the clock ("booking has closed") can lag. So a booking drops the pages that show
places, and the business directory and the library stay warm. The revisions are read before the
page is rendered, so a page is never kept under a revision newer than its data.

Never kept: anything for a signed-in person, any response that set a cookie or changed the
session (a CSRF token, a flash message), anything but a 200 HTML page, and any request with a
query parameter the page does not declare. Searches are kept in a small store of their own
(see `shared_page`). Pages that are kept are rendered without the CSRF meta tag, which only
signed-in pages use.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import wraps

import brotli
from flask import Flask, Response, current_app, g, has_app_context, request, session
from flask_login import current_user
from sqlalchemy import BigInteger, String, event, text, update
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from portal.extensions import db

# Writes to these tables never change what a public page shows.
QUIET_TABLES = frozenset(
    {
        "content_revision",
        "outbox_messages",
        "audit_entries",
        "users",
        "feedback",
        "second_factors",
        "recovery_codes",
        "job_runs",
        "booking_drafts",
        "business_invitations",
        # Answers to a consultation: no public page shows them (results are for staff).
        "consultation_responses",
        "consultation_answers",
        "consultation_address_counts",
    }
)
# The areas of public content, and the package whose tables make up each; "other" is the rest.
SESSIONS, PLEDGES, LIBRARY, OTHER = "sessions", "pledges", "library", "other"
AREAS = (SESSIONS, PLEDGES, LIBRARY, OTHER)
_AREA_OF_PACKAGE = {"portal.events": SESSIONS, "portal.pledges": PLEDGES, "portal.library": LIBRARY}
_CHANGED = "public_content_changed"
# Kept pages are compressed once, so a little more effort than per-request compression pays.
BROTLI_QUALITY = 6
GZIP_LEVEL = 6


class ContentRevision(db.Model):
    """One row per area: how many times its public content has changed."""

    __tablename__ = "content_revision"

    area: Mapped[str] = mapped_column(String(20), primary_key=True)
    revision: Mapped[int] = mapped_column(BigInteger, default=0)


_READ_REVISIONS = text("SELECT area, revision FROM content_revision")


def current_revisions() -> dict[str, int]:
    """The committed revision of every area. This runs on every shared page, so it is one plain
    statement on an autocommit connection: no ORM, and no BEGIN and ROLLBACK round trips."""
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        found = dict(connection.execute(_READ_REVISIONS).all())
    return {area: found.get(area, 0) for area in AREAS}


def _bump_revisions(session: Session, areas: set[str]) -> None:
    # One area at a time, always in the same order, so two transactions never wait on each
    # other's rows in opposite orders.
    for area in sorted(areas):
        bumped = session.execute(
            update(ContentRevision)
            .where(ContentRevision.area == area)
            .values(revision=ContentRevision.revision + 1)
            .execution_options(synchronize_session=False)
        )
        if bumped.rowcount == 0:
            # The migration makes the rows; a database made by `create_all` (tests) may not.
            postgres = session.get_bind().dialect.name == "postgresql"
            insert_ = postgres_insert if postgres else sqlite_insert
            session.execute(
                insert_(ContentRevision).values(area=area, revision=1).on_conflict_do_nothing()
            )


_areas_of_tables: dict[str, str] = {}


def area_of(table) -> str | None:
    """The area a table's rows show in, or None when no public page shows them."""
    name = getattr(table, "name", None)
    if name is None or name in QUIET_TABLES:
        return None
    if has_app_context() and current_app.config["PAGE_CACHE_ONE_REVISION"]:
        return OTHER
    if not _areas_of_tables:
        for mapper in db.Model.registry.mappers:
            package = mapper.class_.__module__.rsplit(".", 1)[0]
            _areas_of_tables[mapper.local_table.name] = _AREA_OF_PACKAGE.get(package, OTHER)
    return _areas_of_tables.get(name, OTHER)


def _note(session: Session, area: str | None) -> None:
    if area is not None:
        session.info.setdefault(_CHANGED, set()).add(area)


@event.listens_for(Session, "after_flush")
def _note_flushed_changes(session: Session, flush_context) -> None:
    for instance in (*session.new, *session.dirty, *session.deleted):
        _note(session, area_of(getattr(type(instance), "__table__", None)))


@event.listens_for(Session, "do_orm_execute")
def _note_bulk_changes(state) -> None:
    if state.execution_options.get("public_pages_unchanged"):
        return
    if state.is_update or state.is_delete or state.is_insert:
        _note(state.session, area_of(getattr(state.statement, "table", None)))


@event.listens_for(Session, "before_commit")
def _bump_when_public_content_changed(session: Session) -> None:
    # Only the outermost commit bumps: releasing a savepoint commits nothing yet, and bumping
    # there would hold the revision row's lock for the rest of the transaction.
    if session.in_nested_transaction():
        return
    session.flush()
    changed = session.info.pop(_CHANGED, None)
    if changed:
        _bump_revisions(session, changed)


@event.listens_for(Session, "after_transaction_end")
def _forget_changes_when_the_transaction_ends(session: Session, transaction) -> None:
    # A rolled-back savepoint leaves the outer transaction's changes standing: forget only
    # when the outermost transaction ends (after its commit has bumped, or on rollback).
    if transaction.parent is None:
        session.info.pop(_CHANGED, None)


# Worked out again for each response sent from memory.
_NOT_KEPT_HEADERS = frozenset({"content-length", "content-encoding", "vary", "set-cookie"})


def _now() -> float:
    return time.monotonic()


@dataclass(frozen=True)
class _Page:
    revision: tuple[int, ...]
    made_at: float
    headers: tuple[tuple[str, str], ...]
    vary: str
    # The page as sent for each Content-Encoding ("" for none), compressed once when kept.
    bodies: dict[str, bytes]

    @classmethod
    def keep(cls, response: Response, revision: tuple[int, ...]) -> _Page:
        body = response.get_data()
        vary = {v for v in response.headers.get("Vary", "").split(", ") if v}
        return cls(
            revision=revision,
            made_at=_now(),
            headers=tuple(
                (name, value)
                for name, value in response.headers.items()
                if name.lower() not in _NOT_KEPT_HEADERS
            ),
            vary=", ".join(sorted(vary | {"Accept-Encoding"})),
            bodies={
                "": body,
                "br": brotli.compress(body, quality=BROTLI_QUALITY),
                "gzip": gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0),
            },
        )

    def response(self) -> Response:
        encoding = request.accept_encodings.best_match(("br", "gzip"), default="")
        response = Response(self.bodies[encoding], headers=list(self.headers))
        response.headers["Vary"] = self.vary
        if encoding:
            response.headers["Content-Encoding"] = encoding
        return response


class PageCache:
    """A small least-recently-used store of finished pages, one per worker process."""

    def __init__(self, max_pages: int) -> None:
        self.max_pages = max_pages
        self._pages: OrderedDict[tuple, _Page] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> _Page | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: tuple, page: _Page) -> None:
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.max_pages:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()


# A search longer than this is rendered every time: nobody else will type it.
LONGEST_KEPT_SEARCH = 60


def _shareable_request(params: frozenset[str], search: str | None) -> bool:
    searched = request.args.getlist(search) if search else []
    return (
        current_app.config["PAGE_CACHE_SECONDS"] > 0
        and request.method == "GET"
        and request.args.keys() <= params | {search}
        and len(searched) <= 1
        and all(len(words) <= LONGEST_KEPT_SEARCH for words in searched)
        and "_flashes" not in session
        and not current_user.is_authenticated
    )


def shared_page(*, areas: tuple[str, ...], params: tuple[str, ...] = (), search: str | None = None):
    """Serve the view's page from memory to visitors who are not signed in, while current.

    `areas` names what the page shows (SESSIONS, PLEDGES, LIBRARY, OTHER): a change to any of
    them renders it again. `params` names the query parameters the page depends on. A request
    with any other one (junk, say) is rendered as usual and not kept, so that nobody can fill
    the store with pages no one else will ask for.

    `search` names a free-text parameter. Pages for a search are kept too (the same search is
    asked again and again: "autism", "school"), but in a store of their own, so a stream of
    searches nobody repeats only pushes out other searches, never the pages everyone visits.
    """
    allowed = frozenset(params)
    unknown = set(areas) - set(AREAS)
    if not areas or unknown:
        raise ValueError(f"shared_page needs areas from {AREAS}, not {sorted(unknown)}")

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not _shareable_request(allowed, search):
                return view(*args, **kwargs)
            g.shared_page = True
            store = "search_cache" if search and request.args.get(search) else "page_cache"
            cache: PageCache = current_app.extensions[store]
            query = tuple(sorted(request.args.items(multi=True)))
            key = (request.host, request.path, query, request.headers.get("HX-Request") == "true")
            revisions = current_revisions()
            shown = (OTHER,) if current_app.config["PAGE_CACHE_ONE_REVISION"] else areas
            revision = tuple(revisions[area] for area in shown)
            page = cache.get(key)
            max_age = current_app.config["PAGE_CACHE_SECONDS"]
            if page and page.revision == revision and _now() - page.made_at < max_age:
                return page.response()
            response = current_app.make_response(view(*args, **kwargs))
            if (
                response.status_code == 200
                and response.mimetype == "text/html"
                and not response.is_streamed
                and not session.modified
                and "Set-Cookie" not in response.headers
            ):
                page = _Page.keep(response, revision)
                cache.put(key, page)
                return page.response()  # compressed once, not again on the way out
            return response

        return wrapper

    return decorator


def init_app(app: Flask) -> None:
    app.extensions["page_cache"] = PageCache(app.config["PAGE_CACHE_MAX_PAGES"])
    app.extensions["search_cache"] = PageCache(app.config["PAGE_CACHE_MAX_SEARCHES"])
