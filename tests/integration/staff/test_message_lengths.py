"""A staff message with the longest subject the form takes, about a session with the longest
title, reaches everyone: its subject line is shortened to fit, and the email is delivered."""

from email import message_from_bytes, policy

from portal.events.models import Event
from portal.extensions import db
from portal.outbox.models import OutboxMessage
from portal.outbox.services import SUBJECT_LENGTH, deliver_due
from portal.staff.forms.sessions import MessageForm
from tests.factories import make_booking, make_event, make_user

TITLE = ("Understanding sensory overload at the shops " * 5)[: Event.title.type.length]
SUBJECT_MAX = 150  # the form's limit, checked below


def test_the_form_takes_subjects_up_to_150_characters():
    assert MessageForm.subject.kwargs["validators"][-1].max == SUBJECT_MAX


def test_a_message_with_the_longest_subject_is_sent(app, staff_client, smtp_server):
    inbox, port = smtp_server
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    event = make_event(title=TITLE)
    make_booking(event, make_user(email="a@example.org"))
    subject = ("Parking at the Civic Centre has changed " * 4)[:SUBJECT_MAX]

    response = staff_client.post_form(
        f"/staff/sessions/{event.id}/message",
        {"subject": subject, "body": "Use the Hill.", "step": "send", "expected": "1"},
    )
    report = deliver_due()

    assert response.status_code == 302
    assert report.sent == 2  # the booking's confirmation, then the message
    message = db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)).all()[-1]
    assert len(message.subject) <= SUBJECT_LENGTH
    assert message.subject.startswith("Parking at the Civic Centre has changed")
    assert message.subject.endswith("\u2026)")
    email = message_from_bytes(inbox.messages[-1].content, policy=policy.default)
    # Python's header folding can leave two spaces where it folds the line before an encoded
    # word (the ellipsis is not ASCII); the words are the same.
    assert email["Subject"].split() == message.subject.split()


def test_a_subject_longer_than_the_form_takes_is_refused_with_a_message(staff_client):
    event = make_event(title=TITLE)

    response = staff_client.post_form(
        f"/staff/sessions/{event.id}/message", {"subject": "x" * 151, "body": "Hello."}
    )

    assert response.status_code == 200
    assert "Subject must be 150 characters or fewer" in response.get_data(as_text=True)
