"""Library rules: create and publish items, attach files, review, archive, count use, and
families' suggestions.

Services take explicit arguments, flush but never commit, and raise the errors below.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from portal.accounts.models import User
from portal.accounts.services import hold_account
from portal.audit.services import record
from portal.dates import LONDON, london_day_start, utcnow
from portal.extensions import db
from portal.library.files import StoredFile, library_key, store_upload
from portal.library.models import (
    FileRole,
    ItemStatus,
    LibraryFile,
    LibraryItem,
    MonthlyUse,
    Suggestion,
    SuggestionStatus,
)
from portal.library.search import index_item
from portal.slugs import unique_slug
from portal.stored_files import delete_once_committed

REVIEW_EVERY = timedelta(days=365)


class LibraryError(Exception):
    """Base class: the message is safe to show."""


class FileMissing(LibraryError):
    """A leaflet or film cannot be published before its file is uploaded."""


class ResponseMissing(LibraryError):
    """A suggestion is published only with what was done about it."""


class NothingSuggested(LibraryError):
    """A suggestion with no words in it."""


class TooManySuggestions(LibraryError):
    """The account has sent as many suggestions today as one account may."""


def _slug_taken(slug: str) -> bool:
    return db.session.scalar(select(LibraryItem.id).where(LibraryItem.slug == slug)) is not None


def save_item(item: LibraryItem | None, *, actor, now: datetime, **fields) -> LibraryItem:
    """Create or change an item (a draft until published) and keep the search index in step."""
    if item is None:
        item = LibraryItem(
            slug=unique_slug(fields["title"], taken=_slug_taken, fallback="item"),
            status=ItemStatus.DRAFT,
            created_at=now,
        )
        db.session.add(item)
    for name, value in fields.items():
        setattr(item, name, value.strip() if isinstance(value, str) else value)
    db.session.flush()
    index_item(item)
    record(actor, "library item saved", "library_item", item.id, item.title, now=now)
    return item


def attach(
    item: LibraryItem,
    stored: StoredFile,
    *,
    role: str,
    format_label: str = "",
    language: str = "English",
    generated: bool = False,
) -> LibraryFile:
    """Attach a stored file; the old files it replaces are deleted once this commits:
    a new film replaces the film, and what was made from it (its other format, a poster made
    from a frame); captions or a poster replace the old ones; a film's other format replaces
    the one in that format. Another format's name goes into the search index.
    Raises nothing of its own."""

    def replaced(old: LibraryFile) -> bool:
        if role == FileRole.MAIN:
            return (
                old.role == FileRole.MAIN
                or old.role == FileRole.ENCODING
                or (old.role == FileRole.POSTER and old.generated)
            )
        if role == FileRole.ENCODING:
            return old.role == FileRole.ENCODING and old.mimetype == stored.mimetype
        return role in (FileRole.CAPTIONS, FileRole.POSTER) and old.role == role

    for old in [f for f in item.files if replaced(f)]:
        item.files.remove(old)
        delete_once_committed(library_key(old.filename))
    attached = LibraryFile(
        role=role,
        format_label=format_label.strip(),
        language=language,
        filename=stored.filename,
        original_name=stored.original_name,
        mimetype=stored.mimetype,
        size=stored.size,
        generated=generated,
    )
    item.files.append(attached)
    db.session.flush()
    if role == FileRole.ALTERNATIVE:
        index_item(item)  # "easy read", "BSL" and the like are searched for
    return attached


def upload_file(item: LibraryItem, upload, **details) -> LibraryFile:
    """Check and store an uploaded file and attach it to `item` (see `attach` for `details`).

    Raises FileRefused; then nothing is stored. The file goes again unless this commits.
    """
    return attach(item, store_upload(upload), **details)


def publish(item: LibraryItem, *, actor, now: datetime) -> None:
    """Make an item public, with its first review due in a year.

    Raises FileMissing when a leaflet or film has no file yet.
    """
    if item.kind in ("leaflet", "film") and item.file(FileRole.MAIN) is None:
        raise FileMissing("Upload the leaflet or film before publishing")
    item.status = ItemStatus.PUBLISHED
    item.published_at = item.published_at or now
    item.review_due = item.review_due or (now + REVIEW_EVERY).date()
    record(actor, "library item published", "library_item", item.id, item.title, now=now)


def mark_reviewed(item: LibraryItem, *, note: str, actor, now: datetime) -> None:
    """Someone checked the item is still right: the next review is due in a year.

    Raises nothing of its own."""
    item.reviewed_at = now
    item.review_note = note.strip()
    item.review_due = (now + REVIEW_EVERY).date()
    record(actor, "library item reviewed", "library_item", item.id, item.title, now=now)


def archive(item: LibraryItem, *, note: str, actor, now: datetime) -> None:
    """Take an item out of the library; its page then says where to go instead.

    Raises nothing of its own."""
    item.status = ItemStatus.ARCHIVED
    item.archived_note = note.strip()
    record(actor, "library item archived", "library_item", item.id, item.title, now=now)


def count_download(stored: LibraryFile, *, part_only: bool) -> bool:
    """Count a download when someone fetches the whole of a file to keep; a film, sound, image
    or captions file played in the page, or part of a file, is no download. True if counted."""
    if stored.opens_in_page or part_only:
        return False
    count(stored.item_id, "downloads")
    return True


def count(item_id: int, what: str, *, now: datetime | None = None) -> None:
    """Count a view or a download, without recording who: in the item's running total and in
    this month's (London time) use, which one upsert adds to or starts."""
    column = LibraryItem.views if what == "views" else LibraryItem.downloads
    # Only staff see the counts: public pages kept in memory stay valid.
    unchanged = {"synchronize_session": False, "public_pages_unchanged": True}
    db.session.execute(
        update(LibraryItem)
        .where(LibraryItem.id == item_id)
        .values({column.key: column + 1})
        .execution_options(**unchanged)
    )
    month = (now or utcnow()).astimezone(LONDON).date().replace(day=1)
    dialect = db.session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    used = insert(MonthlyUse).values(item_id=item_id, month=month, **{what: 1})
    db.session.execute(
        used.on_conflict_do_update(
            index_elements=[MonthlyUse.item_id, MonthlyUse.month],
            set_={what: getattr(MonthlyUse, what) + 1},
        ).execution_options(public_pages_unchanged=True)
    )


