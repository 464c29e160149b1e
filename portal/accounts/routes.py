"""Accounts: register, sign in and out, reset and change a password, see your account."""

import time

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from portal.accounts import bp
from portal.accounts.addresses import sign_up
from portal.accounts.first_password import (
    BadSetPasswordLink,
    create_first_password,
    read_set_password_link,
)
from portal.accounts.forms import (
    ChangePasswordForm,
    ConfirmPasswordForm,
    ConfirmWithCodeForm,
    CreatePasswordForm,
    RegisterForm,
    RequestResetForm,
    ResetPasswordForm,
    SignInForm,
)
from portal.accounts.registry import account_sections
from portal.accounts.second_factor import (
    CodeAlreadyUsed,
    WrongCode,
    check_code,
    recovery_codes_left,
)
from portal.accounts.services import (
    AccountError,
    BadResetLink,
    InvalidCredentials,
    WeakPassword,
    WrongPassword,
    authenticate,
    change_password,
    check_password_again,
    normalise_email,
    request_password_reset,
    reset_password,
    user_for_reset_token,
)
from portal.accounts.sessions import flash_codes_left, start_session
from portal.dates import utcnow
from portal.extensions import db, limiter
from portal.forms import EmptyForm
from portal.links import safe_next


def _email_key() -> str:
    # The same address however it is typed (case, spaces, Unicode forms) shares one count.
    typed = request.form.get("email", "")
    try:
        return "email:" + normalise_email(typed)
    except AccountError:
        return "email:" + typed.strip().lower()


