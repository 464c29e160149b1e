"""What a group's leads (and staff) do: change the page, add and cancel meet-ups, post
updates, see who follows. Each URL answers 404 for a group you cannot see, 403 for one you
may see but not manage (a lead of another group, a member, staff are always allowed)."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from portal.dates import utcnow
from portal.events.models import Venue
from portal.extensions import db
from portal.groups import bp
from portal.groups.forms import CancelMeetupForm, GroupForm, MeetupForm, UpdateForm
from portal.groups.models import Meetup
from portal.groups.queries import followers_of
from portal.groups.routes import visible_group
from portal.groups.services import (
    GroupDetails,
    GroupError,
    MeetupDetails,
    add_meetup,
    can_manage,
    cancel_meetup,
    post_update,
    update_group,
)


def _managed_group(slug: str):
    group = visible_group(slug)
    if not can_manage(group, current_user):
        abort(403)
    return group


def group_details(form: GroupForm) -> GroupDetails:
    return GroupDetails(**{name: form[name].data or "" for name in GroupDetails.__annotations__})


@bp.route("/groups/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    """Change what the group's page says."""
    group = _managed_group(slug)
    form = GroupForm(obj=group)
    if form.validate_on_submit():
        update_group(group, group_details(form), actor=current_user, now=utcnow())
        db.session.commit()
        flash("The group's page has been saved.", "success")
        return redirect(url_for("groups.show", slug=group.slug))
    return render_template("groups/edit.html", group=group, form=form)


@bp.route("/groups/<slug>/meetups/new", methods=["GET", "POST"])
@login_required
def new_meetup(slug: str):
    """Add a meet-up: once or repeating, drop-in or with limited places."""
    group = _managed_group(slug)
    form = MeetupForm()
    form.set_venues(db.session.scalars(select(Venue).order_by(Venue.name)).all())
    if form.validate_on_submit():
        limited = form.booking.data == "places"
        details = MeetupDetails(
            title=form.title.data,
            starts_at=form.starts_at(),
            minutes=form.minutes.data,
            repeat=form.repeat.data,
            place=form.place.data,
            details=form.details.data or "",
            places=form.places.data if limited else None,
            venue_id=(form.venue.data or None) if limited else None,
        )
        try:
            meetup = add_meetup(group, details, actor=current_user, now=utcnow())
        except GroupError as error:
            form.date.errors = [str(error)]
        else:
            db.session.commit()
            flash(f"Meet-up added: {meetup.when_label}.", "success")
            return redirect(url_for("groups.show", slug=group.slug))
    return render_template("groups/meetup_form.html", group=group, form=form)


@bp.route("/groups/<slug>/meetups/<int:meetup_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(slug: str, meetup_id: int):
    """Cancel a meet-up and its dates to come; followers and anyone booked are told."""
    group = _managed_group(slug)
    meetup = db.session.get(Meetup, meetup_id)
    if meetup is None or meetup.group_id != group.id or meetup.cancelled_at is not None:
        abort(404)
    form = CancelMeetupForm()
    if form.validate_on_submit():
        told = cancel_meetup(meetup, reason=form.reason.data, actor=current_user, now=utcnow())
        db.session.commit()
        flash(f"{meetup.title} is cancelled. We emailed {told} people.", "success")
        return redirect(url_for("groups.show", slug=group.slug))
    return render_template("groups/cancel.html", group=group, meetup=meetup, form=form)


@bp.route("/groups/<slug>/updates/new", methods=["GET", "POST"])
@login_required
def new_update(slug: str):
    """Post an update: on the group's page and feed, and emailed to followers."""
    group = _managed_group(slug)
    form = UpdateForm()
    if form.validate_on_submit():
        try:
            post_update(
                group,
                title=form.title.data,
                body=form.body.data,
                actor=current_user,
                now=utcnow(),
            )
        except GroupError as error:
            form.body.errors = [str(error)]
        else:
            db.session.commit()
            flash("Your update is posted and on its way to followers.", "success")
            return redirect(url_for("groups.show", slug=group.slug))
    return render_template("groups/update_form.html", group=group, form=form)


@bp.route("/groups/<slug>/followers")
@login_required
def followers(slug: str):
    """Who follows the group: for its leads and staff only."""
    group = _managed_group(slug)
    response = render_template("groups/followers.html", group=group, followers=followers_of(group))
    return response, 200, {"Cache-Control": "no-store"}
