"""Your name and email address: confirm the address, change either, send the link again."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal.accounts import bp
from portal.accounts.addresses import (
    BadEmailLink,
    EmailTaken,
    change_email,
    confirm_email,
    request_email_change,
    send_confirmation_link,
)
from portal.accounts.forms import ChangeEmailForm, ChangeNameForm
from portal.accounts.services import AccountError, WrongPassword, change_name
from portal.accounts.sessions import start_session
from portal.dates import utcnow
from portal.extensions import db, limiter
from portal.forms import EmptyForm
from portal.links import safe_next


@bp.route("/account/confirm-email/<token>", endpoint="confirm_email")
def confirm_email_page(token: str):
    """The link in the email we send at registration: confirms the address."""
    try:
        confirmed = confirm_email(token, now=utcnow())
    except BadEmailLink:
        return render_template("accounts/email_link_bad.html"), 400
    db.session.commit()
    person = confirmed.user
    if current_user.is_authenticated:
        if current_user.id == person.id:
            flash("Your email address is confirmed. You can now book sessions.", "success")
            return redirect(confirmed.next_url or url_for("accounts.account"))
        return render_template("accounts/email_confirmed.html", email=person.email)
    if confirmed.newly:
        # The first opening of the link is proof enough to sign in to a brand-new account.
        return start_session(
            person,
            message="Your email address is confirmed. You can now book sessions.",
            next_url=confirmed.next_url,
        )
    flash("Your email address is already confirmed. Sign in to carry on.", "info")
    return redirect(url_for("accounts.sign_in", next=confirmed.next_url))


@bp.route("/account/confirm-email", methods=["POST"])
@login_required
@limiter.limit("3 per hour", methods=["POST"])
def resend_confirmation():
    """Send the confirmation link again, to come back to the page the person was on."""
    form = EmptyForm()
    back = safe_next(request.args.get("next")) or url_for("accounts.account")
    if form.validate_on_submit() and not current_user.email_confirmed:
        send_confirmation_link(current_user, next_url=back)
        db.session.commit()
        flash(f"We have sent a new link to {current_user.email}. Check your email.", "success")
    return redirect(back)


@bp.route("/account/name", methods=["GET", "POST"])
@login_required
def change_name_page():
    """Change the name we use for you."""
    form = ChangeNameForm(data={"full_name": current_user.full_name})
    if form.validate_on_submit():
        try:
            change_name(current_user, form.full_name.data)
        except AccountError as error:
            form.full_name.errors.append(str(error))
        else:
            db.session.commit()
            flash("Your name has been changed.", "success")
            return redirect(url_for("accounts.account"))
    return render_template("accounts/change_name.html", form=form)


@bp.route("/account/email", methods=["GET", "POST"])
@login_required
@limiter.limit("5 per hour", methods=["POST"])
def change_email_page():
    """Ask to use a new address: it takes effect when the link sent there is opened."""
    form = ChangeEmailForm()
    if form.validate_on_submit():
        try:
            new_email = request_email_change(
                current_user, new_email=form.email.data, password=form.password.data
            )
        except WrongPassword as error:
            form.password.errors.append(str(error))
        except AccountError as error:
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            return render_template("accounts/change_email_sent.html", email=new_email)
    return render_template("accounts/change_email.html", form=form)


@bp.route("/account/email/<token>")
def change_email_confirm(token: str):
    """The link sent to the new address: moves the account there."""
    try:
        person = change_email(token, now=utcnow())
    except BadEmailLink:
        return render_template("accounts/email_link_bad.html"), 400
    except EmailTaken as error:
        return render_template("accounts/email_taken.html", message=str(error)), 409
    db.session.commit()
    if current_user.is_authenticated and current_user.id == person.id:
        flash(f"Your email address is now {person.email}.", "success")
        return redirect(url_for("accounts.account"))
    flash(f"Your email address is now {person.email}. Sign in with it.", "success")
    return redirect(url_for("accounts.sign_in"))
