"""Walk-ins: staff add a party who came to the door without booking. It is a phone booking
made on the day (no waiting list, an email address or phone number optional) and the party is
marked arrived in the same step; a full session refuses, and the form keeps what was typed."""

from datetime import UTC, datetime, timedelta

import pytest

from portal.accounts.models import User
from portal.audit.models import AuditEntry
from portal.dates import LONDON, london_day_start, utcnow
from portal.events.models import Booking, BookingStatus, Event
from portal.events.register import add_walk_in
from portal.events.services import AlreadyBooked, EventNotBookable, NotEnoughPlaces, Party
from portal.extensions import db
from tests.factories import make_booking, make_event, make_user

# Wednesday 1 July 2026: the session starts at 10am in Bromley; the party comes at 10:05.
STARTS = datetime(2026, 7, 1, 10, 0, tzinfo=LONDON).astimezone(UTC)
AT_THE_DOOR = STARTS + timedelta(minutes=5)


def _session(**fields):
    return make_event(starts_at=STARTS, ends_at=STARTS + timedelta(hours=2), **fields)


def _walk_in(event, actor, *, now=AT_THE_DOOR, party=None, **who):
    who = {"full_name": "Wally Walker"} | who
    return add_walk_in(
        event, party=party or Party(adults=1, children=2), actor=actor, now=now, **who
    )


def _count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_a_walk_in_is_booked_and_marked_arrived_in_one_step(app, staff_user):
    event = _session(capacity=5)

    booking = _walk_in(event, staff_user, phone="07700 900 982")
    db.session.commit()

    assert booking.status == BookingStatus.CONFIRMED and booking.arrived_at == AT_THE_DOOR
    assert (booking.places, db.session.get(Event, event.id).places_booked) == (3, 3)
    assert booking.user.phone == "07700900982"
    actions = db.session.scalars(db.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["booking made for someone", "walk-in added"]


def test_a_walk_in_may_give_neither_an_email_address_nor_a_phone_number(app, staff_user):
    event = _session()

    booking = _walk_in(event, staff_user)
    db.session.commit()

    assert (booking.user.full_name, booking.user.email, booking.user.phone) == (
        "Wally Walker",
        None,
        None,
    )


def test_a_walk_in_with_a_known_email_address_is_booked_on_their_account(app, staff_user):
    parent = make_user(email="known@example.org", full_name="Kim Known")
    event = _session()

    booking = _walk_in(event, staff_user, email="Known@Example.org")

    assert booking.user_id == parent.id


def test_a_full_session_refuses_a_walk_in_and_nobody_waits(app, staff_user):
    event = _session(capacity=3)
    make_booking(event, adults=2, now=STARTS - timedelta(days=1))

    with pytest.raises(NotEnoughPlaces):
        _walk_in(event, staff_user, party=Party(adults=1, children=1))
    db.session.rollback()

    assert _count(Booking) == 1 and db.session.get(Event, event.id).places_booked == 2


def test_a_walk_in_who_already_booked_is_pointed_at_their_booking(app, staff_user):
    event = _session()
    booked = make_booking(
        event, make_user(email="early@example.org"), now=STARTS - timedelta(days=1)
    )

    with pytest.raises(AlreadyBooked) as refused:
        _walk_in(event, staff_user, email="early@example.org")

    assert refused.value.booking.id == booked.id


@pytest.mark.parametrize(
    ("fields", "now"),
    [
        ({}, STARTS - timedelta(days=1)),  # the day before
        ({}, STARTS + timedelta(days=1)),  # the day after
        ({"status": "draft"}, AT_THE_DOOR),
        ({"status": "cancelled"}, AT_THE_DOOR),
    ],
)
def test_walk_ins_are_added_only_on_the_day_of_a_published_session(app, staff_user, fields, now):
    event = _session(**fields)

    with pytest.raises(EventNotBookable):
        _walk_in(event, staff_user, now=now)


def test_walk_ins_ignore_the_booking_window_and_may_come_after_the_end(app, staff_user):
    event = _session(booking_closes_at=STARTS - timedelta(days=2))

    booking = _walk_in(event, staff_user, now=STARTS + timedelta(hours=3))

    assert booking.arrived_at is not None


def test_a_drop_in_session_takes_walk_ins_up_to_its_places(app, staff_user):
    event = _session(drop_in=True, capacity=3)

    _walk_in(event, staff_user, party=Party(adults=1, children=2))
    with pytest.raises(NotEnoughPlaces):
        _walk_in(event, staff_user, full_name="One Toomany", party=Party(adults=1))


# Through the register, on today's date whenever the tests run.


def _today(**fields):
    starts_at = london_day_start(utcnow()) + timedelta(minutes=1)
    return make_event(starts_at=starts_at, ends_at=starts_at + timedelta(hours=2), **fields)


def _post(client, event, **fields):
    data = {"full_name": "Pat Typed", "email": "", "phone": "", "adults": "1", "children": "0"}
    return client.post_form(f"/staff/sessions/{event.id}/walk-in", data | fields)


def test_staff_add_a_walk_in_from_the_register_and_see_them_arrived(staff_client):
    event = _today(capacity=5)

    response = _post(staff_client, event, phone="07700 900 982", children="2")

    booking = db.session.scalar(db.select(Booking))
    assert response.status_code == 302
    assert response.headers["Location"] == (
        f"/staff/sessions/{event.id}/register#booking-{booking.id}"
    )
    page = staff_client.get(f"/staff/sessions/{event.id}/register").get_data(as_text=True)
    assert f"Pat Typed added and marked arrived. Reference {booking.reference}." in page
    row = page[page.index(f'id="booking-{booking.id}"') :]
    assert "Arrived " in row[: row.index("</li>")]
    assert "1 of 1</strong> party here (3 people)" in page


def test_a_full_session_refuses_a_walk_in_and_keeps_what_was_typed(staff_client):
    event = _today(capacity=1)
    make_booking(event, now=event.starts_at - timedelta(days=1))

    response = _post(staff_client, event, phone="07700 900 982", children="1")

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This session is full: there are not enough places left for this party" in page
    assert "<title>Error: Register" in page and "govuk-error-summary" in page
    assert 'value="Pat Typed"' in page and 'value="07700 900 982"' in page
    assert 'name="children" type="text" value="1"' in page
    assert _count(Booking) == 1
    assert db.session.scalar(db.select(User).where(User.full_name == "Pat Typed")) is None


def test_the_walk_in_form_asks_for_a_name_and_how_many_adults(staff_client):
    event = _today()

    response = _post(staff_client, event, full_name="", adults="")

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Enter the lead person&#39;s name" in page and "Enter how many adults" in page
    assert _count(Booking) == 0


def test_a_walk_in_on_another_day_is_refused_on_the_register(staff_client):
    event = make_event()  # a week ahead

    response = _post(staff_client, event)

    assert response.status_code == 400
    assert "Walk-ins can only be added on the day of the session." in response.get_data(
        as_text=True
    )
    assert _count(Booking) == 0


def test_a_walk_in_for_a_session_that_does_not_exist_is_404(staff_client):
    assert _post(staff_client, type("Gone", (), {"id": 999999})).status_code == 404


def test_the_register_of_a_session_on_another_day_says_walk_ins_come_on_the_day(staff_client):
    event = make_event()  # a week ahead

    page = staff_client.get(f"/staff/sessions/{event.id}/register").get_data(as_text=True)

    assert "Walk-ins can only be added on the day of the session." in page
    assert "Add and mark arrived" not in page
