"""Your data: see it on a page, download it as a file, or delete your account."""

from __future__ import annotations

from datetime import datetime

from flask import Response, redirect, render_template, session, url_for
from flask_login import current_user, login_required, logout_user

from portal.accounts import bp
from portal.accounts.access import recent_sign_in_required
from portal.accounts.data_forms import DeleteAccountForm
from portal.accounts.data_rights import (
    as_json,
    erase_account,
    export_data,
    part_titles,
)
from portal.accounts.passwords import verify_password
from portal.accounts.services import AccountError
from portal.dates import london_date, london_datetime, utcnow
from portal.extensions import db, limiter

DELETED_FLAG = "account_deleted"


def data_file_response(data: dict, filename: str) -> Response:
    """A person's data as a JSON download, never kept in a cache."""
    return Response(
        as_json(data),
        mimetype="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


def data_filename(data: dict) -> str:
    return f"bromley-autism-portal-data-{data['made_at']:%Y-%m-%d}.json"


def _failed(response) -> bool:
    # Only a refused password counts against the limit.
    return response.status_code == 200


@bp.route("/account/your-data")
@login_required
@recent_sign_in_required
def your_data():
    """Everything we hold about you, on a page you can read and print."""
    data = export_data(current_user, now=utcnow())
    return render_template(
        "accounts/your_data.html",
        data=data,
        titles=part_titles(),
        filename=data_filename(data),
    )


@bp.route("/account/your-data.json")
@login_required
@recent_sign_in_required
def your_data_file():
    """Everything we hold about you, as a file (JSON)."""
    data = export_data(current_user, now=utcnow())
    return data_file_response(data, data_filename(data))


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
@limiter.limit("8 per minute", methods=["POST"], deduct_when=_failed)
def delete_account():
    """Delete your account: say what happens, ask for the password, then erase and sign out."""
    form = DeleteAccountForm()
    if form.validate_on_submit():
        person = current_user._get_current_object()
        if not verify_password(person.password_hash, form.password.data):
            form.password.errors.append("Your password is not right")
        else:
            try:
                erase_account(person, actor=person, reason="deleted by the person", now=utcnow())
            except AccountError as error:
                db.session.rollback()
                form.password.errors.append(str(error))
            else:
                db.session.commit()
                session.clear()
                logout_user()
                session[DELETED_FLAG] = london_date(utcnow())
                return redirect(url_for("accounts.account_deleted"))
    return render_template("accounts/delete_account.html", form=form)


@bp.route("/account/deleted")
def account_deleted():
    """Your account has been deleted (shown once, straight after deleting it)."""
    deleted_on = session.pop(DELETED_FLAG, None)
    if deleted_on is None:
        return redirect(url_for("pages.home"))
    return render_template("accounts/account_deleted.html", deleted_on=deleted_on)


@bp.app_template_filter("readable")
def readable(value) -> str | list[str]:
    """A value of a person's data as the page shows it: dates in London time, yes or no, and
    "None" for an empty answer; a list stays a list (of text)."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return london_datetime(value)
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value] or "None"
    if value is None or value == "":
        return "None"
    return str(value)
