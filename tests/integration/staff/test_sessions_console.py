"""Staff run sessions: create one or a series, change, publish, cancel, message."""

from datetime import UTC, date, datetime, time, timedelta

from portal.audit.models import AuditEntry
from portal.dates import LONDON, utcnow
from portal.events.models import Booking, Event
from portal.extensions import db
from portal.outbox.models import OutboxMessage
from tests.factories import make_booking, make_event, make_user, make_venue


def _edit_form(venue, day: date, **overrides):
    """What the change form sends: everything but the series questions."""
    data = _form(venue, day, **overrides)
    del data["repeat"]
    return data


def _form(venue, day: date, **overrides):
    data = {
        "title": "Through their eyes",
        "summary": "A day at the shops, through a child's eyes.",
        "description": "For parents and carers.",
        "audience": "parents",
        "kind": "theatre",
        "venue": venue.id,
        "date": [str(day.day), str(day.month), str(day.year)],
        "start_time": "18:00",
        "end_time": "8pm",
        "capacity": "12",
        "closes_hours": "2",
        "repeat": "once",
        "running_order": (
            "18:00 Arrive - tea and biscuits\n18:25 Scene 1: the shop - a beep (loud)\nTalk"
        ),
    }
    data.update(overrides)
    return data


def _emails(subject_start):
    return db.session.scalars(
        db.select(OutboxMessage).where(OutboxMessage.subject.startswith(subject_start))
    ).all()


def test_staff_create_a_draft_session_with_its_running_order(staff_client):
    venue = make_venue()
    day = (utcnow() + timedelta(days=10)).astimezone(LONDON).date()

    response = staff_client.post_form("/staff/sessions/new", _form(venue, day))

    event = db.session.scalar(db.select(Event))
    assert response.headers["Location"] == f"/staff/sessions/{event.id}"
    assert event.status == "draft"
    assert event.starts_at.astimezone(LONDON).hour == 18
    assert event.ends_at.astimezone(LONDON).hour == 20
    assert event.booking_closes_at == event.starts_at - timedelta(hours=2)
    steps = [(i.minutes_from_start, i.title, i.detail, i.intense) for i in event.running_order]
    assert steps == [
        (0, "Arrive", "tea and biscuits", False),
        (25, "Scene 1: the shop", "a beep", True),
        (25, "Talk", "", False),
    ]
    about_sessions = db.select(AuditEntry.action).where(AuditEntry.target_type == "event")
    assert db.session.scalar(about_sessions) == "session created"


def test_a_weekly_series_of_four_keeps_the_same_local_time(staff_client):
    venue = make_venue()
    day = date(2027, 3, 15)  # the clocks go forward on 28 March 2027
    staff_client.post_form(
        "/staff/sessions/new", _form(venue, day, repeat="weekly", repeat_count="4")
    )
    events = db.session.scalars(db.select(Event).order_by(Event.starts_at)).all()
    local = [e.starts_at.astimezone(LONDON) for e in events]
    assert [d.date() for d in local] == [day + timedelta(weeks=n) for n in range(4)]
    assert {(d.hour, d.minute) for d in local} == {(18, 0)}
    assert all(len(e.running_order) == 3 for e in events)


def test_a_series_needs_to_know_how_many_sessions(staff_client):
    venue = make_venue()
    response = staff_client.post_form(
        "/staff/sessions/new", _form(venue, date(2027, 3, 1), repeat="weekly")
    )
    assert "Enter how many sessions there are in the series" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Event)) == 0


def test_a_monthly_series_moves_a_31st_to_the_last_day_of_short_months(staff_client):
    venue = make_venue()
    staff_client.post_form(
        "/staff/sessions/new", _form(venue, date(2027, 1, 31), repeat="monthly", repeat_count="3")
    )
    days = [
        e.starts_at.astimezone(LONDON).date()
        for e in db.session.scalars(db.select(Event).order_by(Event.starts_at))
    ]
    assert days == [date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31)]


def test_the_session_form_keeps_what_was_typed_and_explains_errors(staff_client):
    venue = make_venue()
    response = staff_client.post_form(
        "/staff/sessions/new",
        _form(
            venue,
            date(2027, 2, 3),
            start_time="25:00",
            title="Kept title",
            date=["30", "2", "2027"],
        ),
    )
    page = response.get_data(as_text=True)
    assert "Enter a real date" in page
    assert "Enter a real start time" in page
    assert 'value="Kept title"' in page
    assert 'href="#date-day"' in page  # the error summary links to a field that takes focus
    assert db.session.scalar(db.select(db.func.count()).select_from(Event)) == 0


