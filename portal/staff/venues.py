"""Staff: venues, their sensory profiles and visual-story photos, reused across sessions."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.dates import utcnow
from portal.events.models import Venue
from portal.events.queries import venue_photo, venues_with_photo_counts
from portal.events.venues import (
    add_venue_photo,
    create_venue,
    remove_venue_photo,
    update_venue,
)
from portal.extensions import db
from portal.forms import EmptyForm, PhotoForm
from portal.media import PhotoRefused
from portal.staff import bp
from portal.staff.forms.venues import VenueForm


@bp.route("/venues")
def venues():
    """Every venue."""
    return render_template("staff/venues.html", rows=venues_with_photo_counts())


@bp.route("/venues/new", methods=["GET", "POST"])
def new_venue():
    """Add a venue with its sensory profile."""
    form = VenueForm()
    if form.validate_on_submit():
        venue = create_venue(form.details(), actor=current_user, now=utcnow())
        db.session.commit()
        flash("Venue added. Now add photos for its visual story.", "success")
        return redirect(url_for("staff.venue", venue_id=venue.id))
    return render_template("staff/venue_form.html", form=form, venue=None)


@bp.route("/venues/<int:venue_id>", methods=["GET", "POST"])
def venue(venue_id: int):
    """A venue: change its details and its visual story."""
    venue = db.get_or_404(Venue, venue_id)
    form = VenueForm(obj=venue)
    if form.validate_on_submit():
        told = update_venue(venue, form.details(), actor=current_user, now=utcnow())
        db.session.commit()
        people = "person booked was" if told == 1 else "people booked were"
        flash(
            f"Venue saved. {told} {people} told about the new address." if told else "Venue saved.",
            "success",
        )
        return redirect(url_for("staff.venue", venue_id=venue.id))
    return render_template(
        "staff/venue_form.html",
        form=form,
        venue=venue,
        photo_form=PhotoForm(formdata=None),
        delete_form=EmptyForm(),
    )


@bp.route("/venues/<int:venue_id>/photos", methods=["POST"])
def add_photo(venue_id: int):
    """Add a photo, with its description and caption, to a venue's visual story."""
    venue = db.get_or_404(Venue, venue_id)
    photo_form = PhotoForm()
    if photo_form.validate_on_submit():
        try:
            add_venue_photo(
                venue,
                photo_form.photo.data,
                alt_text=photo_form.alt_text.data,
                caption=photo_form.caption.data,
                actor=current_user,
                now=utcnow(),
            )
        except PhotoRefused as error:
            photo_form.photo.errors.append(str(error))
        else:
            db.session.commit()
            flash("Photo added.", "success")
            return redirect(url_for("staff.venue", venue_id=venue.id))
    return render_template(
        "staff/venue_form.html",
        form=VenueForm(obj=venue),
        venue=venue,
        photo_form=photo_form,
        delete_form=EmptyForm(),
    ), 400


@bp.route("/venues/<int:venue_id>/photos/<int:photo_id>/delete", methods=["POST"])
def delete_photo(venue_id: int, photo_id: int):
    """Remove a photo from a venue's visual story, and its file."""
    photo = venue_photo(venue_id, photo_id)
    if photo is None:
        abort(404)
    remove_venue_photo(photo, actor=current_user, now=utcnow())
    db.session.commit()
    flash("Photo removed.", "success")
    return redirect(url_for("staff.venue", venue_id=venue_id))
