"""Organising sessions (staff): create one or a series, change, publish, cancel, message.

Changing a published session's time, date or venue tells everyone booked exactly what changed;
raising capacity books waiting families; lowering it below the places booked is refused.
Every change is written to the audit log in the same transaction.
"""

from __future__ import annotations

import calendar as month_calendar
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta

from flask import render_template
from sqlalchemy import select, update

from portal.audit.services import record
from portal.dates import LONDON, london_datetime
from portal.events.calendar import calendar_attachment
from portal.events.emails import email_booking
from portal.events.models import Event, EventStatus, RunningOrderItem
from portal.events.queries import active_bookings, confirmed_bookings
from portal.events.services import BookingError, promote_waiting_list
from portal.extensions import db
from portal.links import external_url
from portal.outbox.services import SUBJECT_LENGTH, email_subject, shorten


class CapacityBelowBooked(BookingError):
    """Capacity cannot go below the places already booked."""


class NotAllowedNow(BookingError):
    """The action does not fit the session's state (publishing a cancelled session, say)."""


@dataclass
class EventDetails:
    """Everything staff type about a session; `running_order` as (minutes, title, detail, loud)."""

    title: str
    summary: str
    description: str
    audience: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    venue_id: int
    capacity: int
    booking_closes_at: datetime | None = None
    low_stimulus: bool = False
    drop_in: bool = False
    lighting: str = ""
    noise: str = ""
    crowd_size: str = ""
    participation: str = ""
    breaks: str = ""
    running_order: list[tuple[int, str, str, bool]] = field(default_factory=list)

    @classmethod
    def of(cls, event: Event) -> EventDetails:
        values = {f.name: getattr(event, f.name) for f in fields(cls) if f.name != "running_order"}
        values["running_order"] = [
            (item.minutes_from_start, item.title, item.detail, item.intense)
            for item in event.running_order
        ]
        return cls(**values)


def _apply(event: Event, details: EventDetails) -> None:
    for f in fields(EventDetails):
        if f.name != "running_order":
            setattr(event, f.name, getattr(details, f.name))
    event.running_order = [
        RunningOrderItem(position=n, minutes_from_start=m, title=t, detail=d, intense=loud)
        for n, (m, t, d, loud) in enumerate(details.running_order, start=1)
    ]


def create_event(details: EventDetails, *, actor, now: datetime) -> Event:
    """Create one session as a draft, run by the member of staff who made it (an admin can
    name others). Raises nothing of its own."""
    event = Event(status=EventStatus.DRAFT, created_at=now)
    _apply(event, details)
    if actor is not None and actor.is_staff:
        event.leads = [actor]
    db.session.add(event)
    db.session.flush()
    record(actor, "session created", "event", event.id, event.title, now=now)
    return event


def _shift(moment: datetime, *, weeks: int = 0, months: int = 0) -> datetime:
    """Move a moment by whole weeks or months in London time, so 6pm stays 6pm across BST."""
    local = moment.astimezone(LONDON).replace(tzinfo=None)
    if weeks:
        local += timedelta(weeks=weeks)
    if months:
        month_index = local.month - 1 + months
        year, month = local.year + month_index // 12, month_index % 12 + 1
        day = min(local.day, month_calendar.monthrange(year, month)[1])
        local = local.replace(year=year, month=month, day=day)
    return local.replace(tzinfo=LONDON)


def create_series(
    details: EventDetails, *, repeat: str, count: int, actor, now: datetime
) -> list[Event]:
    """Create `count` draft sessions, the first as given and then every week or month."""
    if repeat not in ("weekly", "monthly") or not 1 <= count <= 52:
        raise NotAllowedNow("Choose weekly or monthly, from 1 to 52 sessions")
    events = []
    for n in range(count):
        step = {"weeks": n} if repeat == "weekly" else {"months": n}
        copy = EventDetails(**{f.name: getattr(details, f.name) for f in fields(EventDetails)})
        copy.starts_at = _shift(details.starts_at, **step)
        copy.ends_at = _shift(details.ends_at, **step)
        if details.booking_closes_at:
            copy.booking_closes_at = copy.starts_at - (
                details.starts_at - details.booking_closes_at
            )
        events.append(create_event(copy, actor=actor, now=now))
    return events


