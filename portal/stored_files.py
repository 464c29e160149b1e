"""Files on disk that follow their database records' transaction.

A file stored for a new record is deleted again unless the transaction commits; the file of a
removed record is deleted only once the removal commits. So no record points at a missing file
and no file lingers without a record, whatever fails on the way (the upload, the flush, an
audit entry, the commit).

The files wait for the outermost transaction. A savepoint rolled back inside a transaction that
then commits is not undone here: nothing in the portal uses savepoints around files.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from portal.extensions import db

_UNLESS_COMMITTED = "portal.stored_files.delete_unless_committed"
_ONCE_COMMITTED = "portal.stored_files.delete_once_committed"


NOT_SAVED = "We could not save the file. Nothing was changed: please try again later"


class NotSaved(OSError):
    """Writing a file failed (a full disk, a storage fault): nothing was left behind."""


def write_whole(path: Path, write: Callable[[Path], None]) -> None:
    """Write a file all or nothing: `write(temporary)` fills a temporary file beside `path`,
    which then takes its name in one step. On any failure the temporary file is removed and
    NotSaved is raised, so a half-written file never appears under `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")
    try:
        write(temporary)
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise NotSaved(NOT_SAVED) from error


def delete_unless_committed(path: Path) -> None:
    """Delete `path` when the current transaction ends, unless it commits."""
    db.session.info.setdefault(_UNLESS_COMMITTED, []).append(path)


def delete_once_committed(path: Path) -> None:
    """Delete `path` when the current transaction commits; keep it if it rolls back."""
    db.session.info.setdefault(_ONCE_COMMITTED, []).append(path)


@event.listens_for(Session, "after_commit")
def _delete_files_of_removed_records(session: Session) -> None:
    # Releasing a savepoint commits nothing yet: wait for the outermost commit.
    if session.in_nested_transaction():
        return
    session.info.pop(_UNLESS_COMMITTED, None)
    for path in session.info.pop(_ONCE_COMMITTED, []):
        path.unlink(missing_ok=True)


@event.listens_for(Session, "after_transaction_end")
def _delete_files_not_committed(session: Session, transaction: SessionTransaction) -> None:
    # Runs after `after_commit` on a commit, when there is nothing left to do; on a rollback or
    # a close without commit, the new files go and the removed records' files stay.
    if transaction.parent is not None:
        return
    session.info.pop(_ONCE_COMMITTED, None)
    for path in session.info.pop(_UNLESS_COMMITTED, []):
        path.unlink(missing_ok=True)
