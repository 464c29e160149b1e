"""Staff: who is coming, the register, phone bookings, exports, dashboard figures, people,
venues and the audit log."""

import csv
import io
from collections import Counter
from datetime import timedelta

from portal.accounts.models import User
from portal.audit.models import AuditEntry
from portal.dates import LONDON, utcnow
from portal.events.figures import attendance_by_month, bookings_per_week
from portal.events.models import Booking, Event, Feedback, VisualStoryPhoto
from portal.extensions import db
from tests.conftest import Auth
from tests.factories import make_booking, make_event, make_user, make_venue
from tests.two_step import fresh_code

NEEDS = {"adjustments": ["quiet-space"], "note": "Loud beeps upset him"}


def _audit(action):
    return db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == action)).all()


def test_viewing_access_needs_is_recorded_without_the_needs(staff_client, staff_user):
    event = make_event(leads=[staff_user])
    make_booking(event, make_user(full_name="Jo Parent"), **NEEDS)

    overview = staff_client.get(f"/staff/sessions/{event.id}").get_data(as_text=True)
    assert "Jo Parent" in overview and "Loud beeps" not in overview
    response = staff_client.get(f"/staff/sessions/{event.id}/needs")

    page = response.get_data(as_text=True)
    assert "Loud beeps upset him" in page and "A quiet space to go to" in page
    assert response.headers["Cache-Control"] == "no-store"
    [entry] = _audit("access needs viewed")
    assert "Loud" not in entry.summary and "quiet" not in entry.summary


def test_one_tap_on_the_register_marks_arrival_and_updates_counts_in_place(staff_client):
    event = make_event(starts_in=timedelta(minutes=-20))
    booking = make_booking(
        event,
        make_user(full_name="Jo Parent"),
        adults=2,
        children=1,
        now=event.starts_at - timedelta(days=1),
    )

    response = staff_client.post_form(
        f"/staff/bookings/{booking.reference}/arrival",
        {"action": "arrived"},
        headers={"HX-Request": "true"},
    )

    fragment = response.get_data(as_text=True)
    assert "<html" not in fragment
    assert f'id="booking-{booking.id}"' in fragment
    assert "Arrived" in fragment and "late" in fragment  # 20 minutes after the start
    assert 'id="register-counts"' in fragment and 'hx-swap-oob="true"' in fragment
    assert "1 of 1" in fragment and "3 people" in fragment
    assert db.session.get(Booking, booking.id).arrived_at is not None


def test_the_register_works_without_javascript_and_records_no_shows(staff_client):
    event = make_event()
    booking = make_booking(event)

    response = staff_client.post_form(
        f"/staff/bookings/{booking.reference}/arrival", {"action": "no-show"}
    )

    assert response.status_code == 302
    assert response.headers["Location"].startswith(f"/staff/sessions/{event.id}/register")
    assert db.session.get(Booking, booking.id).no_show is True
    assert "1 not coming" in staff_client.get(f"/staff/sessions/{event.id}/register").get_data(
        as_text=True
    )


def test_a_phone_booking_makes_an_account_and_books(staff_client):
    event = make_event(capacity=5)
    staff_client.post_form(
        f"/staff/sessions/{event.id}/book",
        {"full_name": "Ada Caller", "email": "ada@example.org", "adults": "1", "children": "2"},
    )
    booking = db.session.scalar(db.select(Booking))
    assert booking.user.email == "ada@example.org"
    assert (booking.status, booking.places) == ("confirmed", 3)
    assert _audit("booking made for someone")


def test_staff_cancel_for_someone_asks_first_like_a_family_cancel(staff_client):
    event = make_event(capacity=1)
    booked = make_booking(event, make_user(full_name="Ada Family"))
    session_page = staff_client.get(f"/staff/sessions/{event.id}").get_data(as_text=True)
    assert f'href="/staff/bookings/{booked.reference}/cancel"' in session_page

    asked = staff_client.get(f"/staff/bookings/{booked.reference}/cancel")

    page = asked.get_data(as_text=True)
    assert "Are you sure you want to cancel Ada Family\u2019s booking?" in page
    assert "Yes, cancel their booking" in page
    assert db.session.get(Booking, booked.id).status == "confirmed"


