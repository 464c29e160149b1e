"""The register says which parties told us what would help: the session's leads (and admins)
read what they said, and the viewing is recorded (never the needs themselves); other staff see
only that a party told us. The register is never kept by a browser or a proxy."""

from datetime import timedelta

import pytest

from portal.audit.models import AuditEntry
from portal.extensions import db
from tests.factories import make_booking, make_event, make_user

NOTE = "Loud beeps upset him"


@pytest.fixture
def other_staff(app):
    return make_user(email="other@example.org", role="staff", full_name="Olu Other")


def _session(lead):
    event = make_event(leads=[lead], starts_in=timedelta(hours=1))
    told = make_booking(
        event, make_user(full_name="Told Us"), adjustments=["quiet-space"], note=NOTE
    )
    quiet = make_booking(event, make_user(full_name="Said Nothing"))
    return event, told, quiet


def _viewings() -> list[str]:
    return db.session.scalars(
        db.select(AuditEntry.summary).where(AuditEntry.action == "access needs viewed")
    ).all()


def _row(page: str, booking) -> str:
    """Who the party is and what they told us: the row up to its buttons."""
    row = page[page.index(f'id="booking-{booking.id}"') :]
    return row[: row.index("<form")]


def test_a_lead_reads_what_would_help_on_the_register_and_the_viewing_is_recorded(
    client, auth, staff_user
):
    event, told, quiet = _session(staff_user)
    auth.login(staff_user.email)

    response = client.get(f"/staff/sessions/{event.id}/register")

    page = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    assert NOTE in _row(page, told) and "A quiet space to go to" in _row(page, told)
    assert "What would help" not in _row(page, quiet)
    assert _viewings() == ["1 bookings, on the register"]
    assert not any(NOTE in summary for summary in _viewings())


def test_other_staff_see_only_that_a_party_told_us_and_nothing_is_recorded(
    client, auth, staff_user, other_staff
):
    event, told, quiet = _session(staff_user)
    auth.login(other_staff.email)

    page = client.get(f"/staff/sessions/{event.id}/register").get_data(as_text=True)

    assert "Told us what would help" in _row(page, told)
    assert "Told us what would help" not in _row(page, quiet)
    assert NOTE not in page and "A quiet space to go to" not in page
    assert "Only the staff who run this session can see what would help" in page
    assert _viewings() == []


def test_an_admin_reads_what_would_help_like_a_lead(client, auth, staff_user):
    admin = make_user(email="admin@example.org", role="admin")
    event, told, _ = _session(staff_user)
    auth.login(admin.email)

    page = client.get(f"/staff/sessions/{event.id}/register").get_data(as_text=True)

    assert NOTE in _row(page, told)


def test_a_lead_who_signed_in_a_while_ago_is_asked_to_sign_in_again_to_read_it(
    client, auth, staff_user
):
    event, told, _ = _session(staff_user)
    auth.login(staff_user.email)
    with client.session_transaction() as session:
        session["password_confirmed_at"] = 0  # long ago

    page = client.get(f"/staff/sessions/{event.id}/register").get_data(as_text=True)

    assert NOTE not in page and "Told us what would help" in _row(page, told)
    assert f"/confirm-password?next=/staff/sessions/{event.id}/register" in page.replace("%2F", "/")
    assert _viewings() == []


def test_a_tap_on_the_register_swaps_a_row_that_still_shows_what_would_help(
    client, auth, staff_user, other_staff
):
    _, told, _ = _session(staff_user)
    tap = {"action": "arrived"}
    auth.login(staff_user.email)

    lead_row = client.post_form(
        f"/staff/bookings/{told.reference}/arrival", tap, headers={"HX-Request": "true"}
    )
    auth.logout()
    auth.login(other_staff.email)
    other_row = client.post_form(
        f"/staff/bookings/{told.reference}/arrival", tap, headers={"HX-Request": "true"}
    )

    assert NOTE in lead_row.get_data(as_text=True)
    assert lead_row.headers["Cache-Control"] == "no-store"
    assert NOTE not in other_row.get_data(as_text=True)
    assert "Told us what would help" in other_row.get_data(as_text=True)
    assert _viewings() == ["1 bookings, on the register"]
