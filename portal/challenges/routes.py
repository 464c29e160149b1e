"""Public challenge pages: the list, one challenge, its closing report, following."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from portal.challenges import bp
from portal.challenges.models import Challenge
from portal.challenges.queries import (
    challenge_by_slug,
    public_challenges,
    updates_of,
    visible_outputs,
)
from portal.challenges.services import (
    CannotFollow,
    Finished,
    NotPublic,
    can_manage,
    follow,
    is_following,
    read_unfollow_token,
    unfollow,
    update_refusal,
)
from portal.dates import utcnow
from portal.extensions import db
from portal.forms import EmptyForm


def visible_challenge(slug: str) -> Challenge:
    """The challenge, or 404: a draft is seen only by staff and its own team."""
    challenge = challenge_by_slug(slug)
    if challenge is None:
        abort(404)
    if not challenge.is_public and not can_manage(challenge, current_user):
        abort(404)
    return challenge


@bp.route("/challenges")
def index():
    """Challenges running now, then finished ones, then what a 100-day challenge is."""
    now = utcnow()
    running, finished = public_challenges(now)
    return render_template("challenges/index.html", running=running, finished=finished, now=now)


@bp.route("/challenges/<slug>")
def show(slug: str):
    """One challenge: its goal, what day it is, the team, actions, outputs and updates."""
    challenge = visible_challenge(slug)
    now = utcnow()
    return render_template(
        "challenges/show.html",
        challenge=challenge,
        day=challenge.day(now),
        finished=challenge.finished(now),
        update_refusal=update_refusal(challenge, now),
        outputs=visible_outputs(challenge),
        updates=updates_of(challenge),
        following=is_following(challenge, current_user),
        manager=can_manage(challenge, current_user),
        form=EmptyForm(),
    )


@bp.route("/challenges/<slug>/report")
def report(slug: str):
    """The closing report: what was made, what changed, what comes next."""
    challenge = visible_challenge(slug)
    if not challenge.report_published:
        abort(404)
    return render_template(
        "challenges/report.html", challenge=challenge, outputs=visible_outputs(challenge)
    )


@bp.route("/challenges/<slug>/follow", methods=["POST"])
@login_required
def follow_challenge(slug: str):
    """Follow: the weekly updates by email."""
    challenge = visible_challenge(slug)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        follow(challenge, current_user, now=utcnow())
    except (CannotFollow, Finished, NotPublic) as error:
        flash(str(error), "info")
        return redirect(url_for("challenges.show", slug=challenge.slug))
    db.session.commit()
    flash(f"You are following {challenge.title}. Weekly updates will come by email.", "success")
    return redirect(url_for("challenges.show", slug=challenge.slug))


@bp.route("/challenges/<slug>/unfollow", methods=["POST"])
@login_required
def unfollow_challenge(slug: str):
    """Stop following: no more emails about this challenge."""
    challenge = visible_challenge(slug)
    if not EmptyForm().validate_on_submit():
        abort(400)
    unfollow(challenge, current_user.id)
    db.session.commit()
    flash(
        f"You have stopped following {challenge.title}. We will not email you about it.", "success"
    )
    return redirect(url_for("challenges.show", slug=challenge.slug))


@bp.route("/challenges/<slug>/stop-following/<token>", methods=["GET", "POST"])
def stop_following(slug: str, token: str):
    """The link in every update email: stop following without signing in (a button, so a mail
    scanner opening the link changes nothing)."""
    challenge = visible_challenge(slug)
    user_id = read_unfollow_token(challenge, token)
    if user_id is None:
        abort(404)
    form = EmptyForm()
    if form.validate_on_submit():
        unfollow(challenge, user_id)
        db.session.commit()
        return render_template("challenges/stopped_following.html", challenge=challenge)
    return render_template("challenges/stop_following.html", challenge=challenge, form=form)
