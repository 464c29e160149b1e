"""The emails a booking sends (confirmed, promoted from the waiting list) and the signed link
in the promotion email that gives a place back in one step."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from portal.accounts.first_password import set_password_days, set_password_url
from portal.events.calendar import calendar_attachment
from portal.events.models import ADJUSTMENT_LABELS, Booking
from portal.extensions import db
from portal.links import external_url
from portal.outbox.services import email_subject, queue_email

GIVE_BACK_SALT = "portal.give-back-place"
GIVE_BACK_LASTS = 60 * 60 * 24 * 90  # seconds: longer than any wait for a session


def give_back_token(booking: Booking) -> str:
    """A signed token that lets the person give a promoted place back in one step."""
    serializer = URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=GIVE_BACK_SALT)
    return serializer.dumps(booking.reference)


def booking_for_give_back(token: str) -> Booking | None:
    """The booking a give-back token names, or None if the token is not genuine."""
    serializer = URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=GIVE_BACK_SALT)
    try:
        reference = serializer.loads(token, max_age=GIVE_BACK_LASTS)
    except BadSignature:
        return None
    return db.session.scalar(select(Booking).where(Booking.reference == reference))


def email_booking(booking: Booking, *, subject: str, template: str, **context) -> bool:
    """Queue an email about one booking to the person who made it, in the caller's transaction.

    Every such email can name the booking, its session and the link to the booking's page.
    A booking whose account was erased keeps its counts but has nobody to tell, and a family
    staff booked by phone without an email address is told by phone: both are skipped. To an
    account staff made that has no password yet, every booking email carries the link to
    create one (`set_password_url`), leading on to the booking. Returns whether it was queued.
    """
    person = booking.user
    if person is None or person.email is None:
        return False
    booking_url = external_url("events.booking", reference=booking.reference)
    if not person.has_password and person.is_active:
        context.setdefault(
            "set_password_url", set_password_url(person, next_url=urlsplit(booking_url).path)
        )
        context.setdefault("set_password_days", set_password_days())
    queue_email(
        to=person.email,
        subject=subject,
        template=template,
        booking=booking,
        event=booking.event,
        booking_url=booking_url,
        **context,
    )
    return True


def email_confirmation(booking: Booking) -> None:
    """Queue the booking's confirmation, with the session in a calendar file."""
    email_booking(
        booking,
        subject=email_subject(
            "Booking confirmed: {title} ({reference})",
            title=booking.event.title,
            reference=booking.reference,
        ),
        template="booking_confirmed",
        adjustment_labels=ADJUSTMENT_LABELS,
        attachment=calendar_attachment(booking.event, booking.calendar_sequence),
    )


def email_change(booking: Booking) -> None:
    """Confirm a change to a booking or waiting-list place. A booking gets the calendar file
    again, under the same UID with a higher SEQUENCE (the caller raised it), so calendars that
    took the first file update it; a waiting-list place has no place to put in a calendar."""
    confirmed = booking.status == "confirmed"
    email_booking(
        booking,
        subject=email_subject(
            "Booking changed: {title} ({reference})"
            if confirmed
            else "Waiting list place changed: {title} ({reference})",
            title=booking.event.title,
            reference=booking.reference,
        ),
        template="booking_changed",
        adjustment_labels=ADJUSTMENT_LABELS,
        attachment=calendar_attachment(booking.event, booking.calendar_sequence)
        if confirmed
        else None,
    )


def email_promotion(booking: Booking) -> None:
    """Tell a waiting family a place is theirs, with a one-step link to give it back."""
    email_booking(
        booking,
        subject=email_subject(
            "A place is yours: {title} ({reference})",
            title=booking.event.title,
            reference=booking.reference,
        ),
        template="waiting_list_promoted",
        give_back_url=external_url("events.give_back", token=give_back_token(booking)),
        attachment=calendar_attachment(booking.event, booking.calendar_sequence),
    )
