"""Stored files that follow their database records' transaction.

A file stored for a new record is deleted again unless the transaction commits; the file of a
removed record is deleted only once the removal commits. So no record points at a missing file
and no file lingers without a record, whatever fails on the way (the upload, the flush, an
audit entry, the commit). Files are named by their storage key (portal/storage/), in whichever
store the app uses.

The files wait for the outermost transaction. A savepoint rolled back inside a transaction that
then commits is not undone here: nothing in the portal uses savepoints around files.
"""

from __future__ import annotations

import logging

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from portal.extensions import db
from portal.storage import NOT_SAVED, NotSaved, Storage, StorageError, storage

__all__ = ["NOT_SAVED", "NotSaved", "delete_once_committed", "delete_unless_committed"]

log = logging.getLogger(__name__)
_UNLESS_COMMITTED = "portal.stored_files.delete_unless_committed"
_ONCE_COMMITTED = "portal.stored_files.delete_once_committed"


def delete_unless_committed(key: str) -> None:
    """Delete the file at `key` when the current transaction ends, unless it commits."""
    db.session.info.setdefault(_UNLESS_COMMITTED, []).append((storage(), key))


def delete_once_committed(key: str) -> None:
    """Delete the file at `key` when the current transaction commits; keep it if it rolls
    back."""
    db.session.info.setdefault(_ONCE_COMMITTED, []).append((storage(), key))


def _delete(files: list[tuple[Storage, str]]) -> None:
    for store, key in files:
        try:
            store.delete(key)
        except StorageError:
            # The change itself is done: a file left behind is logged, not a failed request.
            log.exception("Could not delete the stored file %s", key)


@event.listens_for(Session, "after_commit")
def _delete_files_of_removed_records(session: Session) -> None:
    # Releasing a savepoint commits nothing yet: wait for the outermost commit.
    if session.in_nested_transaction():
        return
    session.info.pop(_UNLESS_COMMITTED, None)
    _delete(session.info.pop(_ONCE_COMMITTED, []))


@event.listens_for(Session, "after_transaction_end")
def _delete_files_not_committed(session: Session, transaction: SessionTransaction) -> None:
    # Runs after `after_commit` on a commit, when there is nothing left to do; on a rollback or
    # a close without commit, the new files go and the removed records' files stay.
    if transaction.parent is not None:
        return
    session.info.pop(_ONCE_COMMITTED, None)
    _delete(session.info.pop(_UNLESS_COMMITTED, []))
