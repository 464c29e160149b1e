"""The storage interface every backend keeps, and the errors it raises.

A key is a relative path with forward slashes, the same path a file has under MEDIA_FOLDER
(`<name>.png` for a photo, `library/<name>.pdf` for a library file), so an install that kept its
files in a folder keeps them there with no move. A key that could name anything outside the
store (`..`, an absolute path, a backslash, an empty or hidden part) is refused before any
backend sees it.
"""

from __future__ import annotations

import io
import shutil
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

NOT_SAVED = "We could not save the file. Nothing was changed: please try again later"
CHUNK = 1024 * 1024


class StorageError(OSError):
    """The store could not do what was asked (a full disk, an object store that is down)."""


class NotSaved(StorageError):
    """Writing a file failed: nothing was left behind under its key."""


class NotStored(StorageError, FileNotFoundError):
    """No file is stored under that key."""


class KeyRefused(ValueError):
    """The key could name something outside the store."""


@dataclass(frozen=True)
class StoredInfo:
    size: int
    modified: datetime


def checked_key(key: str) -> str:
    """`key` if it is a safe relative path inside the store; KeyRefused otherwise."""
    if not isinstance(key, str) or not key or "\\" in key or "\0" in key or key.startswith("/"):
        raise KeyRefused(f"{key!r} is not a file name the store takes")
    for part in key.split("/"):
        # Hidden parts are refused too: a local store writes its unfinished files as ".name".
        if not part or part in {".", ".."} or part.startswith("."):
            raise KeyRefused(f"{key!r} is not a file name the store takes")
    return key


def checked_prefix(prefix: str) -> str:
    """A prefix for `keys`: empty, or a key followed by "/"."""
    if prefix:
        checked_key(prefix.rstrip("/"))
        if not prefix.endswith("/"):
            raise KeyRefused(f"{prefix!r} must end with '/'")
    return prefix


class Storage(ABC):
    """Where uploaded files live. Writes are all or nothing; deleting a missing key is fine."""

    @abstractmethod
    def save(self, key: str, data: bytes | BinaryIO, content_type: str) -> int:
        """Store `data` (bytes, or a binary stream read to its end) under `key`, replacing what
        was there, and return its size. Raises NotSaved, having left nothing half-written."""

    @abstractmethod
    def open(self, key: str, start: int | None = None, end: int | None = None) -> BinaryIO:
        """A binary stream of the file, or of bytes `start` (counted from 0) up to but not
        including `end`, like a slice. Without a range the stream can seek. Raises NotStored."""

    @abstractmethod
    def info(self, key: str) -> StoredInfo:
        """The file's size and when it was last written. Raises NotStored."""

    def size(self, key: str) -> int:
        """The file's size in bytes. Raises NotStored."""
        return self.info(key).size

    def exists(self, key: str) -> bool:
        try:
            self.info(key)
        except NotStored:
            return False
        return True

    @abstractmethod
    def delete(self, key: str) -> None:
        """Delete the file; a key already gone is not an error."""

    @abstractmethod
    def reachable(self) -> bool:
        """Whether the store answers and can be written to now (for `/readyz`). Quick and
        cheap: reads no file. Never raises."""

    @abstractmethod
    def keys(self, prefix: str = "") -> list[str]:
        """Every key under `prefix` (empty, or ending in "/"), sorted."""

    def copy(self, source: str, key: str) -> None:
        """Store a copy of `source` under `key`. Raises NotStored or NotSaved."""
        with self.open(source) as stream:
            self.save(key, stream, "application/octet-stream")

    def url(
        self,
        key: str,
        *,
        expires: int,
        content_type: str | None = None,
        download_name: str | None = None,
    ) -> str | None:
        """A link that fetches the file directly for `expires` seconds, or None when the store
        has no such links (a local folder: the portal serves the file itself)."""
        checked_key(key)
        return None

    @contextmanager
    def local_copy(self, key: str, suffix: str = "") -> Iterator[Path]:
        """A path on this host holding the file, for programs that need one (ffmpeg), for the
        length of the `with` block. Raises NotStored."""
        with tempfile.TemporaryDirectory(prefix="portal-storage-") as folder:
            path = Path(folder) / f"copy{suffix}"
            with self.open(key) as stream, open(path, "wb") as out:
                shutil.copyfileobj(stream, out, CHUNK)
            yield path

    def read_bytes(self, key: str) -> bytes:
        with self.open(key) as stream:
            return stream.read()


class Window(io.RawIOBase):
    """Bytes [start, end) of a stored file, fetched only when read and again after a seek, so
    serving the middle of a film never reads what comes before it."""

    def __init__(self, size: int, start: int | None, end: int | None) -> None:
        super().__init__()
        self._end = size if end is None else max(0, min(end, size))
        self._position = max(0, start or 0)
        self._body = None

    def _fetch(self, start: int, end: int):
        """A readable stream of bytes [start, end)."""
        raise NotImplementedError

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._end}[whence]
        position = max(0, base + offset)
        if position != self._position:
            self._drop_body()
            self._position = position
        return position

    def readinto(self, buffer) -> int:
        wanted = min(len(buffer), self._end - self._position)
        if wanted <= 0:
            return 0
        if self._body is None:
            self._body = self._fetch(self._position, self._end)
        data = self._body.read(wanted)
        buffer[: len(data)] = data
        self._position += len(data)
        return len(data)

    def _drop_body(self) -> None:
        if self._body is not None:
            self._body.close()
            self._body = None

    def close(self) -> None:
        self._drop_body()
        super().close()
