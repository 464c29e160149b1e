"""`flask outbox send` carries on past a message the mail server refuses: the others are sent,
the failure is logged and printed by the message's id (not the address), and the command exits
non-zero."""

from portal.extensions import db
from portal.outbox.models import OutboxMessage, OutboxStatus
from portal.outbox.services import queue_email


def _queue(to: str) -> OutboxMessage:
    return queue_email(
        to=to,
        subject="Your password has been changed",
        template="password_changed",
        user={"full_name": "Jo Parent"},
        reset_url="http://127.0.0.1:5000/password-reset",
    )


def test_outbox_send_goes_on_past_a_refused_message_and_says_so(app, mail_to, caplog):
    mail_to.refuse.add("nobody@example.org")
    _queue("one@example.org")
    refused = _queue("nobody@example.org")
    _queue("two@example.org")
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["outbox", "send"])

    assert result.exit_code == 1
    assert "Sent 2, will retry 1, gave up on 0" in result.output
    assert f"message {refused.id}: SMTPRecipientsRefused" in result.output
    assert "1 failed: see the log" in result.output
    assert "nobody@example.org" not in result.output
    assert sorted(e.rcpt_tos[0] for e in mail_to.messages) == ["one@example.org", "two@example.org"]
    message = db.session.get(OutboxMessage, refused.id)
    assert message.status == OutboxStatus.PENDING
    assert "550" in message.last_error  # staff still see the server's answer on the message
    [logged] = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert logged.startswith(f"Outbox message {refused.id} failed: SMTPRecipientsRefused")
    assert "nobody@example.org" not in logged


def test_outbox_send_exits_zero_when_everything_was_sent(app, mail_to):
    _queue("one@example.org")
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["outbox", "send"])

    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Sent 1, will retry 0, gave up on 0"
