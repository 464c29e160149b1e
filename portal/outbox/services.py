"""The outbox: queue email in the same transaction as the change that causes it, send it later.

A route or service calls `queue_email`; the message is committed with everything else, or not
at all. `deliver_due` (run by `flask outbox send`) sends what is due, with retries and backoff,
so an SMTP server that is down loses nothing.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app, render_template
from sqlalchemy import and_, or_, select, update

from portal.batches import error_name, log_failure
from portal.dates import utcnow
from portal.extensions import db
from portal.outbox.models import OutboxMessage, OutboxStatus
from portal.outbox.smtp import SMTPTransport, build_email

CLAIM_LEASE = timedelta(minutes=5)
LONGEST_WAIT = timedelta(hours=6)
SUBJECT_LENGTH = OutboxMessage.subject.type.length
ELLIPSIS = "\u2026"  # one character: …


class MailNotConfigured(RuntimeError):
    """There is no SMTP server to send through (MAIL_SERVER is empty)."""


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0  # failed this time, to be tried again
    failed: int = 0  # failed for the last time
    errors: list[str] = field(default_factory=list)  # "message 12: SMTPRecipientsRefused"

    @property
    def attempts_failed(self) -> int:
        return self.retrying + self.failed


@dataclass(frozen=True)
class Attachment:
    filename: str
    mimetype: str
    text: str


def shorten(text: str, limit: int) -> str:
    """`text` if it has at most `limit` characters; otherwise cut at a word boundary (inside
    a word only when it is the first) and ended with an ellipsis, `limit` characters at most."""
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return ELLIPSIS[:limit]
    head = text[: limit - len(ELLIPSIS)]
    if not text[len(head)].isspace():  # the cut falls inside a word: drop that word
        words = head.rsplit(None, 1)
        if len(words) == 2:
            head = words[0]
    return head.rstrip(" ,.;:-\u2013\u2014(") + ELLIPSIS


def email_subject(template: str, **parts: str) -> str:
    """A subject line: `template` ("Booking confirmed: {title} ({reference})") filled in with
    `parts`, the longer parts shortened (`shorten`) so the whole fits the outbox's column.

    Short parts, such as a booking reference, stay whole; the room left is shared equally
    between the others. Use it for every subject holding text people wrote (a session's title,
    a business's name, a staff message's subject): PostgreSQL refuses a subject that is too long,
    and the email would never be queued. Spaces and line breaks in a part become single spaces.
    """
    parts = {name: " ".join(str(value).split()) for name, value in parts.items()}
    room = max(SUBJECT_LENGTH - len(template.format(**dict.fromkeys(parts, ""))), 0)
    fitted = {}
    for n, name in enumerate(sorted(parts, key=lambda name: len(parts[name]))):
        share = room // (len(parts) - n)
        fitted[name] = shorten(parts[name], share)
        room -= len(fitted[name])
    return template.format(**fitted)


def queue_email(
    *, to: str, subject: str, template: str, attachment: Attachment | None = None, **context
) -> OutboxMessage:
    """Render `emails/<template>.txt` and `.html` and add the message to the session.

    A subject longer than the outbox keeps is shortened (`shorten`); build one from people's
    words with `email_subject`, which keeps the fixed words and shortens theirs. Nothing is sent
    and nothing is committed here: the caller's commit keeps the message and the change that
    caused it together.
    """
    subject = shorten(subject, SUBJECT_LENGTH)
    message = OutboxMessage(
        recipient=to,
        subject=subject,
        body_text=render_template(f"emails/{template}.txt", subject=subject, **context),
        body_html=render_template(f"emails/{template}.html", subject=subject, **context),
        status=OutboxStatus.PENDING,
        next_attempt_at=utcnow(),
    )
    if attachment is not None:
        message.attachment_filename = attachment.filename
        message.attachment_mimetype = attachment.mimetype
        message.attachment_text = attachment.text
    db.session.add(message)
    if not current_app.config["MAIL_SERVER"]:
        if current_app.config["PORTAL_ENV"] == "development":
            current_app.logger.info(
                "Email kept in the outbox (no MAIL_SERVER)\nTo: %s\nSubject: %s\n\n%s",
                to,
                subject,
                message.body_text,
            )
        else:
            current_app.logger.warning(
                "Email queued but MAIL_SERVER is not set: nothing will send it"
            )
    return message


def retry_delay(attempts: int, base_seconds: int) -> timedelta:
    """How long to wait after the given number of failed attempts: doubling, at most six hours."""
    return min(timedelta(seconds=base_seconds * 2 ** max(attempts - 1, 0)), LONGEST_WAIT)


def _due_ids(now: datetime, limit: int) -> list[int]:
    due = or_(
        and_(
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.next_attempt_at <= now,
        ),
        and_(
            OutboxMessage.status == OutboxStatus.SENDING,
            OutboxMessage.claimed_until < now,
        ),
    )
    query = select(OutboxMessage.id).where(due).order_by(OutboxMessage.id).limit(limit)
    return list(db.session.scalars(query))


def _claim(message_id: int, now: datetime) -> bool:
    """Mark a message as being sent by this run; False if another sender got there first."""
    result = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            or_(
                OutboxMessage.status == OutboxStatus.PENDING,
                and_(
                    OutboxMessage.status == OutboxStatus.SENDING,
                    OutboxMessage.claimed_until < now,
                ),
            ),
        )
        .values(status=OutboxStatus.SENDING, claimed_until=now + CLAIM_LEASE)
    )
    db.session.commit()
    return result.rowcount == 1


def _record_failure(message: OutboxMessage, error: Exception, now: datetime) -> bool:
    """Count a failed attempt; return True if the message will be tried again."""
    config = current_app.config
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:500]
    message.claimed_until = None
    if message.attempts >= config["OUTBOX_MAX_ATTEMPTS"]:
        message.status = OutboxStatus.FAILED
        return False
    message.status = OutboxStatus.PENDING
    message.next_attempt_at = now + retry_delay(
        message.attempts, config["OUTBOX_RETRY_BASE_SECONDS"]
    )
    return True


# SMTP errors about one message. Any other OSError (refused connection, timeout, disconnection)
# means the server is the problem: the run stops and leaves the other messages untouched rather
# than count a failed attempt against each of them.
_MESSAGE_ERRORS = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPDataError,
    smtplib.SMTPNotSupportedError,
)


def _server_is_the_problem(error: Exception) -> bool:
    return isinstance(error, OSError) and not isinstance(error, _MESSAGE_ERRORS)


def deliver_due(
    *,
    now: datetime | None = None,
    limit: int = 100,
    transport=None,
    stopping: Callable[[], bool] | None = None,
) -> DeliveryReport:
    """Send the messages that are due, oldest first.

    Raises MailNotConfigured when MAIL_SERVER is empty. Each message is committed as sent,
    retrying (with its error and the time of the next try) or failed, one at a time: a message
    that fails is logged by its id and the run goes on, unless the server itself cannot be
    reached (then the others wait for the next run, their attempts uncounted). When
    `stopping()` turns true (the worker was asked to stop), the message being sent is finished
    and the rest are left for the next run.
    """
    config = current_app.config
    if transport is None:
        if not config["MAIL_SERVER"]:
            raise MailNotConfigured("MAIL_SERVER is not set, so there is nowhere to send email")
        transport = SMTPTransport(config)
    now = now or utcnow()
    report = DeliveryReport()
    try:
        for message_id in _due_ids(now, limit):
            if stopping is not None and stopping():
                break
            if not _claim(message_id, now):
                continue
            message = db.session.get(OutboxMessage, message_id)
            try:
                transport.send(build_email(message, config["MAIL_DEFAULT_SENDER"]))
            except Exception as error:  # any failure is recorded: one bad message never blocks
                retrying = _record_failure(message, error, now)
                report.retrying += retrying
                report.failed += not retrying
                # The log, and what the command prints, name the message and the kind of error;
                # the error itself may hold the address, so it is kept only on the message.
                log_failure("Outbox message", message.id, error)
                report.errors.append(f"message {message.id}: {error_name(error)}")
                db.session.commit()
                if _server_is_the_problem(error):
                    break
                continue
            message.status = OutboxStatus.SENT
            message.attempts += 1
            message.sent_at = utcnow()
            message.claimed_until = None
            message.last_error = None
            db.session.commit()
            report.sent += 1
    finally:
        transport.close()
    return report


class NotFailed(Exception):
    """Only a message that failed can be sent again (the others are sent, or on their way), and
    only while its text is still kept."""


def send_again(message: OutboxMessage, *, now: datetime | None = None) -> None:
    """Put a failed message back in the queue, to be tried at the next run. Raises NotFailed."""
    if message.status != OutboxStatus.FAILED:
        raise NotFailed("Only a message that failed can be sent again.")
    if message.body_deleted_at is not None:
        raise NotFailed("This message cannot be sent again: its text has been deleted.")
    message.status = OutboxStatus.PENDING
    message.attempts = 0
    message.next_attempt_at = now or utcnow()
    message.claimed_until = None


def purge_sent_bodies(*, now: datetime, days: int) -> int:
    """Delete the text and attachment of emails sent, or last tried and failed for good, more
    than `days` ago.

    What stays is the metadata: who it went to, its subject, its status and when it was queued
    and sent. The text holds the most (names, who is coming, links); the metadata is enough to
    answer "did you email me about the change?", and lets a person's data download list the
    emails we sent them. Messages still to be sent are never touched. Returns how many messages
    lost their text. Raises nothing of its own.
    """
    before = now - timedelta(days=days)
    result = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.body_deleted_at.is_(None),
            or_(
                and_(OutboxMessage.status == OutboxStatus.SENT, OutboxMessage.sent_at < before),
                # A failed message's last try was its last next_attempt_at.
                and_(
                    OutboxMessage.status == OutboxStatus.FAILED,
                    OutboxMessage.next_attempt_at < before,
                ),
            ),
        )
        .values(
            body_text="",
            body_html="",
            attachment_filename=None,
            attachment_mimetype=None,
            attachment_text=None,
            body_deleted_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    return result.rowcount
