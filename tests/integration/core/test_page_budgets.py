"""Queries per public page stay the same, and few, however much data there is.

Each page is rendered (page cache off) against the borough-scale demo data at two sizes ten
times apart; the count of SQL statements must not change and must stay at or under 10.
"""

import pytest
from sqlalchemy import func, select

from portal.dates import utcnow
from portal.demo.scale import load_scale_data
from portal.events.models import Event, EventStatus, RunningOrderItem
from portal.extensions import db
from portal.library.models import ItemStatus, LibraryItem
from portal.pledges.catalogue import ensure_catalogue
from portal.pledges.models import Business, Pledge, PledgeStatus
from tests.databases import empty_all_tables
from tests.sql import queries_for

pytestmark = pytest.mark.slow

SIZES = (0.005, 0.05)
MAX_QUERIES = 10


@pytest.fixture
def app_config(app_config):
    app_config["PAGE_CACHE_SECONDS"] = 0  # count what rendering costs, not the kept copy
    return app_config


def _pages() -> dict[str, str]:
    """Public pages with real ids from the data: the fullest ones, where the most can show."""
    sessions = db.session.scalars(
        select(Event)
        .join(RunningOrderItem)
        .where(Event.status == EventStatus.PUBLISHED, Event.starts_at > utcnow())
        .group_by(Event.id)
        .order_by(func.count(RunningOrderItem.id).desc(), Event.id)
    ).all()
    # A full session's page also offers other dates: one of each, so the counts compare alike.
    session = next(event.id for event in sessions if not event.is_full)
    full_session = next(event.id for event in sessions if event.is_full)
    business = db.session.scalar(
        select(Business.slug)
        .join(Pledge)
        .where(Pledge.status == PledgeStatus.APPROVED, Pledge.expires_at > utcnow())
        .order_by(Business.id)
    )
    item, title = db.session.execute(
        select(LibraryItem.slug, LibraryItem.title)
        .where(LibraryItem.status == ItemStatus.PUBLISHED)
        .order_by(LibraryItem.id)
    ).first()
    word = max(title.split(), key=len)  # a search that finds something at every size
    return {
        "home": "/",
        "sessions": "/events",
        "sessions, page 2": "/events?page=2",
        "one session": f"/events/{session}",
        "one full session": f"/events/{full_session}",
        "pledges": "/pledges",
        "pledges, filtered": "/pledges?commitment=quiet-hour",
        "one business": f"/pledges/{business}",
        "library": "/library",
        "library, search": f"/library?q={word}",
        "one library item": f"/library/{item}",
    }


def test_public_pages_use_the_same_few_queries_with_ten_times_the_data(app, client):
    counts = []
    for scale in SIZES:
        empty_all_tables()
        ensure_catalogue()
        db.session.commit()
        list(load_scale_data(scale))
        counts.append({name: queries_for(client, path)[0] for name, path in _pages().items()})

    small, large = counts
    assert large == small
    assert max(large.values()) <= MAX_QUERIES, large
