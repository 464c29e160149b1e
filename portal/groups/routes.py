"""Public group pages: the list with filters, one group, its updates, calendar and feed,
following, reporting a concern, and the code of conduct."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal.dates import utcnow
from portal.extensions import db, limiter
from portal.forms import EmptyForm
from portal.groups import bp
from portal.groups.calendar import group_calendar, meetup_calendar
from portal.groups.forms import ConcernForm, GroupFilterForm
from portal.groups.models import GroupUpdate, Meetup
from portal.groups.queries import coming_dates, group_by_slug, group_updates, visible_groups
from portal.groups.services import (
    CannotFollow,
    can_manage,
    follow,
    is_following,
    report_concern,
    unfollow,
)
from portal.htmx import render


@bp.route("/groups")
def index():
    """Peer support groups, filtered by who they are for, area and day (htmx swaps results)."""
    form = GroupFilterForm(request.args)
    if not form.validate():
        form = GroupFilterForm()
    day = int(form.day.data) if form.day.data else None
    page = max(request.args.get("page", 1, type=int), 1)
    groups = visible_groups(
        audience=form.audience.data or None, area=form.area.data or None, day=day, page=page
    )
    filters = {k: form[k].data or None for k in ("audience", "area", "day")}
    return render("groups/index.html", block="results", form=form, groups=groups, filters=filters)


@bp.route("/groups/code-of-conduct")
def code_of_conduct():
    """How everyone in a group treats each other, and what leads promise."""
    return render_template("groups/code_of_conduct.html")


def visible_group(slug: str):
    """The group, or 404: a hidden group is seen only by staff and its own leads."""
    group = group_by_slug(slug)
    if group is None:
        abort(404)
    if group.is_hidden and not can_manage(group, current_user):
        abort(404)
    return group


@bp.route("/groups/<slug>")
def show(slug: str):
    """One group: what it is, when it meets, its updates; follow it or report a concern."""
    group = visible_group(slug)
    manager = can_manage(group, current_user)
    return render_template(
        "groups/show.html",
        group=group,
        dates=coming_dates(group, now=utcnow()),
        updates=group_updates(group, include_hidden=manager, limit=10),
        following=is_following(group, current_user),
        manager=manager,
        form=EmptyForm(),
    )


@bp.route("/groups/<slug>/updates/<int:update_id>")
def update(slug: str, update_id: int):
    """One update, with a link to report a concern about it."""
    group = visible_group(slug)
    item = db.session.get(GroupUpdate, update_id)
    if item is None or item.group_id != group.id:
        abort(404)
    if item.is_hidden and not can_manage(group, current_user):
        abort(404)
    return render_template("groups/update.html", group=group, update=item)


@bp.route("/groups/<slug>/follow", methods=["POST"])
@login_required
def follow_group(slug: str):
    """Follow: updates and meet-up reminders by email."""
    group = visible_group(slug)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        follow(group, current_user, now=utcnow())
    except CannotFollow as error:
        flash(str(error), "info")
        return redirect(url_for("groups.show", slug=group.slug))
    db.session.commit()
    flash(f"You are following {group.name}. Updates and reminders will come by email.", "success")
    return redirect(url_for("groups.show", slug=group.slug))


@bp.route("/groups/<slug>/unfollow", methods=["POST"])
@login_required
def unfollow_group(slug: str):
    """Stop following: no more emails from this group."""
    group = visible_group(slug)
    if not EmptyForm().validate_on_submit():
        abort(400)
    unfollow(group, current_user)
    db.session.commit()
    flash(f"You have stopped following {group.name}. We will not email you about it.", "success")
    return redirect(url_for("groups.show", slug=group.slug))


@bp.route("/groups/<slug>/report", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def report(slug: str):
    """Report a concern about the group, or one of its updates, to staff."""
    group = visible_group(slug)
    item = None
    update_id = request.args.get("update", type=int)
    if update_id is not None:
        item = db.session.get(GroupUpdate, update_id)
        if item is None or item.group_id != group.id:
            abort(404)
    form = ConcernForm()
    if form.validate_on_submit():
        report_concern(
            group,
            message=form.message.data,
            reporter=current_user if current_user.is_authenticated else None,
            contact_email=form.contact_email.data or "",
            update=item,
            now=utcnow(),
        )
        db.session.commit()
        return render_template("groups/report_sent.html", group=group)
    return render_template("groups/report.html", group=group, update=item, form=form)


def _calendar_response(body: str, filename: str) -> Response:
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/groups/<slug>.ics")
def calendar(slug: str):
    """Every meet-up of the group as a calendar feed (repeating ones repeat)."""
    group = visible_group(slug)
    return _calendar_response(group_calendar(group), f"{group.slug}.ics")


@bp.route("/groups/<slug>/meetups/<int:meetup_id>.ics")
def meetup_calendar_file(slug: str, meetup_id: int):
    """One meet-up as a calendar file."""
    group = visible_group(slug)
    meetup = db.session.get(Meetup, meetup_id)
    if meetup is None or meetup.group_id != group.id:
        abort(404)
    return _calendar_response(meetup_calendar(meetup), f"meetup-{meetup.id}.ics")


@bp.route("/groups/<slug>/updates.atom")
def feed(slug: str):
    """The group's updates as an Atom feed."""
    group = visible_group(slug)
    if group.is_hidden:
        abort(404)
    body = render_template(
        "groups/updates.atom.xml", group=group, updates=group_updates(group), now=utcnow()
    )
    return Response(body, mimetype="application/atom+xml")
