"""Staff: keep the catalogue of commitments businesses choose from."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.extensions import db
from portal.pledges.catalogue import CommitmentTitleTaken, save_commitment
from portal.pledges.models import Commitment
from portal.pledges.queries import all_commitments
from portal.staff import bp
from portal.staff.forms.pledges import CommitmentForm


@bp.route("/commitments")
def commitments_catalogue():
    """The commitments businesses can choose from."""
    return render_template("staff/commitments.html", items=all_commitments())


@bp.route("/commitments/new", methods=["GET", "POST"])
@bp.route("/commitments/<int:commitment_id>", methods=["GET", "POST"])
def commitment(commitment_id: int | None = None):
    """Add a commitment, or change one (stopping offering it keeps existing pledges as they are)."""
    item = db.get_or_404(Commitment, commitment_id) if commitment_id else None
    form = CommitmentForm(obj=item)
    if form.validate_on_submit():
        try:
            save_commitment(
                item,
                title=form.title.data,
                description=form.description.data,
                evidence=form.evidence.data or "",
                active=bool(form.active.data),
                actor=current_user,
            )
        except CommitmentTitleTaken as error:
            form.title.errors.append(str(error))
        else:
            db.session.commit()
            flash("Commitment saved.", "success")
            return redirect(url_for("staff.commitments_catalogue"))
    if item is None and request.method == "GET":
        form.active.data = True
    return render_template("staff/commitment_form.html", form=form, item=item)
