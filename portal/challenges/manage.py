"""Running a challenge: its team members with accounts and staff share these pages. Each URL
answers 404 for a challenge you cannot see, and 403 for one you may see but not run. The parts
only staff may change (details, team, going public, the closing report) answer 403 to the team.
"""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from portal.accounts.services import find_user_by_email
from portal.challenges import bp
from portal.challenges.forms import (
    ActionForm,
    ChallengeForm,
    OutputForm,
    ReportForm,
    TeamMemberForm,
    UpdateForm,
)
from portal.challenges.models import Action, Challenge, Output, TeamMember
from portal.challenges.outputs import output_choices
from portal.challenges.queries import follower_count, outputs_of, visible_outputs
from portal.challenges.routes import visible_challenge
from portal.challenges.services import (
    ActionDetails,
    ChallengeDetails,
    ChallengeError,
    ReportDetails,
    UnknownOutput,
    add_output,
    add_team_member,
    can_manage,
    change_challenge,
    make_public,
    post_update,
    publish_report,
    remove_output,
    remove_team_member,
    report_refusal,
    save_action,
    update_refusal,
)
from portal.dates import utcnow
from portal.extensions import db
from portal.forms import EmptyForm


def _managed(slug: str, *, staff_only: bool = False) -> Challenge:
    challenge = visible_challenge(slug)
    if not can_manage(challenge, current_user):
        abort(403)
    if staff_only and not current_user.is_staff:
        abort(403)
    return challenge


def _part_of(challenge: Challenge, model, row_id: int):
    """A team member, action or output of this challenge, or 404."""
    row = db.session.get(model, row_id)
    if row is None or row.challenge_id != challenge.id:
        abort(404)
    return row


def _back(challenge: Challenge):
    return redirect(url_for("challenges.manage", slug=challenge.slug))


@bp.route("/challenges/<slug>/manage")
@login_required
def manage(slug: str):
    """Run the challenge: what to do next, the team, actions and outputs."""
    challenge = _managed(slug)
    present = {output.id: link for output, link in visible_outputs(challenge)}
    response = render_template(
        "challenges/manage.html",
        challenge=challenge,
        day=challenge.day(utcnow()),
        outputs=[(output, present.get(output.id)) for output in outputs_of(challenge)],
        followers=follower_count(challenge),
        report_refusal=report_refusal(challenge, utcnow()),
        update_refusal=update_refusal(challenge, utcnow()),
        button=EmptyForm(),
    )
    return response, 200, {"Cache-Control": "no-store"}


