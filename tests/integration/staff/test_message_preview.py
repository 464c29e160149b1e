"""Email everyone booked: staff see the exact email and how many will get it before anything
is sent; a number that changed meanwhile is shown again rather than sent."""

from portal.extensions import db
from portal.outbox.models import OutboxMessage
from tests.factories import make_booking, make_event, make_user


def _staff_messages(subject_start: str) -> list[OutboxMessage]:
    return [
        m
        for m in db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id))
        if m.subject.startswith(subject_start)
    ]


def test_previewing_shows_the_exact_email_and_sends_nothing(staff_client):
    event = make_event(title="Through their eyes")
    make_booking(event, make_user(email="a@example.org", full_name="Priya Shah"))
    make_booking(event, make_user(email="b@example.org", full_name="Tom Lee"))

    response = staff_client.post_form(
        f"/staff/sessions/{event.id}/message",
        {"subject": "Parking", "body": "Use the Hill car park.\n\nIt is free.", "step": "preview"},
    )
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert "It will go to <strong>2 people</strong>" in page
    assert "Send to 2 people" in page
    assert "Parking (Through their eyes)" in page
    assert "Hello Priya Shah," in page and "Use the Hill car park." in page
    assert _staff_messages("Parking") == []


def test_sending_from_the_preview_queues_exactly_the_email_shown(staff_client):
    event = make_event(title="Through their eyes")
    make_booking(event, make_user(email="a@example.org", full_name="Priya Shah"))
    form = {"subject": "Parking", "body": "Use the Hill car park.", "step": "preview"}
    preview = staff_client.post_form(f"/staff/sessions/{event.id}/message", form)

    response = staff_client.post_form(
        f"/staff/sessions/{event.id}/message", {**form, "step": "send", "expected": "1"}
    )

    assert response.status_code == 302
    [message] = _staff_messages("Parking")
    assert message.recipient == "a@example.org"
    shown = preview.get_data(as_text=True)
    assert message.subject in shown
    for line in message.body_text.strip().splitlines():
        assert line.replace("'", "&#39;") in shown


def test_the_count_includes_the_waiting_list_only_when_ticked(staff_client):
    event = make_event(capacity=1)
    make_booking(event, make_user(email="a@example.org"))
    make_booking(event, make_user(email="b@example.org"), waiting=True)
    form = {"subject": "Lift", "body": "The lift works.", "step": "preview"}

    booked_only = staff_client.post_form(f"/staff/sessions/{event.id}/message", form)
    with_waiting = staff_client.post_form(
        f"/staff/sessions/{event.id}/message", {**form, "include_waiting": "y"}
    )

    assert "It will go to <strong>1 person</strong>" in booked_only.get_data(as_text=True)
    page = with_waiting.get_data(as_text=True)
    assert "It will go to <strong>2 people</strong>: 1 booked and 1 on the waiting list" in page


def test_a_change_in_who_is_booked_since_the_preview_shows_it_again_unsent(staff_client):
    event = make_event()
    make_booking(event, make_user(email="a@example.org"))
    make_booking(event, make_user(email="b@example.org"))

    response = staff_client.post_form(
        f"/staff/sessions/{event.id}/message",
        {"subject": "Parking", "body": "Use the Hill.", "step": "send", "expected": "1"},
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "it would now go to 2 people" in page
    assert "Send to 2 people" in page
    assert _staff_messages("Parking") == []


def test_with_nobody_to_email_the_preview_offers_no_send_button(staff_client):
    event = make_event()

    response = staff_client.post_form(
        f"/staff/sessions/{event.id}/message",
        {"subject": "Parking", "body": "Use the Hill.", "step": "send", "expected": "0"},
    )

    page = response.get_data(as_text=True)
    assert "Nobody would get this email" in page
    assert 'value="send"' not in page
    assert _staff_messages("Parking") == []


def test_changing_the_message_from_the_preview_keeps_what_was_typed(staff_client):
    event = make_event()
    make_booking(event, make_user(email="a@example.org"))

    response = staff_client.post_form(
        f"/staff/sessions/{event.id}/message",
        {"subject": "Parking", "body": "Use the Hill.", "include_waiting": "y", "step": "change"},
    )

    page = response.get_data(as_text=True)
    assert 'value="Parking"' in page
    assert "Use the Hill.</textarea>" in page
    assert "checked" in page
    assert _staff_messages("Parking") == []
