"""Staff: moderate families' comments on pledged businesses."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.dates import utcnow
from portal.extensions import db
from portal.forms import EmptyForm
from portal.pledges.models import VisitComment
from portal.pledges.queries import pending_comments
from portal.pledges.services import moderate
from portal.staff import bp


@bp.route("/comments")
def comments():
    """Families' comments waiting to be read before they are shown."""
    return render_template("staff/comments.html", pending=pending_comments(), form=EmptyForm())


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
