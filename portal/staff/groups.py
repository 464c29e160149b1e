"""Staff: every peer support group and what it has been doing, its leads, hiding a group or
an update, and the concerns people report (safeguarding)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.accounts.services import find_user_by_email
from portal.dates import utcnow
from portal.extensions import db
from portal.forms import EmptyForm
from portal.groups.forms import GroupForm, HideForm, LeadForm
from portal.groups.manage import group_details
from portal.groups.models import ConcernReport, Group, GroupLead, GroupUpdate
from portal.groups.queries import concerns, every_groups_activity, group_updates, live_meetups
from portal.groups.services import (
    NotALead,
    appoint_lead,
    create_group,
    hide_group,
    hide_update,
    remove_lead,
    resolve_concern,
    show_group,
    show_update,
)
from portal.staff import bp


def _group(group_id: int) -> Group:
    group = db.session.get(Group, group_id)
    if group is None:
        abort(404)
    return group


@bp.route("/groups")
def groups():
    """Every group, hidden ones too, with its followers, updates, meet-ups and concerns."""
    return render_template(
        "staff/groups.html", rows=every_groups_activity(), open_concerns=len(concerns())
    )


@bp.route("/groups/new", methods=["GET", "POST"])
def new_group():
    """Add a group; then name its leads."""
    form = GroupForm()
    if form.validate_on_submit():
        group = create_group(group_details(form), actor=current_user, now=utcnow())
        db.session.commit()
        flash("Group added. Now choose its leads.", "success")
        return redirect(url_for("staff.group", group_id=group.id))
    return render_template("staff/group_new.html", form=form)


def _group_page(group: Group, *, lead_form=None, hide_form=None, status: int = 200):
    return (
        render_template(
            "staff/group.html",
            group=group,
            lead_form=lead_form or LeadForm(),
            hide_form=hide_form or HideForm(),
            button=EmptyForm(),
            updates=group_updates(group, include_hidden=True, limit=50),
            meetups=live_meetups(group),
        ),
        status,
    )


@bp.route("/groups/<int:group_id>")
def group(group_id: int):
    """One group: its leads, hiding it, its updates."""
    return _group_page(_group(group_id))


@bp.route("/groups/<int:group_id>/leads", methods=["POST"])
def add_lead(group_id: int):
    """Make a parent's account a lead of this group."""
    group = _group(group_id)
    form = LeadForm()
    if form.validate_on_submit():
        person = find_user_by_email(form.email.data)
        if person is None:
            form.email.errors = ["There is no account with that email address"]
        else:
            try:
                appoint_lead(group, person, actor=current_user, now=utcnow())
            except NotALead as error:
                form.email.errors = [str(error)]
            else:
                db.session.commit()
                flash(f"{person.full_name} now leads {group.name}.", "success")
                return redirect(url_for("staff.group", group_id=group.id))
    return _group_page(group, lead_form=form)


@bp.route("/groups/<int:group_id>/leads/<int:lead_id>/remove", methods=["POST"])
def remove_group_lead(group_id: int, lead_id: int):
    """Take the lead role away."""
    group = _group(group_id)
    lead = db.session.get(GroupLead, lead_id)
    if lead is None or lead.group_id != group.id or not EmptyForm().validate_on_submit():
        abort(404)
    name = lead.user.full_name
    remove_lead(group, lead, actor=current_user, now=utcnow())
    db.session.commit()
    flash(f"{name} no longer leads {group.name}.", "success")
    return redirect(url_for("staff.group", group_id=group.id))


@bp.route("/groups/<int:group_id>/hide", methods=["POST"])
def hide(group_id: int):
    """Hide the group from every public page and feed."""
    group = _group(group_id)
    form = HideForm()
    if not form.validate_on_submit():
        return _group_page(group, hide_form=form)
    taken_off = hide_group(group, reason=form.reason.data or "", actor=current_user, now=utcnow())
    db.session.commit()
    message = f"{group.name} is hidden."
    if taken_off:
        message += (
            f" {taken_off} bookable {'date is' if taken_off == 1 else 'dates are'} off the "
            "sessions list and take no more bookings. Families already booked keep their "
            "places: cancel a date from Sessions if it should not go ahead."
        )
    flash(message, "success")
    return redirect(url_for("staff.group", group_id=group.id))


@bp.route("/groups/<int:group_id>/show", methods=["POST"])
def unhide(group_id: int):
    """Show a hidden group again."""
    group = _group(group_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    show_group(group, actor=current_user, now=utcnow())
    db.session.commit()
    flash(f"{group.name} is shown again.", "success")
    return redirect(url_for("staff.group", group_id=group.id))


def _change_update(update_id: int, change, done: str):
    item = db.session.get(GroupUpdate, update_id)
    if item is None or not EmptyForm().validate_on_submit():
        abort(404)
    change(item, actor=current_user, now=utcnow())
    db.session.commit()
    flash(f"The update is {done}.", "success")
    return redirect(url_for("staff.group", group_id=item.group_id))


@bp.route("/groups/updates/<int:update_id>/hide", methods=["POST"])
def hide_group_update(update_id: int):
    """Hide an update from the group's page and feed."""
    return _change_update(update_id, hide_update, "hidden")


@bp.route("/groups/updates/<int:update_id>/show", methods=["POST"])
def show_group_update(update_id: int):
    """Show a hidden update again."""
    return _change_update(update_id, show_update, "shown again")


@bp.route("/groups/concerns")
def group_concerns():
    """Concerns people reported about groups and updates, newest first."""
    response = render_template(
        "staff/group_concerns.html",
        open_reports=concerns(),
        button=EmptyForm(),
    )
    return response, 200, {"Cache-Control": "no-store"}


@bp.route("/groups/concerns/<int:report_id>/close", methods=["POST"])
def close_concern(report_id: int):
    """Mark a concern as dealt with."""
    report = db.session.get(ConcernReport, report_id)
    if report is None or not EmptyForm().validate_on_submit():
        abort(404)
    resolve_concern(report, actor=current_user, now=utcnow())
    db.session.commit()
    flash("The concern is marked as dealt with.", "success")
    return redirect(url_for("staff.group_concerns"))
