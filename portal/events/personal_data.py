"""What the events domain holds about a person, and what it erases when their account goes.

Held: bookings and waiting-list places (the party, children's ages, what would help and the
note while they are kept), feedback, unfinished bookings, and, for staff, the sessions they
lead. Erasing cancels the person's future bookings through `cancel_booking`, so waiting
families are promoted as usual; then bookings keep only their counts and dates (adults,
children, places, status, when it was booked, arrived or cancelled), which the figures are made
from, and lose the link to the person and everything said about their children; feedback keeps
its ratings and loses its words.

Services take explicit arguments, flush but never commit, and raise nothing of their own.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update

from portal.accounts.models import User
from portal.events.drafts import drop_drafts_of
from portal.events.models import (
    ACTIVE,
    ADJUSTMENT_LABELS,
    Booking,
    BookingDraft,
    BookingStatus,
    Event,
    EventStatus,
    Feedback,
    event_leads,
)
from portal.events.services import cancel_booking
from portal.extensions import db

STATUS_WORDS = {
    BookingStatus.CONFIRMED: "Booked",
    BookingStatus.WAITING: "On the waiting list",
    BookingStatus.CANCELLED: "Cancelled",
    BookingStatus.LEFT: "Left the waiting list",
}


def _status(booking: Booking) -> str:
    if booking.event.status == EventStatus.CANCELLED and booking.status in ACTIVE:
        return "The session was cancelled"
    return STATUS_WORDS.get(booking.status, booking.status)


def _help_words(adjustments) -> list[str]:
    return [ADJUSTMENT_LABELS.get(key, key) for key in adjustments or []]


def bookings_held(person: User) -> list[dict]:
    """Every booking and waiting-list place of the person, latest session first."""
    bookings = db.session.scalars(
        select(Booking)
        .join(Booking.event)
        .where(Booking.user_id == person.id)
        .order_by(Event.starts_at.desc(), Booking.id.desc())
    ).all()
    return [
        {
            "Session": booking.event.title,
            "Session starts": booking.event.starts_at,
            "Venue": booking.event.venue.name,
            "Reference": booking.reference,
            "Status": _status(booking),
            "Adults": booking.adults,
            "Children": booking.children,
            "Children's ages": booking.children_ages,
            "A carer is coming": booking.carer,
            "Places": booking.places,
            "What would help": _help_words(booking.adjustments),
            "Anything else that would help": booking.needs_note,
            "You agreed we could keep what would help on": booking.needs_consent_at,
            "Booked on": booking.created_at,
            "Place confirmed on": booking.confirmed_at,
            "Cancelled on": booking.cancelled_at,
            "Arrived at": booking.arrived_at,
            "Marked as not coming": booking.no_show,
        }
        for booking in bookings
    ]


def feedback_held(person: User) -> list[dict]:
    """What the person told us about sessions they went to, latest first."""
    rows = db.session.execute(
        select(Feedback, Event)
        .join(Booking, Booking.id == Feedback.booking_id)
        .join(Event, Event.id == Feedback.event_id)
        .where(Booking.user_id == person.id)
        .order_by(Feedback.id.desc())
    ).all()
    return [
        {
            "Session": event.title,
            "Session starts": event.starts_at,
            "Rating out of 5": feedback.rating,
            "What helped": feedback.helped,
            "What could be better": feedback.could_be_better,
            "Confidence before, out of 5": feedback.confidence_before,
            "Confidence after, out of 5": feedback.confidence_after,
            "Given on": feedback.created_at,
        }
        for feedback, event in rows
    ]


def unfinished_bookings_held(person: User) -> list[dict]:
    """Answers of bookings the person started and has not finished (kept for a few hours)."""
    rows = db.session.execute(
        select(BookingDraft, Event)
        .join(Event, Event.id == BookingDraft.event_id)
        .where(BookingDraft.user_id == person.id)
        .order_by(BookingDraft.updated_at.desc())
    ).all()
    records = []
    for draft, event in rows:
        party = draft.answers.get("party") or {}
        needs = draft.answers.get("needs") or {}
        records.append(
            {
                "Session": event.title,
                "Last changed": draft.updated_at,
                "Adults": party.get("adults"),
                "Children": party.get("children"),
                "Children's ages": party.get("children_ages", ""),
                "A carer is coming": party.get("carer"),
                "What would help": _help_words(needs.get("adjustments")),
                "Anything else that would help": needs.get("note", ""),
            }
        )
    return records


def sessions_led_held(person: User) -> list[dict]:
    """The sessions a member of staff is named as running."""
    events = db.session.scalars(
        select(Event)
        .join(event_leads, event_leads.c.event_id == Event.id)
        .where(event_leads.c.user_id == person.id)
        .order_by(Event.starts_at.desc())
    ).all()
    return [{"Session": event.title, "Session starts": event.starts_at} for event in events]


def erase_from_events(person: User, now: datetime) -> None:
    """Cancel the person's future bookings (promoting waiting families), then keep only the
    counts of their bookings and the ratings of their feedback; drop unfinished bookings and
    the sessions they lead."""
    future = db.session.scalars(
        select(Booking)
        .join(Booking.event)
        .where(Booking.user_id == person.id, Booking.status.in_(ACTIVE), Event.starts_at > now)
        .order_by(Booking.id)
    ).all()
    for booking in future:
        cancel_booking(booking, now=now)

    theirs = select(Booking.id).where(Booking.user_id == person.id).scalar_subquery()
    db.session.execute(
        update(Feedback)
        .where(Feedback.booking_id.in_(theirs))
        .values(helped="", could_be_better="")
    )
    db.session.execute(
        update(Booking)
        .where(Booking.user_id == person.id)
        .values(
            user_id=None,
            children_ages="",
            adjustments=[],
            needs_note="",
            needs_consent_at=None,
        )
    )
    db.session.execute(delete(event_leads).where(event_leads.c.user_id == person.id))
    drop_drafts_of(person)
    db.session.flush()
