"""The mail outbox: queued in the same transaction, delivered over real SMTP, never lost."""

from datetime import timedelta
from email import message_from_bytes, policy

import pytest

from portal.dates import utcnow
from portal.extensions import db
from portal.outbox.models import OutboxMessage, OutboxStatus
from portal.outbox.services import (
    MailNotConfigured,
    NotFailed,
    _claim,
    deliver_due,
    queue_email,
    retry_delay,
    send_again,
)
from tests.conftest import free_port


def _queue(to="parent@example.org"):
    from types import SimpleNamespace

    user = SimpleNamespace(full_name="Jo Parent")
    return queue_email(
        to=to,
        subject="Reset your password",
        template="password_reset",
        user=user,
        reset_url="http://127.0.0.1:5000/password-reset/abc",
        minutes=60,
    )


def _all():
    return db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_a_queued_message_is_kept_only_if_its_transaction_commits(app):
    _queue()
    db.session.rollback()
    assert _all() == []

    _queue()
    db.session.commit()
    assert [m.status for m in _all()] == ["pending"]


def test_delivery_sends_plain_text_and_html_parts_over_smtp(app, mail_to):
    _queue()
    db.session.commit()

    report = deliver_due()

    assert report.sent == 1
    [envelope] = mail_to.messages
    assert envelope.rcpt_tos == ["parent@example.org"]
    email = message_from_bytes(envelope.content, policy=policy.default)
    assert email["Subject"] == "Reset your password"
    assert "Bromley Autism Portal" in email["From"]
    text = email.get_body(preferencelist=("plain",)).get_content()
    html = email.get_body(preferencelist=("html",)).get_content()
    assert "http://127.0.0.1:5000/password-reset/abc" in text
    assert 'href="http://127.0.0.1:5000/password-reset/abc"' in html
    [message] = _all()
    assert message.status == OutboxStatus.SENT
    assert message.sent_at is not None


def test_nothing_is_sent_twice(app, mail_to):
    _queue()
    db.session.commit()
    deliver_due()
    deliver_due()
    assert len(mail_to.messages) == 1


def test_smtp_server_down_keeps_every_message_and_retries_later(app, smtp_server):
    inbox, port = smtp_server
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())  # nothing listens there
    _queue("one@example.org")
    _queue("two@example.org")
    db.session.commit()
    now = utcnow()

    report = deliver_due(now=now)

    assert report.sent == 0
    assert report.retrying == 1  # the run stops at the first connection failure
    first, second = _all()
    assert first.status == "pending"
    assert first.attempts == 1
    assert "ConnectionRefusedError" in first.last_error
    assert first.next_attempt_at == now + retry_delay(1, app.config["OUTBOX_RETRY_BASE_SECONDS"])
    assert second.attempts == 0

    app.config["MAIL_PORT"] = port  # the server is back
    deliver_due(now=now + timedelta(hours=1))

    assert sorted(e.rcpt_tos[0] for e in inbox.messages) == ["one@example.org", "two@example.org"]
    assert {m.status for m in _all()} == {"sent"}


def test_a_refused_recipient_fails_after_the_last_attempt_and_keeps_its_error(app, mail_to):
    mail_to.refuse.add("nobody@example.org")
    app.config["OUTBOX_MAX_ATTEMPTS"] = 2
    _queue("nobody@example.org")
    _queue("parent@example.org")
    db.session.commit()
    now = utcnow()

    deliver_due(now=now)
    deliver_due(now=now + timedelta(days=1))

    refused, delivered = _all()
    assert refused.status == OutboxStatus.FAILED
    assert refused.attempts == 2
    assert "550" in refused.last_error
    assert delivered.status == OutboxStatus.SENT


def test_a_message_that_cannot_be_built_is_recorded_and_does_not_block_others(app, mail_to):
    broken = _queue("one@example.org")
    broken.subject = "Hello\nBcc: everyone@example.org"  # header injection: refused when built
    _queue("two@example.org")
    db.session.commit()

    report = deliver_due()

    first, second = _all()
    assert first.status == "pending"
    assert first.attempts == 1
    assert first.last_error.startswith("ValueError")
    assert second.status == "sent"
    assert report.sent == 1
    assert [e.rcpt_tos for e in mail_to.messages] == [["two@example.org"]]