def answer_suggestion(
    suggestion: Suggestion, *, publish: bool, response: str, actor, now: datetime
) -> None:
    """Publish a suggestion with what was done about it, or reject it.

    Raises ResponseMissing when publishing without saying what was done.
    """
    if publish and not response.strip():
        raise ResponseMissing("Say what was done before publishing it.")
    suggestion.status = SuggestionStatus.PUBLISHED if publish else SuggestionStatus.REJECTED
    suggestion.response = response.strip()[:2000] if publish else ""
    suggestion.answered_at = now
    record(
        actor,
        "suggestion published" if publish else "suggestion rejected",
        "suggestion",
        suggestion.id,
        "",
        now=now,
    )


def send_suggestion(
    text: str, *, user: User, item: LibraryItem | None = None, now: datetime
) -> Suggestion:
    """Keep a family's suggestion, or comment on an item, for staff to read and answer.

    Raises NothingSuggested when the text is only spaces, and TooManySuggestions when the
    account has already sent `MAX_SUGGESTIONS_PER_DAY` today (a day in Bromley, from midnight).
    """
    if not text.strip():
        raise NothingSuggested("Tell us your suggestion or comment")
    most = current_app.config["MAX_SUGGESTIONS_PER_DAY"]
    hold_account(user)
    sent_today = db.session.scalar(
        select(func.count(Suggestion.id)).where(
            Suggestion.user_id == user.id, Suggestion.created_at >= london_day_start(now)
        )
    )
    if sent_today >= most:
        sent = "1 suggestion" if most == 1 else f"{most} suggestions"
        raise TooManySuggestions(
            f"You have sent {sent} today, which is as many as we can take from one account "
            "in a day. Your message is still here: send it tomorrow, or email it to us "
            f"at {current_app.config['CONTACT_EMAIL']}."
        )
    suggestion = Suggestion(
        user_id=user.id, item_id=item.id if item else None, text=text.strip(), created_at=now
    )
    db.session.add(suggestion)
    db.session.flush()
    return suggestion
