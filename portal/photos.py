"""Visual-story photos, for venues and businesses alike: the columns they share, and adding or
removing one together with its file.

A photo's file follows its record's transaction (portal/stored_files.py): a file stored for a new
photo is deleted again unless that transaction commits, and the file of a removed photo is
deleted only once the removal commits.

Services take explicit arguments, flush but never commit, and raise PhotoRefused.
"""

from __future__ import annotations

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
) -> Photo:
    """Store an uploaded photo and put it last in a visual story (`photos`).

    Raises PhotoRefused when the upload is not a JPEG or PNG we can keep: then nothing is
    stored and nothing added. The stored file is deleted again if the transaction does not
    commit.
    """
    filename = store_photo(upload)
    delete_unless_committed(filename)
    photo = make(
        position=len(photos) + 1,
        filename=filename,
        alt_text=alt_text.strip(),
        caption=(caption or "").strip(),
    )
    photos.append(photo)
    db.session.flush()
    return photo


def remove_photo(photos: list[Photo], photo: Photo) -> None:
    """Take a photo out of its visual story (`photos`); its file goes once that commits.

    Raises nothing: a file already gone is not an error.
    """
    photos.remove(photo)
    delete_once_committed(photo.filename)
    db.session.flush()
