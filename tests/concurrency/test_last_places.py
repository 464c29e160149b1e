"""Thirty families book the last five places at the same moment, through real HTTP requests to
a live server, on SQLite and on PostgreSQL. Exactly five places are taken.

The control run switches the guard off (BOOKING_GUARD=False: a count-then-insert, the usual
mistake) and shows the same test then sees overbooking, so the test can fail.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from portal.events.models import Booking, Event
from portal.extensions import db
from tests.concurrency.browser import CSRF, Browser
from tests.factories import make_event, make_user

FAMILIES = 30
PLACES = 5

pytestmark = pytest.mark.slow


def _rush(base_url: str, event: Event) -> list[int]:
    """Sign in 30 families, answer the questions, then all confirm at once."""
    browsers = []
    for n in range(FAMILIES):
        user = make_user(email=f"family{n}-{event.id}@example.org")
        browser = Browser(base_url)
        assert (
            browser.post("/login", {"email": user.email, "password": "correct horse battery"})
            == 302
        )
        path = f"/events/{event.id}/book"
        assert browser.post(f"{path}/who", {"adults": 1, "children": 0, "carer": "no"}) == 302
        assert browser.post(f"{path}/needs", {}) == 302
        browsers.append(browser)

    start = threading.Barrier(FAMILIES)
    statuses: list[int] = []

    def confirm(browser: Browser) -> None:
        _, page = browser._open("/privacy")
        token = CSRF.search(page).group(1)
        start.wait()
        status, _ = browser._open(
            f"/events/{event.id}/book/check", {"csrf_token": token, "choice": "book"}
        )
        statuses.append(status)

    threads = [threading.Thread(target=confirm, args=(b,)) for b in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


def _places_taken(event_id: int) -> tuple[int, int]:
    db.session.expire_all()
    counter = db.session.get(Event, event_id).places_booked
    booked = db.session.scalar(
        select(func.coalesce(func.sum(Booking.places), 0)).where(
            Booking.event_id == event_id, Booking.status == "confirmed"
        )
    )
    return counter, booked


def test_thirty_families_rushing_five_places_book_exactly_five(app, live_portal):
    event = make_event(capacity=PLACES)
    base_url = live_portal()

    statuses = _rush(base_url, event)

    assert len(statuses) == FAMILIES
    assert set(statuses) <= {302, 409, 503}, statuses  # booked, full, or busy: never a 500
    assert statuses.count(302) == PLACES
    assert _places_taken(event.id) == (PLACES, PLACES)


def test_control_without_the_guard_the_same_rush_overbooks(app, live_portal):
    base_url = live_portal(BOOKING_GUARD=False)
    overbooked = []
    for _ in range(3):  # a race is a race: give it three chances to show itself
        event = make_event(capacity=PLACES)
        _rush(base_url, event)
        overbooked.append(_places_taken(event.id)[1])
        if overbooked[-1] > PLACES:
            break
    assert max(overbooked) > PLACES, overbooked
