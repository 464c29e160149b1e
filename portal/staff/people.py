"""Admins: find people, change their role, disable an account; read the audit log."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import or_, select

from portal.accounts.access import admin_required, recent_sign_in_required
from portal.accounts.models import User
from portal.audit.models import AuditEntry
from portal.audit.services import record
from portal.extensions import db
from portal.staff import bp
from portal.staff.forms.people import RoleForm


@bp.route("/people")
@admin_required
def people():
    """Find a person by name or email."""
    query_text = (request.args.get("q") or "").strip()
    results = []
    if query_text:
        pattern = f"%{query_text.lower()}%"
        results = db.session.scalars(
            select(User)
            .where(or_(User.email.like(pattern), db.func.lower(User.full_name).like(pattern)))
            .order_by(User.full_name)
            .limit(50)
        ).all()
    return render_template("staff/people.html", q=query_text, results=results)


@bp.route("/people/<int:user_id>", methods=["GET", "POST"])
@admin_required
@recent_sign_in_required
def person(user_id: int):
    """Change a person's role, or disable their account."""
    person = db.get_or_404(User, user_id)
    form = RoleForm(obj=person)
    if form.validate_on_submit():
        if person.id == current_user.id:
            flash("You cannot change your own role or disable yourself. Ask another admin.", "info")
            return redirect(url_for("staff.person", user_id=person.id))
        changes = []
        if form.role.data != person.role:
            changes.append(f"role {person.role} -> {form.role.data}")
            person.role = form.role.data
        if bool(form.disabled.data) != person.disabled:
            person.disabled = bool(form.disabled.data)
            changes.append("disabled" if person.disabled else "enabled")
            if person.disabled:
                person.end_all_sessions()
        if changes:
            record(current_user, "account changed", "user", person.id, ", ".join(changes))
            db.session.commit()
        flash("Saved.", "success")
        return redirect(url_for("staff.person", user_id=person.id))
    return render_template("staff/person.html", person=person, form=form)


@bp.route("/audit")
@admin_required
def audit():
    """Who did what, when, newest first."""
    page = max(request.args.get("page", 1, type=int), 1)
    entries = db.paginate(
        select(AuditEntry).order_by(AuditEntry.id.desc()), page=page, per_page=50, error_out=False
    )
    if page > 1 and not entries.items:
        abort(404)
    return render_template("staff/audit.html", entries=entries)