def test_staff_cancel_a_booking_and_the_waiting_list_moves_up(staff_client):
    event = make_event(capacity=1)
    booked = make_booking(event)
    waiting = make_booking(event, waiting=True)

    done = staff_client.post_form(f"/staff/bookings/{booked.reference}/cancel")

    assert done.headers["Location"] == f"/staff/sessions/{event.id}"
    assert db.session.get(Booking, booked.id).status == "cancelled"
    assert db.session.get(Booking, waiting.id).status == "confirmed"


def _csv(response):
    body = response.data.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_attendee_csv_is_quoted_and_neutralises_formulas(staff_client):
    event = make_event()
    make_booking(event, make_user(full_name='=HYPERLINK("http://evil")'), **NEEDS)

    response = staff_client.post_form(f"/staff/sessions/{event.id}/export", {})

    assert response.mimetype == "text/csv"
    assert '"Reference","Name"' in response.data.decode()
    rows = _csv(response)
    assert rows[1][1] == '\'=HYPERLINK("http://evil")'
    assert "What would help" not in rows[0]  # not asked for, not included
    assert _audit("attendees exported")[0].summary == "without access needs"


def test_access_needs_are_exported_only_with_a_reason(staff_client, staff_user):
    event = make_event(leads=[staff_user])
    make_booking(event, **NEEDS)

    refused = staff_client.post_form(f"/staff/sessions/{event.id}/export", {"include_needs": "y"})
    assert "Say why you need access needs in the file" in refused.get_data(as_text=True)

    response = staff_client.post_form(
        f"/staff/sessions/{event.id}/export", {"include_needs": "y", "reason": "Room set-up"}
    )
    rows = _csv(response)
    assert rows[0][-2:] == ["What would help", "Anything else"]
    assert rows[1][-1] == "Loud beeps upset him"
    [entry] = _audit("attendees exported")
    assert "Room set-up" in entry.summary and "Loud" not in entry.summary


def test_exports_ask_for_the_password_and_a_code_again_after_a_while(staff_client, staff_user):
    event = make_event()
    with staff_client.session_transaction() as session:
        session["password_confirmed_at"] = 0
    response = staff_client.get(f"/staff/sessions/{event.id}/export")
    assert response.headers["Location"].startswith("/confirm-password?next=")
    staff_client.post_form(
        response.headers["Location"],
        {"password": "correct horse battery", "code": fresh_code(staff_user)},
    )
    assert staff_client.get(f"/staff/sessions/{event.id}/export").status_code == 200


def test_every_sessions_figures_download_as_csv(staff_client):
    venue = make_venue()
    make_event(title="Past one", starts_in=timedelta(days=-3), venue=venue)
    make_event(title="+Future one", venue=venue)
    rows = _csv(staff_client.get("/staff/exports/sessions.csv"))
    titles = sorted(row[0] for row in rows[1:])
    assert titles == ["'+Future one", "Past one"]


def test_dashboard_figures_equal_the_database(staff_client):
    now = utcnow()
    venue = make_venue()
    past = [
        make_event(starts_in=timedelta(days=-d), capacity=20, venue=venue) for d in (3, 40, 200)
    ]
    people = [make_user() for _ in range(6)]
    for n, person in enumerate(people):
        event = past[n % 3]
        booking = make_booking(event, person, now=event.starts_at - timedelta(days=n + 1))
        if n % 2 == 0:
            booking.arrived_at = event.starts_at
        db.session.add(Feedback(booking_id=booking.id, event_id=event.id, rating=3 + n % 3))
    db.session.commit()

    bookings = db.session.scalars(db.select(Booking)).all()
    expected_weeks = Counter(_monday(b.confirmed_at) for b in bookings if b.confirmed_at)
    shown_weeks = {w.week: w.bookings for w in bookings_per_week(now=now) if w.bookings}
    assert shown_weeks == dict(expected_weeks)

    expected_months = {}
    for b in bookings:
        month = b.event.starts_at.astimezone(LONDON).date().replace(day=1)
        booked, arrived = expected_months.get(month, (0, 0))
        expected_months[month] = (booked + 1, arrived + (b.arrived_at is not None))
    shown_months = {
        m.month: (m.booked, m.arrived) for m in attendance_by_month(now=now) if m.booked
    }
    assert shown_months == expected_months

    page = staff_client.get("/staff").get_data(as_text=True)
    for booked, arrived in shown_months.values():
        assert f"{round(100 * arrived / booked)}%" in page
    ratings = db.session.scalars(
        db.select(Feedback.rating).where(Feedback.event_id == past[0].id)
    ).all()
    assert f"{round(sum(ratings) / len(ratings), 1)} out of 5" in page


