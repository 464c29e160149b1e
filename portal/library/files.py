"""Library uploads: checked by extension and by content, stored under random names."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

import filetype
import webvtt
from flask import current_app

from portal.stored_files import delete_unless_committed

# What each kind of upload may be: extension -> the type its content must turn out to be.
ALLOWED = {
    ".pdf": "application/pdf",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".vtt": "text/vtt",
    ".txt": "text/plain",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".mp3": "audio/mpeg",
}


class FileRefused(ValueError):
    """The upload is not what its name says, or not a kind we keep."""


@dataclass(frozen=True)
class StoredFile:
    filename: str
    original_name: str
    mimetype: str
    size: int


def library_folder() -> Path:
    return Path(current_app.config["MEDIA_FOLDER"]) / "library"


def _content_type(data: bytes, extension: str) -> str | None:
    if extension == ".vtt":
        try:
            text = data.decode("utf-8-sig")
            webvtt.from_string(text)  # the real parser: refuses anything that is not WebVTT
        except (UnicodeDecodeError, webvtt.errors.MalformedFileError, ValueError):
            return None
        return "text/vtt"
    if extension == ".txt":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None
        # An HTML page renamed .txt is refused: a transcript is plain words.
        return None if text.lstrip().startswith("<") else "text/plain"
    kind = filetype.guess(data)
    return kind.mime if kind else None


def store_upload(upload) -> StoredFile:
    """Check and store an uploaded file. Raises FileRefused; writes nothing unless it passes.

    The stored file is deleted again unless the current transaction commits.
    """
    if not upload or not upload.filename:
        raise FileRefused("Choose a file to upload")
    extension = Path(upload.filename).suffix.lower()
    expected = ALLOWED.get(extension)
    if expected is None:
        raise FileRefused(
            "The file must be a PDF, MP4 or WebM film, WebVTT captions, a text "
            "transcript, a PNG or JPEG image, or an MP3"
        )
    data = upload.stream.read()
    if _content_type(data, extension) != expected:
        raise FileRefused(f"This file is not really a {extension.lstrip('.').upper()} file")
    folder = library_folder()
    folder.mkdir(parents=True, exist_ok=True)
    filename = secrets.token_hex(16) + extension
    (folder / filename).write_bytes(data)
    delete_unless_committed(folder / filename)
    return StoredFile(filename, Path(upload.filename).name[:200], expected, len(data))
