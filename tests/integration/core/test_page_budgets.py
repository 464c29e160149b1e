"""Queries per page stay the same, and few, however much data there is.

Each page is rendered (page cache off) against the borough-scale demo data at two sizes ten
times apart; the count of SQL statements must not change and must stay at or under 10. The
same holds for the pages of signed-in people (never kept), the staff console's included.
"""

import pytest
from sqlalchemy import func, select

from portal.accounts.models import User
from portal.dates import utcnow
from portal.demo.scale import load_scale_data
from portal.demo.scale.common import PASSWORD as SCALE_PASSWORD
from portal.demo.scale.common import STAFF_EMAIL
from portal.events.models import Booking, BookingStatus, Event, EventStatus, RunningOrderItem
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


def _load(scale: float) -> None:
    """The borough-scale demo data at `scale`, in place of whatever was there."""
    empty_all_tables()
    ensure_catalogue()
    db.session.commit()
    list(load_scale_data(scale))


def test_public_pages_use_the_same_few_queries_with_ten_times_the_data(app, client):
    counts = []
    for scale in SIZES:
        _load(scale)
        counts.append({name: queries_for(client, path)[0] for name, path in _pages().items()})

    small, large = counts
    assert large == small
    assert max(large.values()) <= MAX_QUERIES, large


def _signed_in_pages() -> tuple[dict[str, str], str, str]:
    """Signed-in pages at their fullest: the account and a booking of the family with the
    most bookings, the staff dashboard, and the register of the session with most parties."""
    family, reference = db.session.execute(
        select(User.email, func.min(Booking.reference))
        .join(Booking, Booking.user_id == User.id)
        .group_by(User.id)
        .order_by(func.count(Booking.id).desc(), User.id)
    ).first()
    busiest = db.session.scalar(
        select(Booking.event_id)
        .where(Booking.status == BookingStatus.CONFIRMED)
        .group_by(Booking.event_id)
        .order_by(func.count(Booking.id).desc(), Booking.event_id)
    )
    pages = {
        "account": "/account",
        "a booking": f"/bookings/{reference}",
        "staff dashboard": "/staff",
        "a session's register": f"/staff/sessions/{busiest}/register",
    }
    return pages, family, STAFF_EMAIL


def test_signed_in_pages_use_the_same_few_queries_with_ten_times_the_data(app, client, auth):
    counts = []
    for scale in SIZES:
        _load(scale)
        pages, family, staff = _signed_in_pages()
        db.session.close()
        counted = {}
        for email in (family, staff):
            auth.login(email, SCALE_PASSWORD)
            for name, path in pages.items():
                if path.startswith("/staff") == (email == staff):
                    counted[name] = queries_for(client, path)[0]
            auth.logout()
        counts.append(counted)

    small, large = counts
    assert large == small
    assert max(large.values()) <= MAX_QUERIES, large