def _failed(response) -> bool:
    # Only attempts that did not sign anyone in count against the limit.
    return response.status_code == 200


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
@limiter.limit("3 per hour", methods=["POST"], key_func=_email_key)
def register():
    """Create an account; the same answer whether or not the address has one already."""
    if current_user.is_authenticated:
        return redirect(url_for("accounts.account"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            sign_up(
                email=form.email.data,
                full_name=form.full_name.data,
                password=form.password.data,
                next_url=safe_next(request.args.get("next")),
            )
        except WeakPassword as error:
            form.password.errors.append(str(error))
        except AccountError as error:
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            return render_template("accounts/registered.html", email=form.email.data.strip())
    return render_template("accounts/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("8 per minute;40 per hour", methods=["POST"], deduct_when=_failed)
@limiter.limit("6 per 10 minutes", methods=["POST"], key_func=_email_key, deduct_when=_failed)
def sign_in():
    """Sign in with an email address and password."""
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")) or url_for("accounts.account"))
    form = SignInForm()
    if form.validate_on_submit():
        try:
            user = authenticate(form.email.data, form.password.data)
        except InvalidCredentials as error:
            db.session.commit()  # a wrong password for a staff account is in the audit log
            form.email.errors.append(str(error))
        else:
            return start_session(user, remember=form.remember.data)
    return render_template("accounts/sign_in.html", form=form)


@bp.route("/logout", methods=["GET", "POST"])
def sign_out():
    """Sign out everywhere (GET asks first, so a link cannot sign anyone out)."""
    form = EmptyForm()
    if not current_user.is_authenticated:
        return redirect(url_for("pages.home"))
    if form.validate_on_submit():
        current_user.end_all_sessions()
        db.session.commit()
        session.clear()
        logout_user()  # after clearing: it leaves a note in the session to delete remember-me
        flash("You have signed out.", "success")
        return redirect(url_for("pages.home"))
    return render_template("accounts/sign_out.html", form=form)


def _account_key() -> str:
    # Wrong passwords and codes for one account count together, from whichever browser.
    if current_user.is_authenticated:
        return f"account:{current_user.id}"
    return "address:" + (request.remote_addr or "")


@bp.route("/confirm-password", methods=["GET", "POST"])
@login_required
@limiter.limit("8 per minute", methods=["POST"], deduct_when=_failed)
@limiter.limit("10 per 10 minutes", methods=["POST"], key_func=_account_key, deduct_when=_failed)
def confirm_password():
    """Ask for the password again (and for staff, a code) before a sensitive action."""
    if current_user.needs_second_factor and not current_user.has_second_factor:
        return redirect(url_for("accounts.set_up_app"))
    with_code = current_user.has_second_factor
    form = ConfirmWithCodeForm() if with_code else ConfirmPasswordForm()
    if form.validate_on_submit():
        try:
            check_password_again(current_user, form.password.data, now=utcnow())
            accepted = check_code(current_user, form.code.data, now=utcnow()) if with_code else None
        except WrongPassword as error:
            db.session.commit()  # for staff, in the audit log
            form.password.errors.append(str(error))
        except (WrongCode, CodeAlreadyUsed) as error:
            db.session.commit()  # counted, and in the audit log
            form.code.errors.append(str(error))
        else:
            db.session.commit()
            if accepted is not None and accepted.recovery:
                flash_codes_left(accepted.recovery_codes_left)
            session["password_confirmed_at"] = time.time()
            return redirect(safe_next(request.args.get("next")) or url_for("accounts.account"))
    return render_template("accounts/confirm_password.html", form=form, with_code=with_code)


@bp.route("/account")
@login_required
def account():
    """Your account: your details and what you can do with them."""
    return render_template(
        "accounts/account.html",
        sign_out_form=EmptyForm(),
        confirm_form=EmptyForm(),
        sections=account_sections(current_user),
        recovery_codes_left=(
            recovery_codes_left(current_user) if current_user.has_second_factor else None
        ),
    )


@bp.route("/account/password", methods=["GET", "POST"], endpoint="change_password")
@login_required
def change_password_page():
    """Change your password; every other device is signed out."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            change_password(
                current_user,
                current_password=form.current_password.data,
                new_password=form.password.data,
            )
        except WrongPassword as error:
            form.current_password.errors.append(str(error))
        except WeakPassword as error:
            form.password.errors.append(str(error))
        else:
            db.session.commit()
            # The old session token is gone; sign this device back in with the new one.
            session.clear()
            login_user(current_user._get_current_object())
            flash("Your password has been changed. Other devices have been signed out.", "success")
            return redirect(url_for("accounts.account"))
    return render_template("accounts/change_password.html", form=form)


@bp.route("/password-reset", methods=["GET", "POST"], endpoint="request_password_reset")
@limiter.limit("5 per hour", methods=["POST"])
@limiter.limit("3 per hour", methods=["POST"], key_func=_email_key)
def request_password_reset_page():
    """Ask for a password reset link by email."""
    form = RequestResetForm()
    if form.validate_on_submit():
        request_password_reset(form.email.data)
        db.session.commit()
        return render_template("accounts/reset_sent.html", email=form.email.data)
    return render_template("accounts/request_reset.html", form=form)


@bp.route("/password-reset/<token>", methods=["GET", "POST"], endpoint="reset_password")
@limiter.limit("10 per hour", methods=["POST"])
def reset_password_page(token: str):
    """Choose a new password from the emailed link."""
    try:
        user_for_reset_token(token)
    except BadResetLink:
        return render_template("accounts/reset_link_bad.html"), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            reset_password(token, form.password.data)
        except WeakPassword as error:
            form.password.errors.append(str(error))
        else:
            db.session.commit()
            flash("Your password has been reset. Sign in with your new password.", "success")
            return redirect(url_for("accounts.sign_in"))
    return render_template("accounts/reset_password.html", form=form)


@bp.route("/account/create-password/<token>", methods=["GET", "POST"], endpoint="create_password")
@limiter.limit("10 per hour", methods=["POST"])
def create_password_page(token: str):
    """Create a first password from the link in a booking email (an account staff made when
    they booked by phone); it confirms the email address and signs the person in."""
    try:
        link = read_set_password_link(token)
    except BadSetPasswordLink:
        return render_template("accounts/create_password_link_bad.html"), 400
    form = CreatePasswordForm()
    if form.validate_on_submit():
        try:
            create_first_password(token, form.password.data, now=utcnow())
        except WeakPassword as error:
            form.password.errors.append(str(error))
        else:
            db.session.commit()
            return start_session(
                link.user,
                message="Your password is created and your email address is confirmed.",
                next_url=link.next_url,
            )
    return render_template("accounts/create_password.html", form=form, person=link.user)
