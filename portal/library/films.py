"""Films everyone can play: each film in WebM and in MP4 (H.264 and AAC, which every browser
and phone plays, older iPhones included), with a poster shown before it starts.

Staff upload a film in either format. The worker's `films` job then makes the other format and,
when staff gave none, a poster from a frame of the film. It uses ffmpeg: `FFMPEG_PATH`, or the
binary the imageio-ffmpeg package ships (the `demo` extra, so `make run` has it), or `ffmpeg` on
the PATH (on a Debian host: `apt-get install ffmpeg`). A host without one cannot convert: staff
upload both formats and a poster themselves, and the staff page says what is missing.

Made files are marked `generated`; a new upload of the film replaces them with it.
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.batches import BatchReport, run_each
from portal.extensions import db
from portal.library.files import StoredFile, library_key
from portal.library.models import FileRole, ItemKind, LibraryFile, LibraryItem
from portal.storage import NotSaved, StorageError, storage
from portal.stored_files import delete_unless_committed

# The other format a film is made in, and how ffmpeg makes it.
OTHER_FORMAT = {"video/webm": "video/mp4", "video/mp4": "video/webm"}
EXTENSION = {"video/mp4": ".mp4", "video/webm": ".webm", "image/jpeg": ".jpg"}
ENCODER_ARGUMENTS = {
    # H.264 (high profile, 4:2:0) with AAC, its index at the front so it starts playing at once.
    "video/mp4": [
        "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p",
        "-vf", "scale=trunc(iw/2)*2:trunc(ih/2)*2",
        "-c:a", "aac", "-b:a", "128k", "-movflags", "+faststart", "-f", "mp4",
    ],
    "video/webm": [
        "-c:v", "libvpx", "-b:v", "1M", "-crf", "10", "-c:a", "libvorbis", "-f", "webm",
    ],
}  # fmt: skip
# A representative frame (ffmpeg's thumbnail filter looks at the first 100), at most 1280 wide.
POSTER_ARGUMENTS = [
    "-vf", "thumbnail,scale='min(1280,iw)':-2", "-frames:v", "1",
    "-c:v", "mjpeg", "-q:v", "3", "-f", "image2", "-update", "1",
]  # fmt: skip
CONVERT_TIMEOUT_SECONDS = 20 * 60


class CannotConvert(RuntimeError):
    """There is no ffmpeg on this host, or it could not read the film."""


def ffmpeg_binary() -> str | None:
    """The ffmpeg to use, or None when this host has none (or FFMPEG_PATH names nothing)."""
    configured = current_app.config.get("FFMPEG_PATH")
    if configured:
        return configured if shutil.which(configured) else None
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except (ImportError, RuntimeError):
        return shutil.which("ffmpeg")


def what_is_missing(item: LibraryItem) -> list[str]:
    """What the film still needs so everyone can play it: "the other format", "a poster"."""
    main = item.file(FileRole.MAIN)
    if item.kind != ItemKind.FILM or main is None or main.mimetype not in OTHER_FORMAT:
        return []
    missing = []
    other = OTHER_FORMAT[main.mimetype]
    if not any(f.role == FileRole.ENCODING and f.mimetype == other for f in item.files):
        missing.append(other)
    if item.file(FileRole.POSTER) is None:
        missing.append("image/jpeg")
    return missing


def films_to_prepare() -> list[int]:
    films = db.session.scalars(
        select(LibraryItem)
        .where(LibraryItem.kind == ItemKind.FILM)
        .options(selectinload(LibraryItem.files))
        .order_by(LibraryItem.id)
    )
    return [film.id for film in films if what_is_missing(film)]


def _make(ffmpeg: str, source: Path, mimetype: str, original_name: str) -> StoredFile:
    """Run ffmpeg on `source` (a path on this host) into a new stored file (deleted again
    unless this commits). ffmpeg writes to a temporary folder, which is then stored whole."""
    arguments = POSTER_ARGUMENTS if mimetype == "image/jpeg" else ENCODER_ARGUMENTS[mimetype]
    filename = secrets.token_hex(16) + EXTENSION[mimetype]
    with tempfile.TemporaryDirectory(prefix="portal-film-") as work:
        made = Path(work) / filename
        quiet = ["-hide_banner", "-loglevel", "error", "-nostdin", "-y"]
        result = subprocess.run(  # noqa: S603 - our binary, our arguments, our own file names
            [ffmpeg, *quiet, "-i", str(source), *arguments, str(made)],
            capture_output=True,
            timeout=CONVERT_TIMEOUT_SECONDS,
            check=False,
        )
        if result.returncode != 0 or not made.exists() or made.stat().st_size == 0:
            # ffmpeg's own words, for the log: the film's name and content are not in them.
            raise CannotConvert(result.stderr.decode(errors="replace")[-500:])
        try:
            with made.open("rb") as stream:
                size = storage().save(library_key(filename), stream, mimetype)
        except NotSaved as error:
            raise CannotConvert(str(error)) from error
    delete_unless_committed(library_key(filename))
    stem = Path(original_name).stem[:180]
    return StoredFile(filename, f"{stem}{EXTENSION[mimetype]}", mimetype, size)


def prepare_film(item_id: int) -> bool:
    """Make what the film is missing. Returns False when nothing was (another run did it).

    The conversion runs without holding the item, which may take minutes; the item is then
    locked and checked again, so two workers never attach the same thing twice.
    Raises CannotConvert (the batch logs it and tries again at the next run).
    """
    item = db.session.get(LibraryItem, item_id)
    missing = what_is_missing(item) if item else []
    if not missing:
        return False
    ffmpeg = ffmpeg_binary()
    if ffmpeg is None:
        raise CannotConvert("no ffmpeg: install it (apt-get install ffmpeg) or set FFMPEG_PATH")
    main = item.file(FileRole.MAIN)
    try:
        # ffmpeg needs a path: the file itself from a local store, a temporary copy from S3.
        with storage().local_copy(library_key(main.filename), Path(main.filename).suffix) as source:
            made = {m: _make(ffmpeg, source, m, main.original_name) for m in missing}
    except StorageError as error:
        raise CannotConvert(f"the film could not be read from storage: {error}") from error

    from portal.library.services import attach

    db.session.execute(
        select(LibraryItem.id).where(LibraryItem.id == item_id).with_for_update()
    ).all()
    db.session.refresh(item)
    still_missing = what_is_missing(item)
    if item.file(FileRole.MAIN) is None or item.file(FileRole.MAIN).id != main.id:
        return False  # the film was replaced meanwhile: the next run starts again
    for mimetype, stored in made.items():
        if mimetype in still_missing:
            role = FileRole.POSTER if mimetype == "image/jpeg" else FileRole.ENCODING
            attach(item, stored, role=role, generated=True)
    return True


def prepare_films() -> BatchReport:
    return run_each(films_to_prepare(), prepare_film, what="film")


def sources(item: LibraryItem) -> list[LibraryFile]:
    """The film's files for the player, WebM first (smaller), then MP4 (plays everywhere)."""
    main = item.file(FileRole.MAIN)
    if main is None or not main.mimetype.startswith("video/"):
        return []
    films = [main] + [f for f in item.files if f.role == FileRole.ENCODING]
    return sorted(films, key=lambda f: f.mimetype != "video/webm")
