"""The backup archive: one gzipped tar holding the database, the media files and a manifest.

Members are `database/<file>`, `media/<storage key>` (its path under MEDIA_FOLDER) and
`manifest.json`, written last, which lists the sha256 of every other member (hashed as it is
written, so what is listed is what went in). Reading never trusts a member's name: absolute
paths, `..`, links and devices are refused before anything is written, and each file's checksum
is checked against the manifest before the caller uses any of them.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import re
import tarfile
import time
import zlib
from pathlib import Path, PurePosixPath

from portal.backups import BackupError

MANIFEST = "manifest.json"
DATABASE_FOLDER = "database"
MEDIA_FOLDER = "media"
CHUNK = 1024 * 1024
# A manifest lists one line per file; anything bigger than this is not one of ours.
MANIFEST_MAX_BYTES = 64 * 1024 * 1024
WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:")


class ArchiveRefused(BackupError):
    """The archive is damaged, changed since it was made, or holds something unsafe."""


class _Hashing:
    """A file wrapper that hashes what tarfile reads from it."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(size)
        self.digest.update(chunk)
        return chunk


class ArchiveWriter:
    """Adds files to an open tar, keeping each one's sha256 and size for the manifest."""

    def __init__(self, tar: tarfile.TarFile) -> None:
        self.tar = tar
        self.files: dict[str, dict] = {}

    def add_file(self, name: str, path: Path) -> bool:
        """Add `path` as `name`; False if the file went away meanwhile (a deleted upload)."""
        try:
            handle = open(path, "rb")  # noqa: SIM115 - closed below, after fstat
        except FileNotFoundError:
            return False
        with handle:
            info = tarfile.TarInfo(name)
            stat = os.fstat(handle.fileno())
            info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o600
            hashing = _Hashing(handle)
            self.tar.addfile(info, hashing)
        self.files[name] = {"sha256": hashing.digest.hexdigest(), "size": info.size}
        return True

    def add_stream(self, name: str, stream, size: int, modified: float) -> None:
        """Add `size` bytes read from `stream` (a stored file) as `name`."""
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = size, int(modified), 0o600
        hashing = _Hashing(stream)
        self.tar.addfile(info, hashing)
        self.files[name] = {"sha256": hashing.digest.hexdigest(), "size": size}

    def add_manifest(self, manifest: dict) -> None:
        data = json.dumps({**manifest, "files": self.files}, indent=2, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mode, info.mtime = len(data), 0o600, int(time.time())
        self.tar.addfile(info, io.BytesIO(data))


def _checked_name(member: tarfile.TarInfo) -> str:
    """The member's name, if it is one a backup of ours could hold; ArchiveRefused otherwise."""
    name = member.name
    if name.startswith(("/", "\\")) or WINDOWS_DRIVE.match(name):
        raise ArchiveRefused(
            f"The archive holds a file with an absolute path ({name!r}), which could be written "
            "anywhere on this computer. Nothing was restored."
        )
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if ".." in parts:
        raise ArchiveRefused(
            f"The archive holds a file whose path climbs out of its folder ({name!r}). "
            "Nothing was restored."
        )
    if not (name == MANIFEST or (len(parts) > 1 and parts[0] in {DATABASE_FOLDER, MEDIA_FOLDER})):
        raise ArchiveRefused(
            f"The archive holds {name!r}, which a portal backup never has. Nothing was restored."
        )
    if not (member.isfile() or member.isdir()):
        raise ArchiveRefused(
            f"The archive holds a link or special file ({name!r}); portal backups have only "
            "plain files. Nothing was restored."
        )
    return "/".join(parts)


def unpack(archive: Path, into: Path) -> dict:
    """Unpack `archive` into the empty folder `into` and return its manifest, once every file
    has been checked against it. Raises ArchiveRefused, having written nothing outside `into`."""
    found: dict[str, str] = {}
    manifest_bytes = None
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                name = _checked_name(member)
                if member.isdir():
                    continue
                if name in found or (name == MANIFEST and manifest_bytes is not None):
                    raise ArchiveRefused(f"The archive holds {name!r} twice. Nothing was restored.")
                source = tar.extractfile(member)
                if name == MANIFEST:
                    manifest_bytes = source.read(MANIFEST_MAX_BYTES)
                    continue
                found[name] = _copy(source, into / name)
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise ArchiveRefused(
            f"{archive} is not a complete portal backup (it may be cut short or damaged): "
            f"{error}. Nothing was restored."
        ) from error
    manifest = _read_manifest(manifest_bytes)
    _check_against_manifest(found, manifest["files"])
    return manifest


def _copy(source, target: Path) -> str:
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with open(target, "xb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def _read_manifest(data: bytes | None) -> dict:
    if data is None:
        raise ArchiveRefused(
            "The archive has no manifest.json, so its files cannot be checked. It is not a "
            "complete portal backup. Nothing was restored."
        )
    try:
        manifest = json.loads(data)
        files = manifest["files"]
        if not isinstance(files, dict) or manifest.get("format") != 1:
            raise ValueError("unknown format")
    except (ValueError, KeyError, TypeError) as error:
        raise ArchiveRefused(
            "The archive's manifest.json is not one this portal can read. Nothing was restored."
        ) from error
    return manifest


def _check_against_manifest(found: dict[str, str], listed: dict[str, dict]) -> None:
    for name, digest in sorted(found.items()):
        entry = listed.get(name)
        if entry is None:
            raise ArchiveRefused(
                f"The archive holds {name!r}, which its manifest does not list: it has been "
                "changed since it was made. Nothing was restored."
            )
        if entry.get("sha256") != digest:
            raise ArchiveRefused(
                f"{name!r} does not match its checksum in the manifest: the archive has been "
                "changed or damaged since it was made. Nothing was restored."
            )
    missing = sorted(set(listed) - set(found))
    if missing:
        raise ArchiveRefused(
            f"The manifest lists {len(missing)} file(s) the archive does not hold, such as "
            f"{missing[0]!r}. Nothing was restored."
        )
