"""Staff: review pledges (approve, ask for changes, decline), and businesses' changes to what
the public sees (approve, or send back)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.dates import utcnow
from portal.extensions import db
from portal.pledges.changes import approve_change, open_change, send_back_change
from portal.pledges.models import BusinessChange, Pledge
from portal.pledges.queries import changes_to_check, published_comment_count, review_queue
from portal.pledges.services import (
    NotEditable,
    NotReady,
    approve,
    decline,
    latest_approved,
    request_changes,
)
from portal.staff import bp
from portal.staff.forms.pledges import ChangeReviewForm, ReviewForm


@bp.route("/pledges")
def pledge_queue():
    """Pledges waiting for review, oldest first, and those sent back."""
    submitted, waiting_on_business = review_queue()
    return render_template(
        "staff/pledges.html",
        submitted=submitted,
        waiting_on_business=waiting_on_business,
        changes=changes_to_check(),
    )


@bp.route("/pledges/<int:pledge_id>", methods=["GET", "POST"])
def pledge_review(pledge_id: int):
    """Read a pledge and decide: approve, ask for changes, or decline."""
    pledge = db.get_or_404(Pledge, pledge_id)
    form = ReviewForm()
    if form.validate_on_submit():
        decision = request.form.get("decision")
        now = utcnow()
        try:
            if decision == "approve":
                approve(pledge, actor=current_user, now=now)
                done = "Approved: the business is in the directory for 12 months."
            elif decision == "changes":
                request_changes(
                    pledge, message=form.message.data or "", actor=current_user, now=now
                )
                done = "Sent back to the business with your message."
            elif decision == "decline":
                decline(pledge, reason=form.message.data or "", actor=current_user, now=now)
                done = "Declined. The business has been told why."
            else:
                abort(400)
        except NotReady as error:
            db.session.rollback()
            form.message.errors.append(str(error))
        except NotEditable as error:
            db.session.rollback()
            flash(str(error), "info")
            return redirect(url_for("staff.pledge_review", pledge_id=pledge.id))
        else:
            db.session.commit()
            flash(done, "success")
            return redirect(url_for("staff.pledge_queue"))
    return render_template(
        "staff/pledge.html",
        pledge=pledge,
        form=form,
        published=published_comment_count(pledge.business_id),
        change=open_change(pledge.business),
    )


@bp.route("/pledges/changes/<int:change_id>", methods=["GET", "POST"])
def change_review(change_id: int):
    """Compare a business's changes with what the public sees now; approve or send back."""
    change = db.get_or_404(BusinessChange, change_id)
    form = ChangeReviewForm()
    if form.validate_on_submit():
        decision = request.form.get("decision")
        now = utcnow()
        try:
            if decision == "approve":
                approve_change(change, actor=current_user, now=now)
                done = f"Approved: {change.business.name}'s page shows the changes now."
            elif decision == "send-back":
                send_back_change(
                    change, message=form.message.data or "", actor=current_user, now=now
                )
                done = "Sent back to the business with your message."
            else:
                abort(400)
        except NotReady as error:
            db.session.rollback()
            form.message.errors.append(str(error))
        except NotEditable as error:
            db.session.rollback()
            flash(str(error), "info")
            return redirect(url_for("staff.change_review", change_id=change.id))
        else:
            db.session.commit()
            flash(done, "success")
            return redirect(url_for("staff.pledge_queue"))
    return render_template(
        "staff/business_change.html",
        change=change,
        form=form,
        public=latest_approved(change.business) is not None,
    )
