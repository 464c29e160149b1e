"""Staff: every email the portal has queued, sent or failed to send, and sending one again."""

from flask import current_app, flash, redirect, render_template, request, url_for

from portal.extensions import db
from portal.forms import EmptyForm
from portal.htmx import render
from portal.outbox.models import OutboxMessage
from portal.outbox.queries import outbox_counts, outbox_page
from portal.outbox.services import NotFailed, send_again
from portal.staff import bp
from portal.staff.forms.outbox import OutboxFilterForm


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
    try:
        send_again(message)
    except NotFailed as error:
        flash(str(error), "info")
    else:
        db.session.commit()
        flash(f"The message to {message.recipient} will be sent again.", "success")
    return redirect(url_for("staff.outbox_message", message_id=message.id))
