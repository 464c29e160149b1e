"""Library uploads: checked by extension and by content, stored under random names."""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass
from pathlib import Path

import filetype
import webvtt
from PIL import UnidentifiedImageError

from portal.media import TooManyPixels, read_header
from portal.storage import NotSaved, storage
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


def library_key(filename: str) -> str:
    """Where a library file is stored (portal/storage/): under library/, apart from photos."""
    return f"library/{filename}"


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


def _check_image_size(data: bytes) -> None:
    """Refuse an image with more pixels than the portal takes (read from its header only)."""
    try:
        read_header(io.BytesIO(data), what="image")
    except TooManyPixels as error:
        raise FileRefused(str(error)) from error
    except (UnidentifiedImageError, OSError) as error:
        raise FileRefused("This image is damaged and cannot be opened") from error


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
    if expected.startswith("image/"):
        _check_image_size(data)
    filename = secrets.token_hex(16) + extension
    try:
        storage().save(library_key(filename), data, expected)
    except NotSaved as error:
        raise FileRefused(str(error)) from error
    delete_unless_committed(library_key(filename))
    return StoredFile(filename, Path(upload.filename).name[:200], expected, len(data))
