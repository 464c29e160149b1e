"""Staff: the help directory's services, publishing, reviews and archiving."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.dates import utcnow
from portal.extensions import db
from portal.forms import EmptyForm
from portal.help.forms import ServiceForm
from portal.help.models import HelpService
from portal.help.queries import all_services, due_for_review
from portal.help.services import HelpError, archive, mark_reviewed, publish, save_service
from portal.staff import bp

DONE = {"publish": "Published.", "reviewed": "Marked as reviewed.", "archive": "Archived."}


@bp.route("/help")
def help_services():
    """Every service in the help directory, and those due for review."""
    return render_template(
        "staff/help.html", services=all_services(), due=due_for_review(today=utcnow().date())
    )


@bp.route("/help/new", methods=["GET", "POST"])
@bp.route("/help/<int:service_id>", methods=["GET", "POST"])
def help_service(service_id: int | None = None):
    """Create or change a service; publish, review or archive it."""
    service = db.get_or_404(HelpService, service_id) if service_id else None
    form = ServiceForm(obj=service)
    if form.validate_on_submit():
        service = save_service(service, actor=current_user, now=utcnow(), **form.service_fields())
        db.session.commit()
        flash("Saved.", "success")
        return redirect(url_for("staff.help_service", service_id=service.id))
    return render_template(
        "staff/help_service.html", service=service, form=form, action_form=EmptyForm()
    ), (400 if form.errors else 200)


@bp.route("/help/<int:service_id>/<action>", methods=["POST"])
def help_service_action(service_id: int, action: str):
    """Publish, mark reviewed, or archive."""
    service = db.get_or_404(HelpService, service_id)
    form = EmptyForm()
    if action not in DONE or not form.validate_on_submit():
        return redirect(url_for("staff.help_service", service_id=service.id))
    note = (request.form.get("note") or "").strip()[:2000]
    now = utcnow()
    try:
        if action == "publish":
            publish(service, actor=current_user, now=now)
        elif action == "reviewed":
            mark_reviewed(service, note=note, actor=current_user, now=now)
        else:
            archive(service, note=note, actor=current_user, now=now)
    except HelpError as error:
        db.session.rollback()
        flash(str(error), "info")
    else:
        db.session.commit()
        flash(DONE[action], "success")
    return redirect(url_for("staff.help_service", service_id=service.id))
