"""Visual-story photos, for venues and businesses alike: the columns they share, and adding or
removing one together with its file.

A photo's file follows its record's transaction (portal/stored_files.py): a file stored for a new
photo is deleted again unless that transaction commits, and the file of a removed photo is
deleted only once the removal commits.

Services take explicit arguments, flush but never commit, and raise PhotoRefused.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.media import store_photo
from portal.stored_files import delete_once_committed, delete_unless_committed


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
    delete_unless_committed(folder / filename)
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
    delete_once_committed(folder / photo.filename)
    db.session.flush()
