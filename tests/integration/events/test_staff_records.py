"""The register and the exports, at the service level: what staff see and what is recorded."""

from datetime import timedelta

import pytest

from portal.audit.models import AuditEntry
from portal.dates import utcnow
from portal.events.exports import (
    ATTENDEE_COLUMNS,
    SESSION_COLUMNS,
    attendees_for_export,
    figures_for_export,
)
from portal.events.register import (
    NotOnRegister,
    UnknownRegisterAction,
    mark_register,
    view_access_needs,
)
from portal.events.services import cancel_booking_as, cancel_booking_for
from portal.extensions import db
from tests.factories import make_booking, make_event


def _last_audit() -> AuditEntry:
    return db.session.scalar(db.select(AuditEntry).order_by(AuditEntry.id.desc()))


def test_attendee_export_without_needs_has_no_needs_columns_and_is_recorded(app, staff_user):
    event = make_event()
    make_booking(event, adjustments=["quiet-space"])

    rows = attendees_for_export(event, include_needs=False, reason="", actor=staff_user)

    assert rows[0] == ATTENDEE_COLUMNS
    assert len(rows) == 2
    assert _last_audit().summary == "without access needs"


def test_attendee_export_with_needs_shows_their_labels_and_records_the_reason(app, staff_user):
    event = make_event(leads=[staff_user])
    make_booking(event, adjustments=["quiet-space"])

    rows = attendees_for_export(event, include_needs=True, reason=" seating ", actor=staff_user)

    assert rows[1][-2] == "A quiet space to go to"
    assert _last_audit().summary == "with access needs: seating"


def test_a_waiting_family_cannot_be_marked_arrived(app):
    event = make_event(capacity=1)
    make_booking(event)
    waiting = make_booking(event, waiting=True)

    with pytest.raises(NotOnRegister):
        mark_register(waiting, "arrived", now=utcnow())


def test_a_cancelled_booking_is_off_the_register_whatever_the_action(app):
    booking = make_booking()
    booking.status = "cancelled"

    with pytest.raises(NotOnRegister):
        mark_register(booking, "dance", now=utcnow())


def test_the_register_refuses_an_action_it_does_not_know(app):
    with pytest.raises(UnknownRegisterAction):
        mark_register(make_booking(), "dance", now=utcnow())


def test_a_no_show_clears_an_arrival_and_undo_clears_both(app):
    booking = make_booking()
    mark_register(booking, "arrived", now=utcnow())

    mark_register(booking, "no-show", now=utcnow())
    assert (booking.arrived_at, booking.no_show) == (None, True)

    mark_register(booking, "undo", now=utcnow())
    assert (booking.arrived_at, booking.no_show) == (None, False)


def test_viewing_access_needs_records_how_many_bookings_not_the_needs(app, staff_user):
    event = make_event(capacity=1, leads=[staff_user])
    make_booking(event, note="Sits by the door")
    make_booking(event, waiting=True)

    bookings = view_access_needs(event, actor=staff_user)

    assert len(bookings) == 2
    assert _last_audit().summary == "2 bookings"


def test_staff_cancelling_for_someone_is_recorded(app, staff_user):
    booking = make_booking()

    cancel_booking_for(booking, actor=staff_user, now=utcnow())

    entry = _last_audit()
    assert (entry.action, entry.summary) == ("booking cancelled for someone", booking.reference)


def test_a_family_cancelling_its_own_booking_is_not_put_in_the_audit_log(app):
    booking = make_booking()

    cancel_booking_as(booking, actor=booking.user, now=utcnow())

    assert _last_audit() is None


def test_staff_cancelling_from_the_booking_page_is_recorded(app, staff_user):
    booking = make_booking()

    cancel_booking_as(booking, actor=staff_user, now=utcnow())

    assert _last_audit().action == "booking cancelled for someone"


def test_the_figures_export_lists_past_then_coming_sessions_and_is_recorded(app, staff_user):
    coming = make_event(title="Coming soon", capacity=5)
    make_event(title="Last month", starts_in=timedelta(days=-30))
    make_booking(coming, adults=2)
    make_booking(coming, adults=3)
    make_booking(coming, waiting=True)

    rows = figures_for_export(actor=staff_user, now=utcnow())

    assert rows[0] == SESSION_COLUMNS
    assert [row[0] for row in rows[1:]] == ["Last month", "Coming soon"]
    assert rows[2][-3:] == [5, 5, 1]  # capacity, places booked, parties waiting
    assert _last_audit().summary == "2 sessions"
