"""The session form turns its answers into EventDetails, and fills itself from a session."""

from datetime import date, timedelta

from werkzeug.datastructures import MultiDict

from portal.dates import LONDON
from portal.staff.forms.sessions import EventForm
from tests.factories import make_event, make_venue


def _form(venue, **answers) -> EventForm:
    day = date.today() + timedelta(days=14)
    data = MultiDict(
        {
            "title": "  Through their eyes ",
            "summary": "A day at the shops.",
            "description": "For parents and carers.",
            "audience": "parents",
            "kind": "theatre",
            "venue": str(venue.id),
            "date": [str(day.day), str(day.month), str(day.year)],
            "start_time": "18:00",
            "end_time": "8pm",
            "capacity": "12",
            "closes_hours": "2",
            "running_order": "18:00 Arrive - tea\n18:25 Scene 1 (loud)\nTalk",
            **answers,
        }
    )
    form = EventForm(formdata=data, meta={"csrf": False})
    form.set_venues([venue])
    return form


def test_the_answers_become_event_details_in_london_time(app):
    venue = make_venue()
    with app.test_request_context():
        form = _form(venue)
        assert form.validate(), form.errors
        details = form.details()

    assert details.title == "Through their eyes"
    assert details.starts_at.astimezone(LONDON).strftime("%H:%M") == "18:00"
    assert details.ends_at - details.starts_at == timedelta(hours=2)
    assert details.booking_closes_at == details.starts_at - timedelta(hours=2)
    assert details.running_order == [
        (0, "Arrive", "tea", False),
        (25, "Scene 1", "", True),
        (25, "Talk", "", False),
    ]


def test_a_running_order_line_before_the_start_is_an_error_on_the_form(app):
    venue = make_venue()
    with app.test_request_context():
        form = _form(venue, running_order="17:00 Too early")
        assert form.validate()

        assert form.details() is None
        assert form.running_order.errors == [
            "Line 1 of the running order starts before the session"
        ]


def test_the_form_filled_from_a_session_gives_back_the_same_details(app):
    event = make_event()
    with app.test_request_context():
        form = EventForm(formdata=None, meta={"csrf": False})
        form.set_venues([event.venue])
        form.fill_from(event)

        assert form.start_time.data == f"{event.starts_at.astimezone(LONDON):%H:%M}"
        minute = event.starts_at.replace(second=0, microsecond=0)
        assert form.details(event).starts_at == minute
