"""Staff: moderate families' comments on pledged businesses."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.dates import utcnow
from portal.extensions import db
from portal.forms import EmptyForm
from portal.pledges.models import CommentStatus, VisitComment
from portal.pledges.queries import comments_to_act_on, pending_comments
from portal.pledges.services import moderate, record_acted_on
from portal.staff import bp
from portal.staff.forms.pledges import ActedOnForm


@bp.route("/comments")
def comments():
    """Families' comments waiting to be read before they are shown."""
    return render_template(
        "staff/comments.html",
        pending=pending_comments(),
        published=comments_to_act_on(max(request.args.get("page", 1, type=int), 1)),
        form=EmptyForm(),
    )


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


@bp.route("/comments/<int:comment_id>/acted-on", methods=["GET", "POST"])
def comment_acted_on(comment_id: int):
    """Say what was done because of a published comment, for “You said, we did”."""
    comment = db.get_or_404(VisitComment, comment_id)
    if comment.status != CommentStatus.PUBLISHED:
        abort(404)
    form = ActedOnForm(obj=comment)
    if form.validate_on_submit():
        record_acted_on(comment, form.acted_on.data, actor=current_user, now=utcnow())
        db.session.commit()
        flash("Published on “You said, we did”.", "success")
        return redirect(url_for("staff.comments"))
    return render_template("staff/comment_acted_on.html", comment=comment, form=form)
