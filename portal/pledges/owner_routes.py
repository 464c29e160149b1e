"""Who manages a business: invite a colleague, answer an invitation, remove someone, leave."""

from datetime import timedelta

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal.dates import utcnow
from portal.extensions import db, limiter
from portal.forms import EmptyForm
from portal.pledges import bp
from portal.pledges.business_routes import _own_business
from portal.pledges.forms import InviteForm
from portal.pledges.models import BusinessInvitation
from portal.pledges.owners import (
    BadInvitation,
    InvalidAddress,
    LastOwner,
    NotAnOwner,
    TooManyInvitations,
    accept_invitation,
    cancel_invitation,
    decline_invitation,
    invitation_for,
    invite_colleague,
    remove_owner,
)

# The link holds the only proof of the invitation: keep its pages out of every cache.
NO_STORE = {"Cache-Control": "no-store"}


def _business_key() -> str:
    return "invite-business:" + (request.view_args or {}).get("slug", "")


def _person_key() -> str:
    return f"invite-person:{current_user.get_id() if current_user.is_authenticated else ''}"


def _sent(response) -> bool:
    # Only invitations actually sent count: a refused form, or a business that is not yours
    # (a 404), must not use up the business's allowance.
    return response.status_code == 200


@bp.route("/business/<slug>/invite", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per hour", methods=["POST"], key_func=_business_key, deduct_when=_sent)
@limiter.limit("10 per hour", methods=["POST"], key_func=_person_key, deduct_when=_sent)
def invite(slug: str):
    """Invite a colleague to help manage the business."""
    business = _own_business(slug)
    form = InviteForm()
    if form.validate_on_submit():
        try:
            invite_colleague(
                business,
                email=form.email.data,
                invited_by=current_user,
                now=utcnow(),
                lifetime=timedelta(days=current_app.config["BUSINESS_INVITATION_DAYS"]),
            )
        except (InvalidAddress, TooManyInvitations) as error:
            db.session.rollback()
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            return render_template(
                "pledges/invitation_sent.html",
                business=business,
                email=form.email.data,
                days=current_app.config["BUSINESS_INVITATION_DAYS"],
            )
    status = 400 if form.errors else 200
    return render_template("pledges/invite.html", business=business, form=form), status


@bp.route("/business/<slug>/invitations/<int:invitation_id>/cancel", methods=["POST"])
@login_required
def cancel_invite(slug: str, invitation_id: int):
    """Cancel an invitation nobody has answered yet."""
    business = _own_business(slug)
    invitation = db.session.get(BusinessInvitation, invitation_id)
    now = utcnow()
    if invitation is None or invitation.business_id != business.id or not invitation.is_open(now):
        abort(404)
    if EmptyForm().validate_on_submit():
        email = invitation.email
        cancel_invitation(invitation, actor=current_user, now=now)
        db.session.commit()
        flash(f"Invitation to {email} cancelled. The link in it no longer works.", "success")
    return redirect(url_for("pledges.manage", slug=business.slug))


@bp.route("/business/<slug>/owners/<int:user_id>/remove", methods=["GET", "POST"])
@login_required
def remove_colleague(slug: str, user_id: int):
    """Check, then stop a colleague managing the business."""
    business = _own_business(slug)
    person = next((owner for owner in business.owners if owner.id == user_id), None)
    if person is None:
        abort(404)
    if person.id == current_user.id:
        return redirect(url_for("pledges.leave", slug=business.slug))
    form = EmptyForm()
    message = None
    if form.validate_on_submit():
        try:
            remove_owner(business, person, actor=current_user, now=utcnow())
        except (LastOwner, NotAnOwner) as error:
            db.session.rollback()
            message = str(error)
        else:
            db.session.commit()
            flash(f"{person.full_name} can no longer manage {business.name}.", "success")
            return redirect(url_for("pledges.manage", slug=business.slug))
    return render_template(
        "pledges/remove_owner.html", business=business, person=person, form=form, message=message
    ), (409 if message else 200)


@bp.route("/business/<slug>/leave", methods=["GET", "POST"])
@login_required
def leave(slug: str):
    """Check, then stop managing the business yourself."""
    business = _own_business(slug)
    if current_user not in business.owners:
        abort(404)
    form = EmptyForm()
    last = len(business.owners) == 1
    message = None
    if form.validate_on_submit():
        try:
            remove_owner(business, current_user, actor=current_user, now=utcnow())
        except (LastOwner, NotAnOwner) as error:
            db.session.rollback()
            message = str(error)
        else:
            db.session.commit()
            flash(f"You no longer manage {business.name}.", "success")
            return redirect(url_for("pledges.mine"))
    return render_template(
        "pledges/leave.html", business=business, form=form, last=last, message=message
    ), (409 if message else 200)


def _bad_link():
    return render_template("pledges/invitation_bad.html"), 404, NO_STORE


@bp.route("/business-invitation/<token>")
def invitation(token: str):
    """An invitation to help manage a business: accept or decline."""
    try:
        found = invitation_for(token, now=utcnow())
    except BadInvitation:
        return _bad_link()
    return (
        render_template("pledges/invitation.html", invitation=found, token=token, form=EmptyForm()),
        200,
        NO_STORE,
    )


@bp.route("/business-invitation/<token>/accept", methods=["POST"])
def accept_invite(token: str):
    """Accept: you can then manage the business. You need to be signed in."""
    try:
        found = invitation_for(token, now=utcnow())
    except BadInvitation:
        return _bad_link()
    if not current_user.is_authenticated:
        flash("Sign in, or create an account, to accept the invitation.", "info")
        return redirect(
            url_for("accounts.sign_in", next=url_for("pledges.invitation", token=token))
        )
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("pledges.invitation", token=token))
    business = found.business
    try:
        joined = accept_invitation(found, current_user, now=utcnow())
    except BadInvitation:
        db.session.rollback()
        return _bad_link()
    db.session.commit()
    flash(
        f"You can now help manage {business.name}."
        if joined
        else f"You already help manage {business.name}.",
        "success",
    )
    return redirect(url_for("pledges.manage", slug=business.slug))


@bp.route("/business-invitation/<token>/decline", methods=["POST"])
def decline_invite(token: str):
    """Decline: nothing changes, and the link stops working. No need to sign in."""
    try:
        found = invitation_for(token, now=utcnow())
    except BadInvitation:
        return _bad_link()
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("pledges.invitation", token=token))
    business = found.business
    try:
        decline_invitation(found, now=utcnow())
    except BadInvitation:
        db.session.rollback()
        return _bad_link()
    db.session.commit()
    return render_template("pledges/invitation_declined.html", business=business), 200, NO_STORE
