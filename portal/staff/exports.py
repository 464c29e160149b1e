"""Staff: CSV exports of a session's attendees and of every session's figures.

Files are UTF-8 with a byte-order mark (so Excel reads accents and apostrophes correctly),
every field quoted, and any cell that starts with =, +, - or @ prefixed with an apostrophe so a
spreadsheet never runs it as a formula.
"""

from __future__ import annotations

import csv
import io

from flask import Response, render_template
from flask_login import current_user
from sqlalchemy import select

from portal.accounts.access import recent_sign_in_required
from portal.audit.services import record
from portal.dates import london_datetime, utcnow
from portal.events.models import ADJUSTMENT_LABELS, Booking, BookingStatus, Event
from portal.extensions import db
from portal.staff import bp
from portal.staff.figures import upcoming_with_figures
from portal.staff.forms.exports import AttendeeExportForm

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """A cell a spreadsheet shows as text, never evaluates."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_response(rows: list[list], filename: str) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return Response(
        "\ufeff" + buffer.getvalue(),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


def attendee_rows(event: Event, *, include_needs: bool) -> list[list]:
    bookings = db.session.scalars(
        select(Booking)
        .where(Booking.event_id == event.id, Booking.status == BookingStatus.CONFIRMED)
        .order_by(Booking.id)
    ).all()
    header = [
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
    if include_needs:
        header += ["What would help", "Anything else"]
    rows = [header]
    for booking in bookings:
        row = [
            booking.reference,
            booking.user.full_name if booking.user else "",
            booking.user.email if booking.user else "",
            booking.adults,
            booking.children,
            booking.children_ages,
            "Yes" if booking.carer else "No",
            booking.places,
            london_datetime(booking.arrived_at)
            if booking.arrived_at
            else ("No-show" if booking.no_show else ""),
        ]
        if include_needs:
            row += [
                "; ".join(ADJUSTMENT_LABELS.get(a, a) for a in booking.adjustments),
                booking.needs_note,
            ]
        rows.append(row)
    return rows


@bp.route("/sessions/<int:event_id>/export", methods=["GET", "POST"])
@recent_sign_in_required
def export_attendees(event_id: int):
    """Download the attendees of a session; access needs only with a reason, which is recorded."""
    event = db.get_or_404(Event, event_id)
    form = AttendeeExportForm()
    if form.validate_on_submit():
        include = bool(form.include_needs.data)
        summary = (
            "with access needs: " + (form.reason.data or "").strip()
            if include
            else "without access needs"
        )
        record(current_user, "attendees exported", "event", event.id, summary)
        db.session.commit()
        return csv_response(
            attendee_rows(event, include_needs=include), f"session-{event.id}-attendees.csv"
        )
    return render_template("staff/export.html", event=event, form=form)


@bp.route("/exports/sessions.csv")
@recent_sign_in_required
def export_sessions():
    """Every session's figures as a spreadsheet."""
    now = utcnow()
    rows = [
        [
            "Session",
            "Starts",
            "Status",
            "Audience",
            "Venue",
            "Capacity",
            "Places booked",
            "Waiting parties",
        ]
    ]
    for row in upcoming_with_figures(now=now, past=True, limit=10000) + upcoming_with_figures(
        now=now, limit=10000
    ):
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
    record(current_user, "session figures exported", "event", None, f"{len(rows) - 1} sessions")
    db.session.commit()
    return csv_response(rows, "sessions.csv")
