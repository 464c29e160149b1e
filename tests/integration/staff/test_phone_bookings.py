"""Staff book for someone on the phone: with what would help (and their spoken consent), and
with no email address at all (a phone number instead, and staff told to ring them)."""

from datetime import timedelta

from portal.audit.models import AuditEntry
from portal.events.forms import NeedsForm
from portal.events.models import Booking
from portal.extensions import db
from portal.outbox.models import OutboxMessage
from portal.staff.forms.bookings import PhoneBookingForm
from tests.factories import make_event, make_user

NO_EMAIL = "No email: tell them by phone"


def _book(client, event, **fields):
    data = {"full_name": "Pat Phone", "email": "", "phone": "", "adults": "1", "children": "0"}
    return client.post_form(f"/staff/sessions/{event.id}/book", data | fields)


def test_staff_book_with_no_email_address_and_see_the_phone_number_to_ring(staff_client):
    event = make_event(capacity=5)

    response = _book(staff_client, event, phone="07700 900 982")

    booking = db.session.scalar(db.select(Booking))
    assert response.headers["Location"] == f"/staff/bookings/{booking.reference}/made"
    page = staff_client.get(response.headers["Location"]).get_data(as_text=True)
    assert NO_EMAIL in page and "07700900982" in page and booking.reference in page
    assert booking.user.email is None
    assert db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage)) == 0


def test_the_session_page_and_the_register_say_to_ring_a_family_with_no_email(staff_client):
    event = make_event(capacity=5, starts_in=timedelta(hours=1))
    _book(staff_client, event, phone="07700 900 982")
    _book(staff_client, event, full_name="Em Ailed", email="em@example.org")

    session = staff_client.get(f"/staff/sessions/{event.id}").get_data(as_text=True)
    register = staff_client.get(f"/staff/sessions/{event.id}/register").get_data(as_text=True)

    for page in (session, register):
        assert page.count(NO_EMAIL) == 1  # Pat, not Em
        assert "Phone 07700900982" in page


def test_the_form_needs_an_email_address_or_a_phone_number(staff_client):
    event = make_event(capacity=5)

    response = _book(staff_client, event, email="", phone="")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Enter their email address, or a phone number if they have no email" in page
    assert db.session.scalar(db.select(db.func.count()).select_from(Booking)) == 0


def test_the_form_refuses_something_that_is_not_a_phone_number_and_keeps_what_was_typed(
    staff_client,
):
    event = make_event(capacity=5)

    response = _book(staff_client, event, phone="call me maybe", full_name="Pat Typed")

    page = response.get_data(as_text=True)
    assert "Enter a phone number, like 01632 960 001 or 07700 900 982" in page
    assert 'value="call me maybe"' in page and 'value="Pat Typed"' in page


def test_a_phone_number_longer_than_the_column_is_refused(staff_client):
    event = make_event(capacity=5)

    response = _book(staff_client, event, phone="0" * 21)

    assert "Phone number must be 20 characters or fewer" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Booking)) == 0


def test_what_would_help_needs_the_consent_box_ticked(staff_client):
    event = make_event(capacity=5)

    response = _book(
        staff_client, event, phone="07700 900 982", adjustments="quiet-space", note="Beeps"
    )

    page = response.get_data(as_text=True)
    assert "Tick the box if they agreed we keep what would help" in page
    assert db.session.scalar(db.select(db.func.count()).select_from(Booking)) == 0


def test_what_would_help_is_kept_with_their_spoken_consent_recorded_against_the_staff_member(
    staff_client, staff_user
):
    event = make_event(capacity=5)

    _book(
        staff_client,
        event,
        email="caller@example.org",
        adjustments=["quiet-space", "breaks"],
        note="Loud beeps upset him",
        consent="y",
    )

    booking = db.session.scalar(db.select(Booking))
    assert booking.adjustments == ["quiet-space", "breaks"]
    assert booking.needs_note == "Loud beeps upset him"
    entry = db.session.scalar(
        db.select(AuditEntry).where(AuditEntry.action == "spoken consent recorded")
    )
    assert (entry.actor_id, entry.target_id) == (staff_user.id, booking.id)
    assert entry.at == booking.needs_consent_at


def test_the_phone_form_offers_exactly_the_choices_families_see(app):
    with app.test_request_context():
        family, staff = NeedsForm(meta={"csrf": False}), PhoneBookingForm(meta={"csrf": False})

    assert list(staff.adjustments.iter_choices()) == list(family.adjustments.iter_choices())
    assert staff.note.label.text == family.note.label.text


def test_a_booking_with_an_email_address_says_the_email_has_the_create_password_link(
    staff_client,
):
    event = make_event(capacity=5)

    response = _book(staff_client, event, email="new@example.org")

    page = staff_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "We have emailed them at <strong>new@example.org</strong>" in page
    assert "The email has a link to create one" in page
    assert NO_EMAIL not in page


def test_admins_find_a_family_with_no_email_by_their_phone_number(client, auth):
    admin = make_user(email="admin@example.org", role="admin")
    auth.login(admin.email)
    event = make_event(capacity=5)
    _book(client, event, phone="07700 900 982")

    page = client.get("/staff/people?q=900 982").get_data(as_text=True)

    assert "Pat Phone" in page and "No email: phone 07700900982" in page
