"""The staff console opens on today's sessions (London time), each one tap from its register,
with how many are booked and how many have arrived; with nothing on today, it says when the
next session is."""

from datetime import UTC, datetime, timedelta

from portal.dates import LONDON, london_day_start, utcnow
from portal.events.figures import next_session_after_today, sessions_today
from portal.events.register import mark_register
from portal.events.services import cancel_booking
from portal.extensions import db
from tests.factories import make_booking, make_event

# Wednesday 1 July 2026, 2pm in Bromley (British Summer Time: 1pm UTC).
NOW = datetime(2026, 7, 1, 14, 0, tzinfo=LONDON)


def _at(day: int, hour: int, minute: int = 0, month: int = 7, **fields):
    starts_at = datetime(2026, month, day, hour, minute, tzinfo=LONDON).astimezone(UTC)
    return make_event(starts_at=starts_at, ends_at=starts_at + timedelta(hours=1), **fields)


def test_today_is_the_london_day_and_includes_sessions_already_started_or_over(app):
    just_after_midnight = _at(1, 0, 30, title="Half past midnight")  # 11:30pm UTC on 30 June
    over = _at(1, 9, title="Morning, over")
    evening = _at(1, 19, title="Evening")
    _at(30, 23, 30, month=6, title="Yesterday, late")
    _at(2, 0, 30, title="Tomorrow, early")
    _at(1, 11, title="A draft", status="draft")
    _at(1, 12, title="Cancelled", status="cancelled")

    rows = sessions_today(now=NOW.astimezone(UTC))

    assert [row.event.id for row in rows] == [just_after_midnight.id, over.id, evening.id]


def test_each_session_today_counts_parties_with_places_and_those_who_arrived(app):
    event = _at(1, 15, capacity=10)
    booked_before = NOW - timedelta(days=3)
    arrived, _, gone = (make_booking(event, now=booked_before) for _ in range(3))
    make_booking(_at(1, 16), now=booked_before)  # another session's party
    mark_register(arrived, "arrived", now=NOW)
    cancel_booking(gone, now=booked_before)
    db.session.commit()

    (row,) = [row for row in sessions_today(now=NOW) if row.event.id == event.id]

    assert (row.parties, row.arrived) == (2, 1)


def test_the_next_session_is_the_first_on_a_later_day(app):
    _at(1, 19, title="Tonight")
    _at(3, 10, title="Friday", status="draft")
    friday = _at(3, 11, title="Friday")
    _at(4, 10, title="Saturday")

    assert next_session_after_today(now=NOW).id == friday.id


def _today(**fields):
    """A session that starts a minute after midnight today in Bromley, so today whenever the
    test runs, with one party booked the day before."""
    starts_at = london_day_start(utcnow()) + timedelta(minutes=1)
    event = make_event(starts_at=starts_at, ends_at=starts_at + timedelta(hours=2), **fields)
    make_booking(event, now=starts_at - timedelta(days=1), adults=2)
    return event


def test_the_console_opens_on_today_with_one_link_to_each_register(staff_client):
    event = _today(title="Through their eyes", capacity=12)

    page = staff_client.get("/staff").get_data(as_text=True)

    today = page.index('id="today"')
    assert today < page.index("At a glance")
    assert f'href="/staff/sessions/{event.id}/register">Open register' in page
    assert "2 of 12 places booked. 0 of 1 party arrived." in page
    assert page.index("Through their eyes", today) < page.index("At a glance")


def test_with_nothing_on_today_the_console_says_when_the_next_session_is(staff_client):
    later = make_event(title="Next week's session")

    page = staff_client.get("/staff").get_data(as_text=True)

    assert "No sessions today." in page and "Open register" not in page
    assert f'href="/staff/sessions/{later.id}">Next week&#39;s session</a>' in page


def test_with_nothing_planned_at_all_the_console_offers_to_create_a_session(staff_client):
    page = staff_client.get("/staff").get_data(as_text=True)

    assert "No sessions today. " in page and "None are planned." in page
