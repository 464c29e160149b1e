"""Sizes, the shared password, and small helpers for the scale data set."""

from __future__ import annotations

import random
import secrets
import time as clock
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

from sqlalchemy import func, insert, select

from portal import slugs
from portal.dates import LONDON
from portal.demo.events import drawing as draw
from portal.demo.scale.words import FIRST, LAST
from portal.extensions import db
from portal.storage import storage

DEFAULT_SEED = 1
# Development only (the CLI refuses to run in production), like the small demo's passwords.
PASSWORD = "bromley scale demo"  # noqa: S105
STAFF_EMAIL, ADMIN_EMAIL = "scale.staff@example.org", "scale.admin@example.org"
BATCH = 5000
# At N=1.
SESSIONS, MEMBERS, BUSINESSES, LIBRARY_ITEMS, VENUES = 3000, 20000, 2000, 1000, 16
DAYS_PAST, DAYS_AHEAD = 730, 365


# -- Helpers ----------------------------------------------------------------------------------


def scaled(scale: float, at_one: int, least: int) -> int:
    return max(least, round(at_one * scale))


def quota(rng: random.Random, shares: dict, total: int) -> list:
    """`total` labels drawn in the given shares, each at least once when there is room."""
    labels = list(shares)[:total]
    labels += rng.choices(list(shares), weights=list(shares.values()), k=total - len(labels))
    rng.shuffle(labels)
    return labels


def bulk_insert(table, rows: list[dict], *, ids: bool = False, key: str = "") -> list[int]:
    """INSERT rows in batches (Core executemany); with ids=True, return their ids in order.

    Given a unique `key` column the ids are read back by it: for tens of thousands of rows
    that is much quicker on PostgreSQL than INSERT ... RETURNING, whose multi-row statements
    psycopg parses placeholder by placeholder.
    """
    if ids and key:
        before = db.session.scalar(select(func.max(table.c.id))) or 0
        bulk_insert(table, rows)
        made = select(table.c[key], table.c.id).where(table.c.id > before)
        found = {value: id_ for value, id_ in db.session.execute(made)}
        return [found[row[key]] for row in rows]
    made: list[int] = []
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        if ids:
            statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
            made.extend(db.session.execute(statement, chunk).scalars())
        else:
            db.session.execute(insert(table), chunk)
    return made


def moment_between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    if end <= start:
        return start
    return start + timedelta(seconds=rng.uniform(0, (end - start).total_seconds()))


def london_time(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON).astimezone(UTC)


def unique_slug(words: str, taken: set[str]) -> str:
    slug = slugs.unique_slug(words, taken=taken.__contains__, fallback="item")
    taken.add(slug)
    return slug


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def took(started: float) -> str:
    return f"{clock.perf_counter() - started:.1f}s"


def tally(counts: Counter) -> str:
    return ", ".join(f"{count:,} {label}" for label, count in sorted(counts.items()))


class StoredFiles:
    """One stored file per row (staff deleting one must not break another), without sending
    the same bytes a thousand times: the first copy is written, the rest are copied inside
    the store (hard links in a folder, server-side copies in a bucket)."""

    def __init__(self, prefix: str, data: bytes, suffix: str, mimetype: str) -> None:
        self.prefix, self.data, self.suffix, self.mimetype = prefix, data, suffix, mimetype
        self.first: str | None = None

    def copy(self) -> str:
        name = secrets.token_hex(16) + self.suffix
        key = self.prefix + name
        if self.first is None:
            storage().save(key, self.data, self.mimetype)
            self.first = key
        else:
            storage().copy(self.first, key)
        return name


@cache
def drawing(kind: str, alt: str) -> bytes:
    return draw(kind, alt)
