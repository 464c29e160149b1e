"""What the outbox holds about a person (the emails we sent or will send to their address), and
erasing them when their account goes.

Registered at app start (portal/__init__.py), after the domains: a domain's erasure may queue
emails to the person (a cancelled booking), and this must run after it to take those too.
Services take explicit arguments, flush but never commit, and raise nothing of their own.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update

from portal.accounts.registry import data_held_about, when_account_erased
from portal.extensions import db
from portal.outbox.models import OutboxMessage, OutboxStatus

STATUS_WORDS = {
    OutboxStatus.PENDING: "Waiting to be sent",
    OutboxStatus.SENDING: "Being sent",
    OutboxStatus.SENT: "Sent",
    OutboxStatus.FAILED: "Could not be sent",
}


@data_held_about("emails", "Emails we sent you", order=80)
def emails_held(person) -> list[dict]:
    """Every email kept in the outbox for the person's address, latest first."""
    messages = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.recipient == person.email)
        .order_by(OutboxMessage.id.desc())
    ).all()
    return [
        {
            "Subject": message.subject,
            "Status": STATUS_WORDS.get(message.status, message.status),
            "Written on": message.created_at,
            "Sent on": message.sent_at,
            "Message": message.body_text,
        }
        for message in messages
    ]


@when_account_erased
def erase_emails(person, now: datetime) -> None:
    """Delete the emails to the person's address. One a sender is delivering at this moment is
    stripped of its address and words instead, so the sender still finds the row it claimed."""
    erased_address = f"erased-{person.id}@invalid"
    db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.recipient == person.email,
            OutboxMessage.status == OutboxStatus.SENDING,
        )
        .values(
            recipient=erased_address,
            subject="(erased)",
            body_text="",
            body_html="",
            attachment_filename=None,
            attachment_mimetype=None,
            attachment_text=None,
        )
    )
    db.session.execute(delete(OutboxMessage).where(OutboxMessage.recipient == person.email))
    db.session.flush()