def _monday(moment):
    local = moment.astimezone(LONDON).date()
    return local - timedelta(days=local.weekday())


def test_admins_change_roles_and_disabling_ends_sessions(app, client, auth):
    admin = make_user(email="admin@example.org", role="admin")
    person = make_user(email="jo@example.org")
    other_device = app.test_client()
    Auth(other_device).login(person.email)
    auth.login(admin.email)

    client.post_form(f"/staff/people/{person.id}", {"role": "staff", "disabled": "y"})

    person = db.session.get(User, person.id)
    assert (person.role, person.disabled) == ("staff", True)
    assert other_device.get("/account").status_code == 302
    assert "role member -> staff" in _audit("account changed")[0].summary
    assert "jo@example.org" in client.get("/staff/people?q=jo").get_data(as_text=True)


def test_staff_who_are_not_admins_cannot_manage_people_or_read_the_audit_log(staff_client):
    assert staff_client.get("/staff/people").status_code == 403
    assert staff_client.get("/staff/audit").status_code == 403


def test_admins_cannot_change_their_own_role(client, auth):
    admin = make_user(email="admin@example.org", role="admin")
    auth.login(admin.email)
    client.post_form(f"/staff/people/{admin.id}", {"role": "member"})
    assert db.session.get(User, admin.id).role == "admin"


def test_venue_photos_are_checked_by_content_and_stored_outside_static(app, staff_client):
    from pathlib import Path

    from PIL import Image

    venue = make_venue()
    png = io.BytesIO()
    Image.new("RGB", (20, 10), (91, 42, 134)).save(png, format="PNG")
    png.seek(0)

    staff_client.post_form(
        f"/staff/venues/{venue.id}/photos",
        {"photo": (png, "door.png"), "alt_text": "The front door", "caption": "The way in"},
        content_type="multipart/form-data",
    )
    fake = staff_client.post_form(
        f"/staff/venues/{venue.id}/photos",
        {"photo": (io.BytesIO(b"<html><script>alert(1)</script>"), "evil.png"), "alt_text": "x"},
        content_type="multipart/form-data",
    )

    [photo] = db.session.scalars(db.select(VisualStoryPhoto)).all()
    stored = Path(app.config["MEDIA_FOLDER"]) / photo.filename
    assert stored.exists() and "static" not in stored.parts
    assert photo.filename != "door.png" and photo.filename.endswith(".png")
    assert fake.status_code == 400
    assert "The photo must be a JPEG or PNG" in fake.get_data(as_text=True)
    assert len(list(Path(app.config["MEDIA_FOLDER"]).iterdir())) == 1
    with staff_client.get(f"/media/{photo.filename}") as served:
        assert served.mimetype == "image/png"


def test_the_audit_log_lists_actions_for_admins(client, auth):
    admin = make_user(email="admin@example.org", role="admin")
    auth.login(admin.email)
    event = make_event(status="draft")
    client.post_form(f"/staff/sessions/{event.id}/publish")
    page = client.get("/staff/audit").get_data(as_text=True)
    assert "session published" in page
    assert db.session.get(Event, event.id).status == "published"


def test_the_register_takes_only_confirmed_bookings_and_known_actions(staff_client):
    event = make_event(capacity=1)
    make_booking(event)
    waiting = make_booking(event, waiting=True)
    off = staff_client.post_form(f"/staff/bookings/{waiting.reference}/arrival")
    assert off.status_code == 409
    assert "This family is no longer on the register" in off.get_data(as_text=True)
    assert off.headers["X-Portal-Page"] == "error"  # so htmx shows it whole (assets/portal.js)
    confirmed = db.session.scalar(db.select(Booking).where(Booking.status == "confirmed"))
    bad = staff_client.post_form(f"/staff/bookings/{confirmed.reference}/arrival", {"action": "x"})
    assert bad.status_code == 400


def test_staff_cancelling_through_the_booking_page_is_audited(staff_client):
    event = make_event()
    booking = make_booking(event)
    staff_client.post_form(f"/bookings/{booking.reference}/cancel")
    assert _audit("booking cancelled for someone")


def test_seeing_everyones_access_needs_asks_for_the_password_after_a_while(staff_client):
    event = make_event()
    with staff_client.session_transaction() as session:
        session["password_confirmed_at"] = 0
    response = staff_client.get(f"/staff/sessions/{event.id}/needs")
    assert response.headers["Location"].startswith("/confirm-password")
    assert not _audit("access needs viewed")
