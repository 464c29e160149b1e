"""The session page offers only what can work now, and says why when something cannot."""

from portal.extensions import db
from tests.factories import make_booking, make_event, make_user


def test_unpublish_is_not_offered_while_people_are_booked_and_the_page_says_why(staff_client):
    event = make_event()
    make_booking(event, make_user(email="a@example.org"))

    page = staff_client.get(f"/staff/sessions/{event.id}").get_data(as_text=True)

    assert f"/staff/sessions/{event.id}/unpublish" not in page
    assert "Unpublish: not possible, because 1 party has booked or is waiting" in page


def test_unpublish_is_offered_while_nobody_is_booked_or_waiting(staff_client):
    event = make_event()

    page = staff_client.get(f"/staff/sessions/{event.id}").get_data(as_text=True)

    assert f'action="/staff/sessions/{event.id}/unpublish"' in page


def test_a_cancelled_session_offers_no_change_button(staff_client):
    event = make_event()
    event.status = "cancelled"
    db.session.commit()

    page = staff_client.get(f"/staff/sessions/{event.id}").get_data(as_text=True)

    assert f"/staff/sessions/{event.id}/edit" not in page
    assert f"/staff/sessions/{event.id}/cancel" not in page


def test_with_nobody_booked_the_page_says_there_is_nobody_to_email(staff_client):
    event = make_event()

    page = staff_client.get(f"/staff/sessions/{event.id}").get_data(as_text=True)

    assert f"/staff/sessions/{event.id}/message" not in page
    assert "there is nobody to email" in page