def test_retry_waits_double_each_time_up_to_six_hours():
    assert retry_delay(1, 60) == timedelta(minutes=1)
    assert retry_delay(2, 60) == timedelta(minutes=2)
    assert retry_delay(5, 60) == timedelta(minutes=16)
    assert retry_delay(30, 60) == timedelta(hours=6)


def test_a_message_claimed_by_one_sender_is_skipped_by_another(app):
    message = _queue()
    db.session.commit()
    now = utcnow()
    assert _claim(message.id, now) is True
    assert _claim(message.id, now) is False
    # A sender that died holds its claim only for a while.
    assert _claim(message.id, now + timedelta(minutes=10)) is True


def test_failed_messages_can_be_sent_again(app, mail_to):
    message = _queue()
    message.status = OutboxStatus.FAILED
    message.attempts = 8
    db.session.commit()

    send_again(message)
    db.session.commit()
    deliver_due()

    assert len(mail_to.messages) == 1


def test_only_a_failed_message_can_be_sent_again(app):
    message = _queue()

    with pytest.raises(NotFailed):
        send_again(message)
    assert message.status == OutboxStatus.PENDING


def test_delivery_without_a_mail_server_says_so_and_sends_nothing(app):
    _queue()
    db.session.commit()
    with pytest.raises(MailNotConfigured):
        deliver_due()
    assert _all()[0].status == "pending"


def test_outbox_send_command_delivers(app, mail_to):
    _queue()
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["outbox", "send"])
    assert result.exit_code == 0, result.output
    assert "Sent 1" in result.output
    assert len(mail_to.messages) == 1


def test_outbox_send_command_without_mail_server_fails_clearly(app):
    result = app.test_cli_runner().invoke(args=["outbox", "send"])
    assert result.exit_code == 1
    assert "MAIL_SERVER is not set" in result.output


def test_staff_see_the_outbox_and_can_read_messages_in_development(client, auth, staff_user):
    _queue()
    db.session.commit()
    auth.login(staff_user.email)

    message_id = _all()[0].id
    listing = client.get("/staff/outbox").get_data(as_text=True)
    assert f'href="/staff/outbox/{message_id}">Reset your password</a>' in listing
    assert "parent@example.org" in listing

    page = client.get(f"/staff/outbox/{message_id}").get_data(as_text=True)
    assert "http://127.0.0.1:5000/password-reset/abc" in page


def test_staff_cannot_read_message_text_in_production(app, client, auth, staff_user):
    _queue()
    db.session.commit()
    app.config["PORTAL_ENV"] = "production"
    auth.login(staff_user.email)
    page = client.get(f"/staff/outbox/{_all()[0].id}").get_data(as_text=True)
    assert "password-reset/abc" not in page
    assert "not shown here" in page


def test_outbox_filter_answers_htmx_with_just_the_results(client, auth, staff_user):
    _queue()
    db.session.commit()
    auth.login(staff_user.email)

    full = client.get("/staff/outbox?status=pending")
    fragment = client.get("/staff/outbox?status=pending", headers={"HX-Request": "true"})

    assert "HX-Request" in full.headers["Vary"]
    assert "HX-Request" in fragment.headers["Vary"]
    assert "<html" in full.get_data(as_text=True)
    body = fragment.get_data(as_text=True)
    assert "<html" not in body
    assert 'id="outbox-results"' in body
    assert "Reset your password" in body
    empty = client.get("/staff/outbox?status=failed", headers={"HX-Request": "true"})
    assert "There are no failed emails" in empty.get_data(as_text=True)


def test_staff_can_put_a_failed_message_back_in_the_queue(client, auth, staff_user):
    message = _queue()
    message.status = OutboxStatus.FAILED
    db.session.commit()
    auth.login(staff_user.email)

    client.post_form(f"/staff/outbox/{message.id}/send-again")

    assert _all()[0].status == "pending"


def test_message_subjects_are_escaped_in_the_outbox(client, auth, staff_user):
    message = _queue()
    message.subject = '<script>alert("x")</script>'
    db.session.commit()
    auth.login(staff_user.email)
    page = client.get("/staff/outbox").get_data(as_text=True)
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;" in page
