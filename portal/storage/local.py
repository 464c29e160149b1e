"""Files in a folder on this host (MEDIA_FOLDER): the default, with nothing to set up."""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from portal.storage.base import (
    CHUNK,
    NOT_SAVED,
    NotSaved,
    NotStored,
    Storage,
    StoredInfo,
    Window,
    checked_key,
    checked_prefix,
)

PARTIAL = ".partial"


class _FileWindow(Window):
    def __init__(self, handle: BinaryIO, size: int, start: int | None, end: int | None) -> None:
        self._handle = handle
        super().__init__(size, start, end)

    def _fetch(self, start: int, end: int):
        self._handle.seek(start)
        return _Unclosed(self._handle)

    def close(self) -> None:
        super().close()
        self._handle.close()


class _Unclosed:
    """The window's own file handle, read from where it was sought; closed with the window."""

    def __init__(self, handle: BinaryIO) -> None:
        self.read = handle.read

    def close(self) -> None:
        pass


class LocalStorage(Storage):
    """Keys are paths under `folder`; a file is written beside its place under a hidden name
    and takes its name in one step, so a half-written file is never seen."""

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)

    def __repr__(self) -> str:
        return f"LocalStorage({str(self.folder)!r})"

    def path(self, key: str) -> Path:
        """Where `key` lives on disk. Raises KeyRefused for a key that would leave the folder."""
        return self.folder.joinpath(*checked_key(key).split("/"))

    def save(self, key: str, data: bytes | BinaryIO, content_type: str) -> int:
        path = self.path(key)
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}{PARTIAL}")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(temporary, "xb") as out:
                if isinstance(data, bytes | bytearray | memoryview):
                    out.write(data)
                else:
                    shutil.copyfileobj(data, out, CHUNK)
            os.replace(temporary, path)
        except OSError as error:
            temporary.unlink(missing_ok=True)
            raise NotSaved(NOT_SAVED) from error
        return path.stat().st_size

    def open(self, key: str, start: int | None = None, end: int | None = None) -> BinaryIO:
        path = self.path(key)
        try:
            handle = open(path, "rb")  # noqa: SIM115 - the caller closes it
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as error:
            raise NotStored(f"Nothing is stored as {key}") from error
        if start is None and end is None:
            return handle
        return _FileWindow(handle, os.fstat(handle.fileno()).st_size, start, end)

    def info(self, key: str) -> StoredInfo:
        path = self.path(key)
        try:
            stat = path.stat()
        except (FileNotFoundError, NotADirectoryError) as error:
            raise NotStored(f"Nothing is stored as {key}") from error
        if not path.is_file():
            raise NotStored(f"Nothing is stored as {key}")
        return StoredInfo(stat.st_size, datetime.fromtimestamp(stat.st_mtime, UTC))

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def reachable(self) -> bool:
        """The folder can be written to; before the first upload makes it, its nearest parent
        that exists can."""
        folder = self.folder
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        return folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)

    def keys(self, prefix: str = "") -> list[str]:
        checked_prefix(prefix)
        top = self.folder.joinpath(*prefix.strip("/").split("/")) if prefix else self.folder
        if not top.is_dir():
            return []
        found = []
        for root, dirs, names in os.walk(top):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in names:
                path = Path(root) / name
                # Hidden names are files still being written (and nothing a key can name).
                if name.startswith(".") or path.is_symlink() or not path.is_file():
                    continue
                found.append(path.relative_to(self.folder).as_posix())
        return sorted(found)

    def copy(self, source: str, key: str) -> None:
        """A hard link where the file system has them (the same bytes, stored once)."""
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(self.path(source), target)
        except FileNotFoundError as error:
            raise NotStored(f"Nothing is stored as {source}") from error
        except OSError:
            super().copy(source, key)

    @contextmanager
    def local_copy(self, key: str, suffix: str = "") -> Iterator[Path]:
        """The file itself: it is already on this host."""
        path = self.path(key)
        if not path.is_file():
            raise NotStored(f"Nothing is stored as {key}")
        yield path
