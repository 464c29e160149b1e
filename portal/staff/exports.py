"""Staff: CSV exports of a session's attendees and of every session's figures."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from portal.accounts.access import recent_sign_in_required
from portal.dates import utcnow
from portal.events.exports import attendees_for_export, figures_for_export
from portal.events.models import Event
from portal.events.register import NotALead
from portal.extensions import db
from portal.spreadsheets import csv_response
from portal.staff import bp
from portal.staff.forms.exports import AttendeeExportForm


@bp.route("/sessions/<int:event_id>/export", methods=["GET", "POST"])
@recent_sign_in_required
def export_attendees(event_id: int):
    """Download the attendees of a session; access needs only with a reason, which is recorded."""
    event = db.get_or_404(Event, event_id)
    form = AttendeeExportForm()
    if form.validate_on_submit():
        try:
            rows = attendees_for_export(
                event,
                include_needs=bool(form.include_needs.data),
                reason=form.reason.data or "",
                actor=current_user,
            )
        except NotALead as error:
            form.include_needs.errors.append(str(error))
        else:
            db.session.commit()
            return csv_response(rows, f"session-{event.id}-attendees.csv")
    return render_template("staff/export.html", event=event, form=form)


@bp.route("/exports/sessions.csv")
@recent_sign_in_required
def export_sessions():
    """Every session's figures as a spreadsheet."""
    rows = figures_for_export(actor=current_user, now=utcnow())
    db.session.commit()
    return csv_response(rows, "sessions.csv")
