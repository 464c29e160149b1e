"""A borough-scale data set for benchmarks: `flask --app wsgi demo-data --scale N`.

At N=1: about 3,000 sessions over three years (two past, one ahead) at 16 venues, 60,000
bookings and waiting-list places from 20,000 families and professionals, 2,000 businesses with
pledges in every state, and 1,000 library items with transcripts. N is a float (0.01 gives about
30 sessions). Rows go in with Core bulk inserts, every account shares one password hash, and
files stored are a handful of drawings, PDFs and one film, copied under each row's own
name; so N=1 takes well under a minute. The same seed gives the same data set.
"""

from __future__ import annotations

import random
import time as clock
from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import select, text

from portal.accounts.models import User
from portal.accounts.second_factor import secret_in_groups
from portal.dates import utcnow
from portal.demo.scale.common import (
    ADMIN_EMAIL,
    BUSINESSES,
    DEFAULT_SEED,
    LIBRARY_ITEMS,
    MEMBERS,
    PASSWORD,
    SESSIONS,
    STAFF_EMAIL,
    VENUES,
    scaled,
    tally,
    took,
)
from portal.demo.scale.library import make_library
from portal.demo.scale.people import People
from portal.demo.scale.pledges import insert_businesses, plan_businesses
from portal.demo.scale.sessions import (
    insert_bookings,
    insert_sessions,
    plan_bookings,
    plan_sessions,
    plan_venues,
)
from portal.demo.scale.words import VENUE_LIST
from portal.demo.two_step import ADMIN_KEY, STAFF_KEY
from portal.extensions import db

__all__ = [
    "ADMIN_EMAIL",
    "DEFAULT_SEED",
    "PASSWORD",
    "STAFF_EMAIL",
    "ScaleDataLoaded",
    "load_scale_data",
]


class ScaleDataLoaded(Exception):
    """The scale data set is already in this database."""


# -- The generator ----------------------------------------------------------------------------


def load_scale_data(
    scale: float, seed: int = DEFAULT_SEED, *, now: datetime | None = None
) -> Iterator[str]:
    """Create the scale data set in one transaction, yielding a line as each part is made.

    Raises ScaleDataLoaded, before writing anything, if the database already has it.
    """
    if db.session.scalar(select(User.id).where(User.email == STAFF_EMAIL)) is not None:
        raise ScaleDataLoaded(
            "The scale data set is already loaded in this database. To load it again, "
            "start from an empty database."
        )
    rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
    now = now or utcnow()
    started = clock.perf_counter()
    yield f"Scale data set, N={scale:g}, seed {seed}:"
    # Everything is planned first and inserted after, so that nobody acts before they joined.
    people = People(rng, scaled(scale, MEMBERS, 300), scaled(scale, BUSINESSES, 8), now)
    venues = plan_venues(rng, min(len(VENUE_LIST), scaled(scale, VENUES, 2)))
    events = plan_sessions(rng, venues, scaled(scale, SESSIONS, 3), now)
    bookings, statuses = plan_bookings(rng, events, people, now)
    businesses = plan_businesses(rng, people, now)
    people.insert(rng, now)
    yield f"  Accounts: {len(people.rows):,}, sharing one password hash ({took(started)})"
    insert_sessions(rng, events)
    feedback = insert_bookings(rng, bookings, people, now)
    past = sum(1 for event in events if event["starts_at"] <= now)
    yield (
        f"  Sessions: {len(events):,} at {len(venues)} venues, {past:,} past and "
        f"{len(events) - past:,} to come ({took(started)})"
    )
    yield (
        f"  Bookings and waiting-list places: {len(bookings):,} ({tally(statuses)}); "
        f"feedback: {feedback:,} ({took(started)})"
    )
    pledges = insert_businesses(businesses, people, now)
    yield (
        f"  Businesses: {len(businesses):,}; pledges: {sum(pledges.values()):,} "
        f"({tally(pledges)}) ({took(started)})"
    )
    items, files = make_library(rng, scaled(scale, LIBRARY_ITEMS, 4), now)
    yield f"  Library: {items:,} items with transcripts, {files:,} files ({took(started)})"
    db.session.commit()
    # Fresh statistics, so the query planner knows the tables' new sizes straight away.
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    yield f"Committed after {took(started)}. Every generated account's password: {PASSWORD}"
    yield f"  staff  {STAFF_EMAIL}  authenticator key: {secret_in_groups(STAFF_KEY)}"
    yield f"  admin  {ADMIN_EMAIL}  authenticator key: {secret_in_groups(ADMIN_KEY)}"