def test_a_date_with_missing_parts_is_an_error_not_a_crash(staff_client):
    venue = make_venue()
    data = _form(venue, date(2027, 2, 3))
    data["date"] = ["3"]
    response = staff_client.post_form("/staff/sessions/new", data)
    assert response.status_code == 200
    assert "Enter a real date" in response.get_data(as_text=True)


def test_publishing_makes_a_draft_bookable_and_unpublishing_waits_for_no_bookings(staff_client):
    event = make_event(status="draft")
    staff_client.post_form(f"/staff/sessions/{event.id}/publish")
    assert db.session.get(Event, event.id).status == "published"

    make_booking(db.session.get(Event, event.id))
    staff_client.post_form(f"/staff/sessions/{event.id}/unpublish")
    assert db.session.get(Event, event.id).status == "published"


def test_capacity_below_the_places_booked_is_refused_with_an_explanation(staff_client):
    event = make_event(capacity=6)
    make_booking(event, adults=2, children=2)
    local = event.starts_at.astimezone(LONDON)

    response = staff_client.post_form(
        f"/staff/sessions/{event.id}/edit",
        _edit_form(
            event.venue,
            local.date(),
            capacity="3",
            start_time=f"{local:%H:%M}",
            running_order="",  # the form's 18:00 running order would not fit every start time
            end_time=f"{event.ends_at.astimezone(LONDON):%H:%M}",
        ),
    )

    assert "4 places are already booked, so capacity cannot be less than 4" in response.get_data(
        as_text=True
    )
    assert db.session.get(Event, event.id).capacity == 6


def test_raising_capacity_books_waiting_families(staff_client):
    event = make_event(capacity=2)
    make_booking(event, adults=2)
    waiting = make_booking(event, adults=2, waiting=True)
    local = event.starts_at.astimezone(LONDON)

    staff_client.post_form(
        f"/staff/sessions/{event.id}/edit",
        _edit_form(
            event.venue,
            local.date(),
            capacity="4",
            start_time=f"{local:%H:%M}",
            running_order="",  # the form's 18:00 running order would not fit every start time
            end_time=f"{event.ends_at.astimezone(LONDON):%H:%M}",
        ),
    )

    assert db.session.get(Booking, waiting.id).status == "confirmed"
    assert db.session.get(Event, event.id).places_booked == 4


def test_moving_a_published_session_tells_everyone_booked_what_changed(staff_client):
    event = make_event()
    parent = make_user(email="jo@example.org")
    make_booking(event, parent)
    local = event.starts_at.astimezone(LONDON)
    old_start = local.strftime("%A")

    staff_client.post_form(
        f"/staff/sessions/{event.id}/edit",
        _edit_form(
            event.venue,
            local.date() + timedelta(days=1),
            start_time="10:00",
            end_time="12pm",
            capacity=str(event.capacity),
        ),
    )

    [notice] = _emails("Change to your session")
    assert notice.recipient == "jo@example.org"
    assert "Start: it was" in notice.body_text and old_start in notice.body_text
    assert "at 10am" in notice.body_text
    assert "BEGIN:VEVENT" in notice.attachment_text
    audit = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "session changed"))
    assert "Start:" in audit.summary


def test_cancelling_tells_everyone_booked_and_waiting(staff_client):
    event = make_event(capacity=1)
    make_booking(event, make_user(email="a@example.org"))
    make_booking(event, make_user(email="b@example.org"), waiting=True)

    staff_client.post_form(f"/staff/sessions/{event.id}/cancel", {"reason": "The actors are ill."})

    assert db.session.get(Event, event.id).status == "cancelled"
    told = sorted(m.recipient for m in _emails("Session cancelled"))
    assert told == ["a@example.org", "b@example.org"]
    assert all("The actors are ill." in m.body_text for m in _emails("Session cancelled"))


