"""A parent-led meet-up with limited places is booked as a session, so the same rush of
families at its last places books exactly as many as there are, through a live server, on
SQLite and PostgreSQL; the control run without the guard overbooks, so the test can fail."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.events.models import Event
from portal.extensions import db
from portal.groups.models import MeetupSession
from tests.concurrency.test_last_places import FAMILIES, _places_taken, _rush
from tests.factories import make_user, make_venue
from tests.integration.groups.factories import make_group, make_meetup

PLACES = 5

pytestmark = pytest.mark.slow


def _meetup_session() -> Event:
    lead = make_user()
    group = make_group(lead=lead, staff=make_user(role="staff"))
    meetup = make_meetup(group, lead, repeat="once", places=PLACES, venue=make_venue())
    return db.session.scalar(
        select(Event)
        .join(MeetupSession, MeetupSession.event_id == Event.id)
        .where(MeetupSession.meetup_id == meetup.id)
    )


def test_thirty_families_rushing_a_meetups_five_places_book_exactly_five(app, live_portal):
    event = _meetup_session()
    base_url = live_portal()

    statuses = _rush(base_url, event)

    assert len(statuses) == FAMILIES
    assert set(statuses) <= {302, 409, 503}, statuses
    assert statuses.count(302) == PLACES
    assert _places_taken(event.id) == (PLACES, PLACES)


def test_control_without_the_guard_a_meetup_rush_overbooks(app, live_portal):
    base_url = live_portal(BOOKING_GUARD=False)
    overbooked = []
    for _ in range(3):
        event = _meetup_session()
        _rush(base_url, event)
        overbooked.append(_places_taken(event.id)[1])
        if overbooked[-1] > PLACES:
            break
    assert max(overbooked) > PLACES, overbooked