@bp.route("/challenges/<slug>/manage/details", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    """Change the name, goal or start date (staff)."""
    challenge = _managed(slug, staff_only=True)
    form = ChallengeForm(obj=challenge)
    if form.validate_on_submit():
        details = ChallengeDetails(form.title.data, form.goal.data, form.starts_on.data)
        change_challenge(challenge, details, actor=current_user, now=utcnow())
        db.session.commit()
        flash("The challenge is saved.", "success")
        return _back(challenge)
    return render_template("challenges/details_form.html", challenge=challenge, form=form)


@bp.route("/challenges/<slug>/manage/public", methods=["POST"])
@login_required
def go_public(slug: str):
    """Make a draft public (staff)."""
    challenge = _managed(slug, staff_only=True)
    if not EmptyForm().validate_on_submit():
        abort(400)
    make_public(challenge, actor=current_user, now=utcnow())
    db.session.commit()
    flash(f"{challenge.title} is public now.", "success")
    return _back(challenge)


@bp.route("/challenges/<slug>/manage/team", methods=["GET", "POST"])
@login_required
def team(slug: str):
    """Add someone to the team, with their account if they have one (staff)."""
    challenge = _managed(slug, staff_only=True)
    form = TeamMemberForm()
    if form.validate_on_submit():
        account = None
        if form.account_email.data:
            account = find_user_by_email(form.account_email.data)
            if account is None:
                form.account_email.errors = ["There is no account with that email address"]
        if not form.account_email.errors:
            try:
                add_team_member(
                    challenge,
                    name=form.name.data,
                    bringing=form.bringing.data,
                    account=account,
                    actor=current_user,
                    now=utcnow(),
                )
            except ChallengeError as error:
                form.account_email.errors = [str(error)]
            else:
                db.session.commit()
                flash(f"{form.name.data} is on the team.", "success")
                return _back(challenge)
    return render_template("challenges/team_form.html", challenge=challenge, form=form)


@bp.route("/challenges/<slug>/manage/team/<int:member_id>/remove", methods=["POST"])
@login_required
def remove_member(slug: str, member_id: int):
    """Take someone off the team (staff)."""
    challenge = _managed(slug, staff_only=True)
    member = _part_of(challenge, TeamMember, member_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    remove_team_member(challenge, member, actor=current_user, now=utcnow())
    db.session.commit()
    flash(f"{member.name} is off the team.", "success")
    return _back(challenge)


@bp.route("/challenges/<slug>/manage/actions/new", methods=["GET", "POST"])
@bp.route("/challenges/<slug>/manage/actions/<int:action_id>", methods=["GET", "POST"])
@login_required
def action(slug: str, action_id: int | None = None):
    """Add an action, or change one: what, who, by when, how far along."""
    challenge = _managed(slug)
    item = _part_of(challenge, Action, action_id) if action_id is not None else None
    form = ActionForm(obj=item)
    if form.validate_on_submit():
        details = ActionDetails(
            what=form.what.data, who=form.who.data, due_on=form.due_on.data, status=form.status.data
        )
        save_action(challenge, item, details, actor=current_user, now=utcnow())
        db.session.commit()
        flash("The action is saved.", "success")
        return _back(challenge)
    return render_template(
        "challenges/action_form.html", challenge=challenge, action=item, form=form
    )


@bp.route("/challenges/<slug>/manage/outputs", methods=["GET", "POST"])
@login_required
def outputs(slug: str):
    """Add an output: a session, pledge, film or leaflet, or group the challenge made."""
    challenge = _managed(slug)
    form = OutputForm()
    form.set_choices(output_choices())
    if form.validate_on_submit():
        kind, _, target = form.thing.data.partition(":")
        try:
            add_output(
                challenge,
                kind,
                int(target) if target.isdigit() else 0,
                actor=current_user,
                now=utcnow(),
            )
        except UnknownOutput as error:
            form.thing.errors = [str(error)]
        else:
            db.session.commit()
            flash("The output is added.", "success")
            return _back(challenge)
    return render_template("challenges/output_form.html", challenge=challenge, form=form)


@bp.route("/challenges/<slug>/manage/outputs/<int:output_id>/remove", methods=["POST"])
@login_required
def remove_an_output(slug: str, output_id: int):
    """Take an output off the challenge."""
    challenge = _managed(slug)
    output = _part_of(challenge, Output, output_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    remove_output(challenge, output, actor=current_user, now=utcnow())
    db.session.commit()
    flash("The output is taken off.", "success")
    return _back(challenge)


@bp.route("/challenges/<slug>/manage/update", methods=["GET", "POST"])
@login_required
def new_update(slug: str):
    """Post the weekly update: on the page, and emailed to every follower."""
    challenge = _managed(slug)
    refusal = update_refusal(challenge, utcnow())
    form = UpdateForm()
    if refusal is None and form.validate_on_submit():
        try:
            post_update(challenge, body=form.body.data, actor=current_user, now=utcnow())
        except ChallengeError as error:
            form.body.errors = [str(error)]
        else:
            db.session.commit()
            flash("Your update is posted and on its way to followers.", "success")
            return redirect(url_for("challenges.show", slug=challenge.slug))
    return render_template(
        "challenges/update_form.html",
        challenge=challenge,
        form=form,
        refusal=refusal,
        day=challenge.day(utcnow()),
        followers=follower_count(challenge),
    ), (409 if refusal and form.is_submitted() else 200)


@bp.route("/challenges/<slug>/manage/report", methods=["GET", "POST"])
@login_required
def closing_report(slug: str):
    """Publish the closing report, once day 100 is over (staff); before that, say why not."""
    challenge = _managed(slug, staff_only=True)
    refusal = report_refusal(challenge, utcnow())
    form = ReportForm(obj=challenge)
    if refusal is None and form.validate_on_submit():
        details = ReportDetails(
            form.what_was_made.data, form.what_changed.data, form.what_comes_next.data
        )
        publish_report(challenge, details, actor=current_user, now=utcnow())
        db.session.commit()
        flash("The closing report is published.", "success")
        return redirect(url_for("challenges.report", slug=challenge.slug))
    status = 409 if refusal and form.is_submitted() else 200
    return (
        render_template(
            "challenges/report_form.html", challenge=challenge, form=form, refusal=refusal
        ),
        status,
    )
