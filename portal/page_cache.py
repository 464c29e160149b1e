"""Public pages kept ready in memory for visitors who are not signed in.

The busiest pages (the home page, sessions, the business directory, the library) look the same
for everyone who is not signed in. Rendering them again for every visitor costs more than all
the rest of the request, so each worker keeps the finished HTML and serves it again while
nothing has changed.

"Nothing has changed" is exact, not a guess: every transaction that writes to a table shown on
a public page adds one to a single revision number in the database, in the same transaction,
so every worker sees the change at the moment it is committed. A kept page is served only while
the revision it was made at is still the current one, and for at most `PAGE_CACHE_SECONDS`,
which bounds how long wording that depends only on the clock ("booking has closed") can lag.

Never kept: anything for a signed-in person, any response that set a cookie or changed the
session (a CSRF token, a flash message), anything but a 200 HTML page. Pages that are kept are
rendered without the CSRF meta tag, which only signed-in pages use.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import wraps

import brotli
from flask import Flask, Response, current_app, g, request, session
from flask_login import current_user
from sqlalchemy import BigInteger, Integer, event, insert, text, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from portal.extensions import db

# Writes to these tables never change what a public page shows.
QUIET_TABLES = frozenset(
    {"content_revision", "outbox_messages", "audit_entries", "users", "feedback"}
)
_CHANGED = "public_content_changed"
# Kept pages are compressed once, so a little more effort than per-request compression pays.
BROTLI_QUALITY = 6
GZIP_LEVEL = 6


class ContentRevision(db.Model):
    """One row: how many times public content has changed."""

    __tablename__ = "content_revision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision: Mapped[int] = mapped_column(BigInteger, default=0)


_READ_REVISION = text("SELECT revision FROM content_revision WHERE id = 1")


def current_revision() -> int:
    # Plain SQL: this runs on every shared page, and the ORM's own work would double its cost.
    return db.session.execute(_READ_REVISION).scalar() or 0


def _bump_revision(session: Session) -> None:
    bumped = session.execute(
        update(ContentRevision)
        .where(ContentRevision.id == 1)
        .values(revision=ContentRevision.revision + 1)
        .execution_options(synchronize_session=False)
    )
    if bumped.rowcount == 0:
        session.execute(insert(ContentRevision).values(id=1, revision=1))


def _touches_public_table(table) -> bool:
    return table is not None and getattr(table, "name", None) not in QUIET_TABLES


@event.listens_for(Session, "after_flush")
def _note_flushed_changes(session: Session, flush_context) -> None:
    for instance in (*session.new, *session.dirty, *session.deleted):
        table = getattr(type(instance), "__table__", None)
        if _touches_public_table(table):
            session.info[_CHANGED] = True
            return


@event.listens_for(Session, "do_orm_execute")
def _note_bulk_changes(state) -> None:
    if state.execution_options.get("public_pages_unchanged"):
        return
    writes = state.is_update or state.is_delete or state.is_insert
    if writes and _touches_public_table(getattr(state.statement, "table", None)):
        state.session.info[_CHANGED] = True


@event.listens_for(Session, "before_commit")
def _bump_when_public_content_changed(session: Session) -> None:
    session.flush()
    if session.info.pop(_CHANGED, False):
        _bump_revision(session)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back_changes(session: Session) -> None:
    session.info.pop(_CHANGED, None)


@dataclass(frozen=True)
class _Page:
    revision: int
    made_at: float
    content_type: str
    vary: str
    # The page as sent for each Content-Encoding ("" for none), compressed once when kept.
    bodies: dict[str, bytes]

    @classmethod
    def keep(cls, response: Response, revision: int) -> _Page:
        body = response.get_data()
        vary = {v for v in response.headers.get("Vary", "").split(", ") if v}
        return cls(
            revision=revision,
            made_at=time.monotonic(),
            content_type=response.content_type,
            vary=", ".join(sorted(vary | {"Accept-Encoding"})),
            bodies={
                "": body,
                "br": brotli.compress(body, quality=BROTLI_QUALITY),
                "gzip": gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0),
            },
        )

    def response(self) -> Response:
        encoding = request.accept_encodings.best_match(("br", "gzip"), default="")
        response = Response(self.bodies[encoding], content_type=self.content_type)
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


def _shareable_request() -> bool:
    return (
        current_app.config["PAGE_CACHE_SECONDS"] > 0
        and request.method == "GET"
        and "_flashes" not in session
        and not current_user.is_authenticated
    )


def shared_page(view):
    """Serve this view's page from memory to visitors who are not signed in, while current."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not _shareable_request():
            return view(*args, **kwargs)
        g.shared_page = True
        cache: PageCache = current_app.extensions["page_cache"]
        key = (request.url, request.headers.get("HX-Request") == "true")
        revision = current_revision()
        page = cache.get(key)
        max_age = current_app.config["PAGE_CACHE_SECONDS"]
        if page and page.revision == revision and time.monotonic() - page.made_at < max_age:
            return page.response()
        response = current_app.make_response(view(*args, **kwargs))
        if (
            response.status_code == 200
            and response.mimetype == "text/html"
            and not response.is_streamed
            and not session.modified
            and "Set-Cookie" not in response.headers
        ):
            cache.put(key, _Page.keep(response, revision))
        return response

    return wrapper


def init_app(app: Flask) -> None:
    app.extensions["page_cache"] = PageCache(app.config["PAGE_CACHE_MAX_PAGES"])