def tell_booked_what_changed(event: Event, changes: list[tuple[str, str, str]]) -> int:
    """Email everyone booked the old and new of each change, with a fresh calendar file.
    Returns how many were emailed (families with no email address are phoned by staff)."""
    told = 0
    for booking in confirmed_bookings(event.id):
        booking.calendar_sequence += 1  # the same UID again: calendars take the newer file
        told += email_booking(
            booking,
            subject=email_subject("Change to your session: {title}", title=event.title),
            template="event_changed",
            changes=changes,
            attachment=calendar_attachment(event, booking.calendar_sequence),
        )
    return told


@dataclass
class ChangeReport:
    changes: list[tuple[str, str, str]]  # (what, was, now)
    notified: int = 0
    promoted: int = 0


def update_event(event: Event, details: EventDetails, *, actor, now: datetime) -> ChangeReport:
    """Change a session.

    Raises CapacityBelowBooked. When a published session's time, date or venue changes, each
    confirmed booking gets a notice saying what changed, with the new calendar file; raising
    the capacity promotes waiting families in this same transaction.
    """
    if event.status == EventStatus.CANCELLED:
        raise NotAllowedNow("A cancelled session cannot be changed. Copy it to run it again.")
    # Guarded like a booking: a booking committed a moment ago is counted, never overwritten.
    resized = db.session.execute(
        update(Event)
        .where(Event.id == event.id, Event.places_booked <= details.capacity)
        .values(capacity=details.capacity)
        .execution_options(synchronize_session=False)
    )
    if resized.rowcount != 1:
        db.session.refresh(event)
        raise CapacityBelowBooked(
            f"{event.places_booked} places are already booked, so capacity cannot be less than "
            f"{event.places_booked}. Cancel bookings first if you need fewer places."
        )
    before = {
        "Start": london_datetime(event.starts_at),
        "End": london_datetime(event.ends_at),
        "Venue": f"{event.venue.name}, {event.venue.postcode}",
    }
    capacity_raised = details.capacity > event.capacity
    _apply(event, details)
    event.places_booked = db.session.scalar(select(Event.places_booked).where(Event.id == event.id))
    db.session.flush()
    db.session.refresh(event)
    after = {
        "Start": london_datetime(event.starts_at),
        "End": london_datetime(event.ends_at),
        "Venue": f"{event.venue.name}, {event.venue.postcode}",
    }
    report = ChangeReport(
        changes=[(k, before[k], after[k]) for k in before if before[k] != after[k]]
    )
    summary = "; ".join(f"{what}: {was} -> {new}" for what, was, new in report.changes)
    record(actor, "session changed", "event", event.id, summary or "details", now=now)
    if report.changes and event.status == EventStatus.PUBLISHED:
        report.notified = tell_booked_what_changed(event, report.changes)
    if capacity_raised:
        report.promoted = len(promote_waiting_list(event, now=now))
    return report


def publish(event: Event, *, actor, now: datetime) -> None:
    """Make a draft visible and bookable. Raises NotAllowedNow for cancelled sessions."""
    if event.status == EventStatus.CANCELLED:
        raise NotAllowedNow("A cancelled session cannot be published. Duplicate it instead.")
    event.status = EventStatus.PUBLISHED
    record(actor, "session published", "event", event.id, event.title, now=now)


def unpublish(event: Event, *, actor, now: datetime) -> None:
    """Hide a published session again, only while nobody has booked or is waiting."""
    if active_bookings(event.id):
        raise NotAllowedNow(
            "People have booked or are waiting, so it cannot be hidden. Cancel it instead."
        )
    event.status = EventStatus.DRAFT
    record(actor, "session unpublished", "event", event.id, event.title, now=now)


