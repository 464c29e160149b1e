"""Visual-story photos, for venues and businesses alike: the columns they share, and adding or
removing one together with its file.

A photo's file follows its record's transaction: a file stored for a new photo is deleted again
unless that transaction commits, and the file of a removed photo is deleted only once the removal
commits. So no record ever points at a missing file, and no file lingers without a record,
whatever fails on the way (the upload, the flush, the audit entry, the commit).

Services take explicit arguments, flush but never commit, and raise PhotoRefused.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from sqlalchemy import String, event
from sqlalchemy.orm import Mapped, Session, SessionTransaction, mapped_column

from portal.extensions import db
from portal.media import remove_file, store_photo

# What to delete when the session's transaction ends: (folder, filename) pairs.
_UNLESS_COMMITTED = "portal.photos.remove_unless_committed"
_ONCE_COMMITTED = "portal.photos.remove_once_committed"


class PhotoColumns:
    """The columns of a photo in a visual story: its place, its stored file, and its words."""

    position: Mapped[int]
    filename: Mapped[str] = mapped_column(String(100))
    alt_text: Mapped[str] = mapped_column(String(300))
    caption: Mapped[str] = mapped_column(String(300), default="")


Photo = TypeVar("Photo", bound=PhotoColumns)


def add_photo(
    photos: list[Photo],
    make: type[Photo],
    upload,
    *,
    alt_text: str,
    caption: str | None,
    folder: Path,
) -> Photo:
    """Store an uploaded photo in `folder` and put it last in a visual story (`photos`).

    Raises PhotoRefused when the upload is not a JPEG or PNG we can keep: then nothing is
    stored and nothing added. The stored file is deleted again if the transaction does not
    commit.
    """
    filename = store_photo(upload, folder)
    db.session.info.setdefault(_UNLESS_COMMITTED, []).append((folder, filename))
    photo = make(
        position=len(photos) + 1,
        filename=filename,
        alt_text=alt_text.strip(),
        caption=(caption or "").strip(),
    )
    photos.append(photo)
    db.session.flush()
    return photo


def remove_photo(photos: list[Photo], photo: Photo, *, folder: Path) -> None:
    """Take a photo out of its visual story (`photos`); its file goes once that commits.

    Raises nothing: a file already gone is not an error.
    """
    photos.remove(photo)
    db.session.info.setdefault(_ONCE_COMMITTED, []).append((folder, photo.filename))
    db.session.flush()


@event.listens_for(Session, "after_commit")
def _delete_files_of_removed_photos(session: Session) -> None:
    # Releasing a savepoint commits nothing yet: wait for the outermost commit.
    if session.in_nested_transaction():
        return
    session.info.pop(_UNLESS_COMMITTED, None)
    for folder, filename in session.info.pop(_ONCE_COMMITTED, []):
        remove_file(folder, filename)


@event.listens_for(Session, "after_transaction_end")
def _delete_files_of_photos_not_committed(session: Session, transaction: SessionTransaction):
    # Runs after `after_commit` on a commit, when there is nothing left to do; on a rollback or
    # a close without commit, the new files go and the removed photos keep theirs.
    if transaction.parent is not None:
        return
    session.info.pop(_ONCE_COMMITTED, None)
    for folder, filename in session.info.pop(_UNLESS_COMMITTED, []):
        remove_file(folder, filename)
