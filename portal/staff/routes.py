"""The staff console: the dashboard and the mail outbox."""

from flask import current_app, flash, redirect, render_template, request, url_for

from portal.dates import utcnow
from portal.extensions import db
from portal.forms import EmptyForm
from portal.htmx import render
from portal.library.queries import due_for_review
from portal.outbox.models import OutboxMessage, OutboxStatus
from portal.outbox.queries import outbox_counts, outbox_page
from portal.outbox.services import send_again
from portal.staff import bp
from portal.staff.figures import (
    attendance_by_month,
    bookings_per_week,
    comments_waiting,
    feedback_by_session,
    pledges_waiting,
    upcoming_with_figures,
)
from portal.staff.forms.outbox import OutboxFilterForm


@bp.route("")
def dashboard():
    """Upcoming sessions, bookings and attendance over the year, and feedback."""
    now = utcnow()
    weeks = bookings_per_week(now=now)
    return render_template(
        "staff/dashboard.html",
        counts=outbox_counts(),
        upcoming=upcoming_with_figures(now=now, limit=8),
        weeks=weeks,
        busiest=max((w.bookings for w in weeks), default=0),
        months=attendance_by_month(now=now),
        feedback=feedback_by_session(),
        pledges_waiting=pledges_waiting(),
        comments_waiting=comments_waiting(),
        library_due=len(due_for_review(today=now.date())),
    )


@bp.route("/outbox")
def outbox():
    """Every email the portal has queued, sent or failed to send."""
    form = OutboxFilterForm(request.args)
    if not form.validate():  # an unknown status in the address: show everything
        form = OutboxFilterForm()
    status = form.status.data or ""
    page = request.args.get("page", 1, type=int)
    return render(
        "staff/outbox.html",
        block="results",
        form=form,
        messages=outbox_page(status=status, page=max(page, 1)),
        status=status,
        counts=outbox_counts(),
        mail_configured=bool(current_app.config["MAIL_SERVER"]),
    )


@bp.route("/outbox/<int:message_id>")
def outbox_message(message_id: int):
    """One email. Its text is shown only in development, where it was never sent anywhere."""
    message = db.get_or_404(OutboxMessage, message_id)
    return render_template(
        "staff/outbox_message.html",
        message=message,
        show_body=current_app.config["PORTAL_ENV"] == "development",
        form=EmptyForm(),
    )


@bp.route("/outbox/<int:message_id>/send-again", methods=["POST"])
def outbox_send_again(message_id: int):
    """Put a failed email back in the queue."""
    message = db.get_or_404(OutboxMessage, message_id)
    if message.status != OutboxStatus.FAILED:
        flash("Only a message that failed can be sent again.", "info")
    else:
        send_again(message)
        db.session.commit()
        flash(f"The message to {message.recipient} will be sent again.", "success")
    return redirect(url_for("staff.outbox_message", message_id=message.id))
