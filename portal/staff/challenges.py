"""Staff: every 100-day challenge, drafts too, and starting a new one. Running one happens on
its own pages (/challenges/<slug>/manage), which its team shares."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from portal.challenges.forms import ChallengeForm
from portal.challenges.queries import every_challenge
from portal.challenges.services import ChallengeDetails, create_challenge
from portal.dates import utcnow
from portal.extensions import db
from portal.staff import bp


@bp.route("/challenges")
def challenges():
    """Every challenge, with what day it is and how many follow it."""
    return render_template("staff/challenges.html", rows=every_challenge(), now=utcnow())


@bp.route("/challenges/new", methods=["GET", "POST"])
def new_challenge():
    """Start a challenge, as a draft; then choose its team."""
    form = ChallengeForm()
    if form.validate_on_submit():
        details = ChallengeDetails(form.title.data, form.goal.data, form.starts_on.data)
        challenge = create_challenge(details, actor=current_user, now=utcnow())
        db.session.commit()
        flash("Challenge saved as a draft. Now add its team.", "success")
        return redirect(url_for("challenges.manage", slug=challenge.slug))
    return render_template("challenges/details_form.html", challenge=None, form=form)
