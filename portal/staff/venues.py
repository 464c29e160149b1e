"""Staff: venues, their sensory profiles and visual-story photos, reused across sessions."""

from __future__ import annotations

from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import func, select

from portal.audit.services import record
from portal.dates import utcnow
from portal.events.models import Venue, VisualStoryPhoto
from portal.events.organising import notify_venue_change
from portal.extensions import db
from portal.forms import EmptyForm, PhotoForm
from portal.media import PhotoRefused, store_photo
from portal.staff import bp
from portal.staff.forms.venues import VenueForm


@bp.route("/venues")
def venues():
    """Every venue."""
    rows = db.session.execute(
        select(Venue, func.count(VisualStoryPhoto.id))
        .outerjoin(VisualStoryPhoto)
        .group_by(Venue.id)
        .order_by(Venue.name)
    ).all()
    return render_template("staff/venues.html", rows=rows)


@bp.route("/venues/new", methods=["GET", "POST"])
def new_venue():
    """Add a venue with its sensory profile."""
    form = VenueForm()
    if form.validate_on_submit():
        venue = Venue()
        form.populate_obj(venue)
        db.session.add(venue)
        db.session.flush()
        record(current_user, "venue created", "venue", venue.id, venue.name)
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
        before = f"{venue.name}, {venue.address}, {venue.postcode}"
        form.populate_obj(venue)
        told = notify_venue_change(venue, before, now=utcnow())
        record(current_user, "venue changed", "venue", venue.id, venue.name)
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
        folder = Path(current_app.config["MEDIA_FOLDER"])
        try:
            filename = store_photo(photo_form.photo.data, folder)
        except PhotoRefused as error:
            photo_form.photo.errors.append(str(error))
        else:
            try:
                venue.photos.append(
                    VisualStoryPhoto(
                        position=len(venue.photos) + 1,
                        filename=filename,
                        alt_text=photo_form.alt_text.data.strip(),
                        caption=(photo_form.caption.data or "").strip(),
                    )
                )
                record(current_user, "venue photo added", "venue", venue.id, venue.name)
                db.session.commit()
            except Exception:
                # No record may point at a missing file, nor a file linger without a record.
                db.session.rollback()
                (folder / filename).unlink(missing_ok=True)
                raise
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
    photo = db.get_or_404(VisualStoryPhoto, photo_id)
    if photo.venue_id != venue_id:
        abort(404)
    filename = photo.filename
    db.session.delete(photo)
    record(current_user, "venue photo removed", "venue", venue_id, filename)
    db.session.commit()
    (Path(current_app.config["MEDIA_FOLDER"]) / filename).unlink(missing_ok=True)
    flash("Photo removed.", "success")
    return redirect(url_for("staff.venue", venue_id=venue_id))
