"""Ten booked families each ask for two more places at the same moment, through real HTTP
requests to a live server, when only two are free: on SQLite and on PostgreSQL (where the
guarded UPDATE waits for the session row's lock, then checks again). Exactly one family gets
them; the others keep the places they had, and the count matches the bookings."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from portal.events.models import Booking, Event
from portal.extensions import db
from tests.concurrency.browser import CSRF, Browser
from tests.factories import make_booking, make_event, make_user

FAMILIES = 10
FREE = 2

pytestmark = pytest.mark.slow


def test_ten_families_asking_for_the_last_two_places_at_once_one_gets_them(app, live_portal):
    event = make_event(capacity=FAMILIES + FREE)
    references = []
    for n in range(FAMILIES):
        user = make_user(email=f"changer{n}@example.org")
        references.append((user.email, make_booking(event, user, adults=1).reference))
    base_url = live_portal()

    browsers = []
    for email, reference in references:
        browser = Browser(base_url)
        assert browser.post("/login", {"email": email, "password": "correct horse battery"}) == 302
        _, page = browser._open("/privacy")
        browsers.append((browser, reference, CSRF.search(page).group(1)))

    start = threading.Barrier(FAMILIES)
    statuses: list[int] = []

    def ask_for_two_more(browser: Browser, reference: str, token: str) -> None:
        start.wait()
        status, _ = browser._open(
            f"/bookings/{reference}/change/who",
            {"csrf_token": token, "adults": 3, "children": 0, "carer": "no"},
        )
        statuses.append(status)

    threads = [threading.Thread(target=ask_for_two_more, args=b) for b in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    db.session.expire_all()
    places = sorted(
        db.session.scalars(select(Booking.places).where(Booking.event_id == event.id)).all()
    )
    confirmed = db.session.scalar(
        select(func.sum(Booking.places)).where(
            Booking.event_id == event.id, Booking.status == "confirmed"
        )
    )
    assert len(statuses) == FAMILIES
    assert set(statuses) <= {302, 409, 503}, statuses  # changed, refused, or busy: never a 500
    assert statuses.count(302) == 1
    assert places == [1] * (FAMILIES - 1) + [3]
    assert db.session.get(Event, event.id).places_booked == confirmed == FAMILIES + FREE
