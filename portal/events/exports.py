"""What goes in the staff's spreadsheets: a session's attendees, and every session's figures.

Each export is recorded in the audit log, in the caller's transaction; access needs go in the
attendees file only with a reason, and the reason is what is recorded, never the needs.
"""

from __future__ import annotations

from datetime import datetime

from portal.audit.services import record
from portal.dates import london_datetime
from portal.events.figures import upcoming_with_figures
from portal.events.models import ADJUSTMENT_LABELS, Event
from portal.events.queries import confirmed_bookings
from portal.events.register import check_may_see_needs

ATTENDEE_COLUMNS = [
    "Reference",
    "Name",
    "Email",
    "Adults",
    "Children",
    "Children's ages",
    "Carer",
    "Places",
    "Arrived",
]
NEEDS_COLUMNS = ["What would help", "Anything else"]
SESSION_COLUMNS = [
    "Session",
    "Starts",
    "Status",
    "Audience",
    "Venue",
    "Capacity",
    "Places booked",
    "Waiting parties",
]


def attendees_for_export(event: Event, *, include_needs: bool, reason: str, actor) -> list[list]:
    """The rows of a session's attendees file (a header first), with access needs only if
    `include_needs`; the export and its reason are recorded. Raises NotALead when `actor` may
    not read the needs (see events/register.py)."""
    if include_needs:
        check_may_see_needs(event, actor)
    summary = f"with access needs: {reason.strip()}" if include_needs else "without access needs"
    record(actor, "attendees exported", "event", event.id, summary)
    rows = [ATTENDEE_COLUMNS + (NEEDS_COLUMNS if include_needs else [])]
    for booking in confirmed_bookings(event.id):
        if booking.arrived_at:
            arrived = london_datetime(booking.arrived_at)
        else:
            arrived = "No-show" if booking.no_show else ""
        row = [
            booking.reference,
            booking.user.full_name if booking.user else "",
            booking.user.how_to_reach if booking.user else "",
            booking.adults,
            booking.children,
            booking.children_ages,
            "Yes" if booking.carer else "No",
            booking.places,
            arrived,
        ]
        if include_needs:
            row += [
                "; ".join(ADJUSTMENT_LABELS.get(a, a) for a in booking.adjustments),
                booking.needs_note,
            ]
        rows.append(row)
    return rows


def figures_for_export(*, actor, now: datetime) -> list[list]:
    """The rows of the every-session figures file (past sessions, then coming ones); the
    export is recorded. Raises nothing of its own."""
    sessions = upcoming_with_figures(now=now, past=True, limit=10000)
    sessions += upcoming_with_figures(now=now, limit=10000)
    rows = [SESSION_COLUMNS]
    for row in sessions:
        event = row.event
        rows.append(
            [
                event.title,
                london_datetime(event.starts_at),
                event.status,
                event.audience_label,
                event.venue.name,
                row.capacity,
                row.places_booked,
                row.waiting,
            ]
        )
    record(actor, "session figures exported", "event", None, f"{len(rows) - 1} sessions")
    return rows
