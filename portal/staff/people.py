"""Admins: find people, change their role, disable an account."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.accounts.access import admin_required, recent_sign_in_required
from portal.accounts.models import User
from portal.accounts.queries import find_people
from portal.accounts.services import OwnAccount, change_account
from portal.extensions import db
from portal.staff import bp
from portal.staff.forms.people import RoleForm


@bp.route("/people")
@admin_required
def people():
    """Find a person by name or email."""
    query_text = (request.args.get("q") or "").strip()
    return render_template("staff/people.html", q=query_text, results=find_people(query_text))


@bp.route("/people/<int:user_id>", methods=["GET", "POST"])
@admin_required
@recent_sign_in_required
def person(user_id: int):
    """Change a person's role, or disable their account."""
    person = db.get_or_404(User, user_id)
    form = RoleForm(obj=person)
    if form.validate_on_submit():
        try:
            change_account(
                person, role=form.role.data, disabled=bool(form.disabled.data), actor=current_user
            )
        except OwnAccount as error:
            flash(str(error), "info")
        else:
            db.session.commit()
            flash("Saved.", "success")
        return redirect(url_for("staff.person", user_id=person.id))
    return render_template("staff/person.html", person=person, form=form)
