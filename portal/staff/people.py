"""Admins: find people, change their role, disable an account; answer a person who asks by
phone or letter for their data (a subject access request) or for their account to be erased."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.accounts.access import admin_required, recent_sign_in_required
from portal.accounts.data_rights import (
    erase_account_for,
    part_titles,
    subject_access_export,
)
from portal.accounts.data_routes import data_file_response, data_filename
from portal.accounts.models import User
from portal.accounts.queries import find_people
from portal.accounts.second_factor import NotSetUp, reset_second_factor
from portal.accounts.services import AccountError, OwnAccount, change_account
from portal.dates import utcnow
from portal.extensions import db
from portal.staff import bp
from portal.staff.forms.people import (
    EraseAccountForm,
    ResetSecondFactorForm,
    RoleForm,
    SubjectAccessForm,
)


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
    if person.is_erased:
        if request.method == "POST":
            flash("This account has been erased, so it cannot be changed.", "info")
            return redirect(url_for("staff.person", user_id=person.id))
        return render_template("staff/person.html", person=person, form=None)
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


def _not_erased(user_id: int) -> User:
    person = db.get_or_404(User, user_id)
    if person.is_erased:
        abort(404)
    return person


@bp.route("/people/<int:user_id>/data", methods=["GET", "POST"])
@admin_required
@recent_sign_in_required
def person_data(user_id: int):
    """Download a person's data for them, saying why (recorded in the audit log)."""
    person = _not_erased(user_id)
    form = SubjectAccessForm()
    if form.validate_on_submit():
        try:
            data = subject_access_export(
                person, actor=current_user, reason=form.reason.data, now=utcnow()
            )
        except AccountError as error:
            form.reason.errors.append(str(error))
        else:
            db.session.commit()
            if form.format.data == "file":
                return data_file_response(data, data_filename(data))
            return render_template(
                "staff/person_data_page.html", person=person, data=data, titles=part_titles()
            )
    return render_template("staff/person_data.html", person=person, form=form)


@bp.route("/people/<int:user_id>/erase", methods=["GET", "POST"])
@admin_required
@recent_sign_in_required
def erase_person(user_id: int):
    """Erase a person's account for them, saying why (recorded in the audit log)."""
    person = _not_erased(user_id)
    form = EraseAccountForm()
    if form.validate_on_submit():
        try:
            erase_account_for(person, actor=current_user, reason=form.reason.data, now=utcnow())
        except AccountError as error:
            db.session.rollback()
            form.reason.errors.append(str(error))
        else:
            db.session.commit()
            flash(
                f"Account {person.id} has been erased. Their future bookings were cancelled.",
                "success",
            )
            return redirect(url_for("staff.people"))
    return render_template("staff/person_erase.html", person=person, form=form)


@bp.route("/people/<int:user_id>/two-step", methods=["GET", "POST"])
@admin_required
@recent_sign_in_required
def reset_two_step(user_id: int):
    """Reset a person's two-step sign-in (a lost phone), once the admin has checked who asked."""
    person = _not_erased(user_id)
    if person.id == current_user.id or person.second_factor is None:
        # Nothing to reset, or their own: the person page says why.
        return redirect(url_for("staff.person", user_id=person.id))
    form = ResetSecondFactorForm()
    if form.validate_on_submit():
        try:
            reset_second_factor(person, actor=current_user, now=utcnow())
        except (OwnAccount, NotSetUp) as error:
            flash(str(error), "info")
        else:
            db.session.commit()
            flash(
                f"{person.full_name}'s two-step sign-in has been reset. They have been signed "
                "out, and will set up an authenticator app the next time they sign in.",
                "success",
            )
        return redirect(url_for("staff.person", user_id=person.id))
    return render_template("staff/person_two_step.html", person=person, form=form)
