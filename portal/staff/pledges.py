"""Staff: review pledges (approve, ask for changes, decline) and moderate families' comments."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from portal.dates import utcnow
from portal.extensions import db
from portal.forms import EmptyForm
from portal.pledges.forms import ReviewForm
from portal.pledges.models import CommentStatus, Pledge, PledgeStatus, VisitComment
from portal.pledges.services import (
    NotEditable,
    NotReady,
    approve,
    decline,
    moderate,
    request_changes,
)
from portal.staff import bp


@bp.route("/pledges")
def pledge_queue():
    """Pledges waiting for review, oldest first, and those sent back."""
    submitted = db.session.scalars(
        select(Pledge).where(Pledge.status == PledgeStatus.SUBMITTED).order_by(Pledge.submitted_at)
    ).all()
    waiting_on_business = db.session.scalars(
        select(Pledge).where(Pledge.status == PledgeStatus.CHANGES_REQUESTED).order_by(Pledge.id)
    ).all()
    return render_template(
        "staff/pledges.html", submitted=submitted, waiting_on_business=waiting_on_business
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
    return render_template("staff/pledge.html", pledge=pledge, form=form)


@bp.route("/comments")
def comments():
    """Families' comments waiting to be read before they are shown."""
    pending = db.session.scalars(
        select(VisitComment)
        .where(VisitComment.status == CommentStatus.PENDING)
        .order_by(VisitComment.id)
    ).all()
    return render_template("staff/comments.html", pending=pending, form=EmptyForm())


@bp.route("/comments/<int:comment_id>", methods=["POST"])
def moderate_comment(comment_id: int):
    """Publish a comment on the business's page, or reject it."""
    comment = db.get_or_404(VisitComment, comment_id)
    action = request.form.get("action")
    if action not in ("publish", "reject"):
        abort(400)
    moderate(comment, publish=action == "publish", actor=current_user, now=utcnow())
    db.session.commit()
    flash("Comment published." if action == "publish" else "Comment rejected.", "success")
    return redirect(url_for("staff.comments"))