def test_messaging_reaches_the_booked_and_optionally_the_waiting(staff_client):
    event = make_event(capacity=1)
    make_booking(event, make_user(email="a@example.org"))
    make_booking(event, make_user(email="b@example.org"), waiting=True)

    staff_client.post_form(
        f"/staff/sessions/{event.id}/message",
        {"subject": "Parking", "body": "Use the Hill car park.", "step": "send", "expected": "1"},
    )
    staff_client.post_form(
        f"/staff/sessions/{event.id}/message",
        {
            "subject": "Lift",
            "body": "The lift works.",
            "include_waiting": "y",
            "step": "send",
            "expected": "2",
        },
    )

    assert [m.recipient for m in _emails("Parking")] == ["a@example.org"]
    assert sorted(m.recipient for m in _emails("Lift")) == ["a@example.org", "b@example.org"]


def test_duplicating_makes_a_draft_a_week_later(staff_client):
    event = make_event()
    staff_client.post_form(f"/staff/sessions/{event.id}/duplicate")
    copy = db.session.scalar(db.select(Event).where(Event.id != event.id))
    assert copy.status == "draft"
    assert copy.starts_at.astimezone(LONDON) == (
        event.starts_at.astimezone(LONDON) + timedelta(weeks=1)
    )


def test_moving_a_session_moves_its_running_order_with_it(staff_client):
    from portal.events.models import RunningOrderItem
    from portal.staff.forms.sessions import running_order_text

    # 10am a week ahead, so the moved session ends the same day whenever the test runs.
    ten_am = datetime.combine(date.today() + timedelta(days=7), time(10), tzinfo=LONDON)
    event = make_event(starts_at=ten_am.astimezone(UTC), ends_at=ten_am + timedelta(hours=2))
    event.running_order = [
        RunningOrderItem(position=1, minutes_from_start=0, title="Arrive"),
        RunningOrderItem(position=2, minutes_from_start=20, title="Scene 1"),
    ]
    db.session.commit()
    local = event.starts_at.astimezone(LONDON)
    later = (local + timedelta(hours=1)).strftime("%H:%M")

    staff_client.post_form(
        f"/staff/sessions/{event.id}/edit",
        _edit_form(
            event.venue,
            local.date(),
            start_time=later,
            end_time=(local + timedelta(hours=3)).strftime("%H:%M"),
            capacity=str(event.capacity),
            running_order=running_order_text(event),
        ),
    )

    moved = db.session.get(Event, event.id)
    assert moved.starts_at.astimezone(LONDON).strftime("%H:%M") == later
    assert [i.minutes_from_start for i in moved.running_order] == [0, 20]


def test_a_cancelled_session_cannot_be_changed_or_cancelled_again(staff_client):
    event = make_event(status="cancelled")
    local = event.starts_at.astimezone(LONDON)
    response = staff_client.post_form(
        f"/staff/sessions/{event.id}/edit",
        _edit_form(event.venue, local.date(), capacity="20"),
    )
    assert response.status_code == 302
    assert db.session.get(Event, event.id).capacity == 10
    again = staff_client.get(f"/staff/sessions/{event.id}/cancel")
    assert again.status_code == 302


def test_times_that_are_not_in_order_after_the_clocks_change_are_refused(staff_client):
    venue = make_venue()
    # 28 March 2027: the clocks go from 1am to 2am, so 1:30am to 2:15am is not a real span.
    response = staff_client.post_form(
        "/staff/sessions/new",
        _form(venue, date(2027, 3, 28), start_time="1:30am", end_time="2:15am"),
    )
    assert "The end time must be after the start time" in response.get_data(as_text=True)


def test_dates_far_in_the_past_or_future_are_refused(staff_client):
    venue = make_venue()
    response = staff_client.post_form("/staff/sessions/new", _form(venue, date(9999, 12, 1)))
    assert "Enter a date between" in response.get_data(as_text=True)


def test_numbers_too_big_for_the_database_are_404s_not_errors(client, staff_client):
    huge = "99999999999999999999"
    for url in (
        f"/events/{huge}",
        f"/events/{huge}.ics",
        f"/staff/sessions/{huge}",
        f"/events?page={huge}",
        f"/staff/outbox?page={huge}",
    ):
        assert staff_client.get(url).status_code in (200, 404), url


def test_changing_a_venues_address_tells_people_booked_there(staff_client):
    event = make_event()
    make_booking(event, make_user(email="jo@example.org"))
    venue = event.venue
    staff_client.post_form(
        f"/staff/venues/{venue.id}",
        {"name": venue.name, "address": "New Hall, Widmore Road", "postcode": "BR1 1RY"},
    )
    [notice] = _emails("Change to your session")
    assert notice.recipient == "jo@example.org"
    assert "New Hall, Widmore Road" in notice.body_text
