"""Two-step sign-in: the code after the password, setting up an app, new recovery codes.

How it fits together is in sessions.py (the half-signed-in marker) and second_factor.py (the
rules). Staff and admins who are signed in without an app set up (a session from before they
were made staff) can reach nothing but the set-up page and signing out.
"""

from __future__ import annotations

from flask import Response, flash, make_response, redirect, render_template, request, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required

from portal.accounts import bp
from portal.accounts.access import recent_sign_in_required
from portal.accounts.forms import CodeForm, RecoveryCodeForm, SetUpAppForm
from portal.accounts.models import User
from portal.accounts.second_factor import (
    AlreadySetUp,
    CodeAccepted,
    CodeAlreadyUsed,
    NotSetUp,
    WrongCode,
    check_code,
    finish_set_up,
    make_new_recovery_codes,
    secret_in_groups,
    set_up_link,
    start_set_up,
)
from portal.accounts.sessions import (
    flash_codes_left,
    half_signed_in,
    half_signed_in_user_id,
    home_for,
    sign_in_now,
)
from portal.dates import utcnow
from portal.extensions import db, limiter
from portal.forms import EmptyForm
from portal.htmx import is_htmx
from portal.links import safe_next
from portal.qr import qr_svg

# What a member of staff without an app may still open while signed in.
OPEN_BEFORE_SET_UP = {"accounts.set_up_app", "accounts.sign_out", "static"}
EXPIRED = "It took too long, so you need to sign in again."


def _failed(response) -> bool:
    # Only attempts that did not get anyone in count against the limits.
    return response.status_code == 200


def _account_key() -> str:
    # Wrong codes for one account count together, however many browsers they come from.
    user_id = half_signed_in_user_id()
    if user_id is None and current_user.is_authenticated:
        user_id = current_user.id
    return f"account:{user_id}" if user_id is not None else f"address:{get_remote_address()}"


def _code_limits(view):
    view = limiter.shared_limit(
        "5 per 10 minutes",
        scope="sign-in-code",
        key_func=_account_key,
        methods=["POST"],
        deduct_when=_failed,
    )(view)
    return limiter.limit("10 per minute;60 per hour", methods=["POST"], deduct_when=_failed)(view)


@bp.before_app_request
def _staff_set_up_an_app_first():
    # Every staff page is behind this, the console's own guard and the pages outside it that
    # staff see more of (a family's booking, a business): no app, no staff powers.
    if (
        request.endpoint in OPEN_BEFORE_SET_UP
        or not current_user.is_authenticated
        or not current_user.needs_second_factor
        or current_user.has_second_factor
    ):
        return None
    target = url_for("accounts.set_up_app")
    if is_htmx():
        return Response(status=401, headers={"HX-Redirect": target})
    return redirect(target)


def _signed_in(user: User, marker: dict, accepted: CodeAccepted):
    how = "with a recovery code" if accepted.recovery else "with a code from their app"
    sign_in_now(user, remember=bool(marker.get("remember")), how=how)
    if marker.get("message"):
        flash(marker["message"], "success")
    if accepted.failed_attempts:
        times = "once" if accepted.failed_attempts == 1 else f"{accepted.failed_attempts} times"
        flash(
            f"A wrong code was entered {times} before you signed in. If that was not you, "
            "change your password and tell an admin.",
            "info",
        )
    if accepted.recovery:
        flash_codes_left(accepted.recovery_codes_left)
    return redirect(safe_next(marker.get("next")) or home_for(user))


def _enter(form, template: str):
    """The code page and the recovery code page: one code, after the password."""
    pending = half_signed_in()
    if pending is None:
        flash(EXPIRED, "info")
        return redirect(url_for("accounts.sign_in"))
    user, marker = pending
    if not user.has_second_factor:
        return redirect(url_for("accounts.set_up_app"))
    if form.validate_on_submit():
        try:
            accepted = check_code(user, form.code.data, now=utcnow())
        except (WrongCode, CodeAlreadyUsed) as error:
            db.session.commit()  # the wrong code is counted and in the audit log
            form.code.errors.append(str(error))
        else:
            return _signed_in(user, marker, accepted)
    return render_template(template, form=form)


@bp.route("/login/code", methods=["GET", "POST"], endpoint="enter_code")
@_code_limits
def enter_code_page():
    """After the password: the code from the person's authenticator app."""
    return _enter(CodeForm(), "accounts/enter_code.html")


@bp.route("/login/recovery-code", methods=["GET", "POST"], endpoint="enter_recovery_code")
@_code_limits
def enter_recovery_code_page():
    """After the password: a recovery code, for someone without their phone."""
    return _enter(RecoveryCodeForm(), "accounts/enter_recovery_code.html")


def _who_is_setting_up() -> tuple[User, dict] | None:
    pending = half_signed_in()
    if pending is not None:
        return pending
    if current_user.is_authenticated and current_user.needs_second_factor:
        return current_user._get_current_object(), {}
    return None


@bp.route("/login/set-up-app", methods=["GET", "POST"], endpoint="set_up_app")
@_code_limits
def set_up_app_page():
    """Staff and admins set up an authenticator app: scan, type a code, keep recovery codes."""
    setting_up = _who_is_setting_up()
    if setting_up is None:
        if current_user.is_authenticated:
            return redirect(url_for("accounts.account"))
        flash(EXPIRED, "info")
        return redirect(url_for("accounts.sign_in"))
    user, marker = setting_up
    now = utcnow()
    try:
        factor = start_set_up(user, now=now)
    except AlreadySetUp:
        if current_user.is_authenticated:
            return redirect(home_for(user))
        return redirect(url_for("accounts.enter_code"))
    db.session.commit()
    form = SetUpAppForm()
    if form.validate_on_submit():
        try:
            codes = finish_set_up(user, form.code.data, now=now)
        except WrongCode as error:
            form.code.errors.append(str(error))
        else:
            sign_in_now(
                user,
                remember=bool(marker.get("remember")),
                how="after setting up an authenticator app",
            )
            if marker.get("message"):
                flash(marker["message"], "success")
            destination = safe_next(marker.get("next")) or home_for(user)
            return _recovery_codes_page(codes, destination=destination, first_time=True)
    response = make_response(
        render_template(
            "accounts/set_up_app.html",
            form=form,
            qr_code=qr_svg(set_up_link(factor, user), title="QR code for your authenticator app"),
            key=secret_in_groups(factor.secret),
        )
    )
    # The key is on the page, and the person is not signed in yet (so not no-store already).
    response.headers["Cache-Control"] = "no-store"
    return response


def _recovery_codes_page(codes: list[str], *, destination: str, first_time: bool):
    response = make_response(
        render_template(
            "accounts/recovery_codes.html",
            codes=codes,
            destination=destination,
            first_time=first_time,
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/account/recovery-codes", methods=["GET", "POST"], endpoint="new_recovery_codes")
@login_required
@recent_sign_in_required
def new_recovery_codes_page():
    """Make ten new recovery codes (the old ones stop working)."""
    form = EmptyForm()
    if not current_user.has_second_factor:
        return redirect(url_for("accounts.account"))
    if form.validate_on_submit():
        try:
            codes = make_new_recovery_codes(current_user, now=utcnow())
        except NotSetUp:
            return redirect(url_for("accounts.account"))
        db.session.commit()
        return _recovery_codes_page(
            codes, destination=url_for("accounts.account"), first_time=False
        )
    return render_template("accounts/new_recovery_codes.html", form=form)