def duplicate(event: Event, *, actor, now: datetime) -> Event:
    """A draft copy of a session, one week later, with the same running order."""
    details = EventDetails.of(event)
    details.starts_at = _shift(event.starts_at, weeks=1)
    details.ends_at = _shift(event.ends_at, weeks=1)
    if event.booking_closes_at:
        details.booking_closes_at = details.starts_at - (event.starts_at - event.booking_closes_at)
    copy = create_event(details, actor=actor, now=now)
    copy.leads = list(event.leads) or copy.leads  # the same people run the copy
    return copy


def cancel_event(event: Event, *, reason: str, actor, now: datetime) -> int:
    """Cancel a session and tell everyone booked or waiting. Returns how many were emailed
    (families with no email address are told by staff, by phone)."""
    if event.status == EventStatus.CANCELLED:
        raise NotAllowedNow("This session is already cancelled.")
    event.status = EventStatus.CANCELLED
    event.cancel_reason = reason.strip()
    record(actor, "session cancelled", "event", event.id, f"{event.title}: {reason}"[:300], now=now)
    told = 0
    for booking in active_bookings(event.id):
        told += email_booking(
            booking,
            subject=email_subject("Session cancelled: {title}", title=event.title),
            template="event_cancelled",
            reason=event.cancel_reason,
            events_url=external_url("events.index"),
        )
    return told


def message_people(
    event: Event, *, subject: str, body: str, include_waiting: bool, actor, now: datetime
) -> int:
    """Email everyone booked (and the waiting list, if asked). Returns how many were sent
    (families with no email address get nothing: staff phone them)."""
    bookings = active_bookings(event.id) if include_waiting else confirmed_bookings(event.id)
    sent = 0
    for booking in bookings:
        sent += email_booking(
            booking,
            subject=email_subject("{subject} ({title})", subject=subject, title=event.title),
            template="staff_message",
            body=body.strip(),
        )
    record(actor, "message sent", "event", event.id, f"{sent} people: {subject}", now=now)
    return sent


def set_leads(event: Event, leads: list, *, actor, now: datetime) -> None:
    """Name the staff who run a session (they, and admins, may read its access needs).

    Raises NotAllowedNow when one of `leads` is not staff.
    """
    if any(not lead.is_staff for lead in leads):
        raise NotAllowedNow("Only staff can lead a session")
    event.leads = sorted(leads, key=lambda lead: lead.full_name)
    names = ", ".join(lead.full_name for lead in event.leads) or "nobody"
    record(actor, "session leads set", "event", event.id, names[:300], now=now)


@dataclass(frozen=True)
class MessagePreview:
    """What "Email everyone booked" will send: the exact subject and text, as the first person
    will get them, and how many people will get it (booked, and waiting if asked)."""

    subject: str
    text: str
    first_name: str
    booked: int
    waiting: int

    @property
    def recipients(self) -> int:
        return self.booked + self.waiting


def _can_be_emailed(booking) -> bool:
    # An erased account, or a family booked by phone with no address, gets no email.
    return booking.user is not None and bool(booking.user.email)


def preview_message(
    event: Event, *, subject: str, body: str, include_waiting: bool
) -> MessagePreview:
    """The email `message_people` would send now, rendered from the same template for the
    first person it goes to, and the number of people it goes to. Queues nothing."""
    bookings = active_bookings(event.id) if include_waiting else confirmed_bookings(event.id)
    reachable = [booking for booking in bookings if _can_be_emailed(booking)]
    booked = sum(booking.status == "confirmed" for booking in reachable)
    full_subject = shorten(
        email_subject("{subject} ({title})", subject=subject, title=event.title),
        SUBJECT_LENGTH,
    )
    text = ""
    first_name = ""
    if reachable:
        first = reachable[0]
        first_name = first.user.full_name
        text = render_template(
            "emails/staff_message.txt",
            subject=full_subject,
            booking=first,
            event=event,
            booking_url=external_url("events.booking", reference=first.reference),
            body=body.strip(),
        )
    return MessagePreview(full_subject, text, first_name, booked, len(reachable) - booked)
