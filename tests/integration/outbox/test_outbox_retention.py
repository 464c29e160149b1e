"""Emails' text is deleted OUTBOX_BODY_RETENTION_DAYS after sending; who, when and the subject
stay. The clock is moved by passing `now=` in the future."""

from datetime import timedelta
from types import SimpleNamespace

import pytest

from portal.dates import utcnow
from portal.extensions import db
from portal.outbox.models import OutboxMessage, OutboxStatus
from portal.outbox.services import (
    Attachment,
    NotFailed,
    deliver_due,
    purge_sent_bodies,
    queue_email,
    send_again,
)

DAYS = 90
A_MINUTE = timedelta(minutes=1)


def _queue(to="parent@example.org"):
    return queue_email(
        to=to,
        subject="Your password has been changed",
        template="password_changed",
        user=SimpleNamespace(full_name="Jo Parent"),
        reset_url="http://127.0.0.1:5000/password-reset",
        attachment=Attachment("session.ics", "text/calendar", "BEGIN:VCALENDAR"),
    )


def _message() -> OutboxMessage:
    return db.session.scalar(db.select(OutboxMessage))


def _sent_one(mail_to) -> OutboxMessage:
    _queue()
    db.session.commit()
    assert deliver_due().sent == 1
    assert len(mail_to.messages) == 1
    return _message()


def test_a_sent_email_keeps_its_text_until_the_period_is_over(app, mail_to):
    sent = _sent_one(mail_to)

    count = purge_sent_bodies(now=sent.sent_at + timedelta(days=DAYS) - A_MINUTE, days=DAYS)
    db.session.commit()

    assert count == 0
    kept = _message()
    assert "Jo Parent" in kept.body_text and "Jo Parent" in kept.body_html
    assert kept.attachment_text == "BEGIN:VCALENDAR"
    assert kept.body_deleted_at is None


def test_after_the_period_only_who_when_and_the_subject_stay(app, mail_to):
    sent = _sent_one(mail_to)
    sent_at, later = sent.sent_at, sent.sent_at + timedelta(days=DAYS) + A_MINUTE

    count = purge_sent_bodies(now=later, days=DAYS)
    db.session.commit()

    assert count == 1
    message = _message()
    assert (message.body_text, message.body_html) == ("", "")
    assert message.attachment_filename is None
    assert message.attachment_mimetype is None
    assert message.attachment_text is None
    assert message.body_deleted_at == later
    assert message.recipient == "parent@example.org"
    assert message.subject == "Your password has been changed"
    assert message.status == OutboxStatus.SENT
    assert message.sent_at == sent_at


def test_a_second_purge_finds_nothing_more_to_delete(app, mail_to):
    sent = _sent_one(mail_to)
    later = sent.sent_at + timedelta(days=DAYS + 1)

    assert purge_sent_bodies(now=later, days=DAYS) == 1
    assert purge_sent_bodies(now=later, days=DAYS) == 0


def test_emails_still_to_be_sent_keep_their_text_however_old(app):
    _queue()
    db.session.commit()

    assert purge_sent_bodies(now=utcnow() + timedelta(days=10 * DAYS), days=DAYS) == 0
    assert "Jo Parent" in _message().body_text


def test_a_failed_email_loses_its_text_after_its_last_try_and_cannot_be_sent_again(app, mail_to):
    mail_to.refuse.add("nobody@example.org")
    app.config["OUTBOX_MAX_ATTEMPTS"] = 1
    _queue("nobody@example.org")
    db.session.commit()
    deliver_due()
    failed = _message()
    assert failed.status == OutboxStatus.FAILED
    last_try = failed.next_attempt_at

    assert purge_sent_bodies(now=last_try + timedelta(days=DAYS) - A_MINUTE, days=DAYS) == 0
    assert purge_sent_bodies(now=last_try + timedelta(days=DAYS) + A_MINUTE, days=DAYS) == 1
    db.session.commit()

    message = _message()
    assert message.body_text == ""
    with pytest.raises(NotFailed, match="its text has been deleted"):
        send_again(message)
    assert message.status == OutboxStatus.FAILED


def test_staff_see_when_an_emails_text_was_deleted_and_no_send_again_button(
    app, client, auth, staff_user
):
    message = _queue()
    message.status = OutboxStatus.FAILED
    db.session.commit()
    purge_sent_bodies(now=utcnow() + timedelta(days=DAYS + 1), days=DAYS)
    db.session.commit()
    auth.login(staff_user.email)

    page = client.get(f"/staff/outbox/{message.id}").get_data(as_text=True)

    assert "The text of this email was deleted on" in page
    assert "after 90 days" in page
    assert "parent@example.org" in page and "Your password has been changed" in page
    assert "Send again" not in page
