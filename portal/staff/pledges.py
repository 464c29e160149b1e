"""Staff: review pledges (approve, ask for changes, decline) and moderate families' comments."""

from __future__ import annotations

import re

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from portal.audit.services import record
from portal.dates import utcnow
from portal.extensions import db
from portal.forms import EmptyForm
from portal.pledges.models import CommentStatus, Commitment, Pledge, PledgeStatus, VisitComment
from portal.pledges.services import (
    NotEditable,
    NotReady,
    approve,
    decline,
    moderate,
    request_changes,
)
from portal.staff import bp
from portal.staff.forms.pledges import CommitmentForm, ReviewForm


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
    published = db.session.scalar(
        select(func.count())
        .select_from(VisitComment)
        .where(
            VisitComment.business_id == pledge.business_id,
            VisitComment.status == CommentStatus.PUBLISHED,
        )
    )
    return render_template("staff/pledge.html", pledge=pledge, form=form, published=published)


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


@bp.route("/commitments")
def commitments_catalogue():
    """The commitments businesses can choose from."""
    items = db.session.scalars(select(Commitment).order_by(Commitment.position)).all()
    return render_template("staff/commitments.html", items=items)


@bp.route("/commitments/new", methods=["GET", "POST"])
@bp.route("/commitments/<int:commitment_id>", methods=["GET", "POST"])
def commitment(commitment_id: int | None = None):
    """Add a commitment, or change one (stopping offering it keeps existing pledges as they are)."""
    item = db.get_or_404(Commitment, commitment_id) if commitment_id else None
    form = CommitmentForm(obj=item)
    if form.validate_on_submit():
        if item is None:
            slug = re.sub(r"[^a-z0-9]+", "-", form.title.data.lower()).strip("-")[:60]
            if not slug:
                last_id = db.session.scalar(select(func.max(Commitment.id))) or 0
                slug = f"commitment-{last_id + 1}"
            if db.session.scalar(select(Commitment.id).where(Commitment.slug == slug)):
                form.title.errors.append("There is already a commitment with this title")
                return render_template("staff/commitment_form.html", form=form, item=item)
            last = db.session.scalar(select(func.max(Commitment.position))) or 0
            item = Commitment(slug=slug, kind="plain", position=last + 1)
            db.session.add(item)
        item.title = form.title.data.strip()
        item.description = form.description.data.strip()
        item.evidence = (form.evidence.data or "").strip()
        item.active = bool(form.active.data)
        db.session.flush()
        record(current_user, "commitment saved", "commitment", item.id, item.title)
        db.session.commit()
        flash("Commitment saved.", "success")
        return redirect(url_for("staff.commitments_catalogue"))
    if item is None and request.method == "GET":
        form.active.data = True
    return render_template("staff/commitment_form.html", form=form, item=item)
