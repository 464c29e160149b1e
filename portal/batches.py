"""Scheduled runs that work through many items (reminders, feedback requests, pledge notices,
the retention purge's rules): each item in its own transaction, so one that fails is rolled
back, logged and counted, and every other item is still done.

Each item is committed on its own rather than in a SAVEPOINT: with Python's sqlite3 driver a
SAVEPOINT that opens a transaction is committed by its RELEASE (see events.services._insert),
so the transaction is the one unit that behaves the same on SQLite and PostgreSQL. An item's
work must therefore be whole on its own: claim it, do it, and let this module commit.

A failure is logged with what the item is and its id, the error's type and where it was
raised: never the error's message, since a database error repeats the values it was given
(names, email addresses, what would help a child).
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from flask import current_app

from portal.extensions import db

Item = TypeVar("Item")


@dataclass
class BatchReport:
    """What a run did: how many items it did, and which ones failed (their ids)."""

    done: int = 0
    failed: list = field(default_factory=list)


def error_name(error: BaseException) -> str:
    """The error's type, and the database driver's for a database error: never its message."""
    name = type(error).__name__
    original = getattr(error, "orig", None)  # SQLAlchemy's DBAPIError wraps the driver's error
    return f"{name} ({type(original).__name__})" if original is not None else name


def error_report(error: BaseException) -> str:
    """The error's type and where it was raised (the lines of code): never its message."""
    return f"{error_name(error)}\n{''.join(traceback.format_tb(error.__traceback__))}"


def log_failure(what: str, item_id, error: BaseException) -> None:
    """Log that one item of a run failed: what it is, its id, the error's type and where."""
    current_app.logger.error("%s %s failed: %s", what, item_id, error_report(error))


def run_each(
    items: Iterable[Item],
    work: Callable[[Item], bool],
    *,
    what: str,
    item_id: Callable[[Item], object] = lambda item: item,
) -> BatchReport:
    """Do `work` for each item, each in its own transaction, and report.

    `work(item)` flushes and returns whether it did anything (False: another run had done it);
    then the transaction is committed. If it raises, the item's transaction is rolled back,
    the failure logged as `what` with `item_id(item)`, and the run goes on to the next item.
    Raises nothing of its own.
    """
    report = BatchReport()
    for item in items:
        try:
            did = work(item)
            db.session.commit()
        except Exception as error:  # one item's failure never stops the others
            db.session.rollback()
            log_failure(what, item_id(item), error)
            report.failed.append(item_id(item))
            continue
        report.done += bool(did)
    return report


def failures(*reports: BatchReport) -> int:
    """How many items failed across `reports`."""
    return sum(len(report.failed) for report in reports)


class ItemsFailed(Exception):
    """A run did everything it could but some items failed (each is in the log by its id)."""


def fail_if_any(*reports: BatchReport) -> None:
    """Raise ItemsFailed, after the run, if any item failed: a scheduled job then counts as
    failed (and is flagged) though the other items were done."""
    failed = failures(*reports)
    if failed:
        raise ItemsFailed(f"{failed} failed: see the log")
