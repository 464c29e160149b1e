"""For business owners: change the business's details and photos (staff check the changes
once the public can see them: portal/pledges/changes.py)."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from portal.dates import utcnow
from portal.extensions import db
from portal.forms import PhotoForm
from portal.media import photo_type
from portal.pledges import bp
from portal.pledges.business_routes import _own_business, photos_page
from portal.pledges.changes import (
    change_details,
    keep_photo,
    needs_review,
    open_change,
    withdraw_change,
    withdraw_photo,
)
from portal.pledges.forms import BusinessDetailsForm
from portal.pledges.photos import business_photo
from portal.storage.serving import send_stored

SENT = "Sent to the team to check. Until they approve it, everyone sees your details as before."


def _open_change_or_404(business):
    change = open_change(business)
    if change is None:
        abort(404)
    return change


@bp.route("/business/<slug>/details", methods=["GET", "POST"])
@login_required
def edit_details(slug: str):
    """Change the address, opening hours, description and website."""
    business = _own_business(slug)
    change = open_change(business)
    form = BusinessDetailsForm(obj=change or business)
    if form.validate_on_submit():
        sent = change_details(
            business,
            address=form.address.data,
            postcode=form.postcode.data,
            website=form.website.data or "",
            description=form.description.data or "",
            opening_hours=form.opening_hours.data or "",
            actor=current_user,
            now=utcnow(),
        )
        db.session.commit()
        if sent is not None:
            flash(SENT, "success")
        elif change is not None:
            flash("Your details are back as everyone sees them: nothing is waiting.", "success")
        elif needs_review(business):
            flash("Nothing has changed, so nothing was sent to the team.", "info")
        else:
            flash("Details saved.", "success")
        return redirect(url_for("pledges.manage", slug=business.slug))
    return render_template(
        "pledges/edit_details.html",
        business=business,
        form=form,
        change=change,
        reviewed=change is not None or needs_review(business),
    )


@bp.route("/business/<slug>/photos")
@login_required
def photos(slug: str):
    """The visual story: the photos families see, and changes waiting for the team."""
    return photos_page(_own_business(slug), PhotoForm(formdata=None))


@bp.route("/business/<slug>/photos/proposed/<int:photo_id>")
@login_required
def proposed_photo(slug: str, photo_id: int):
    """A photo waiting for the team, shown only to the business's owners and to staff: the
    public route (pages.media) serves a photo's file only once it is approved."""
    business = _own_business(slug)
    change = _open_change_or_404(business)
    photo = next((p for p in change.photos if p.id == photo_id), None)
    if photo is None:
        abort(404)
    response = send_stored(photo.filename, mimetype=photo_type(photo.filename))
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/business/<slug>/photos/proposed/<int:photo_id>/delete", methods=["POST"])
@login_required
def withdraw_proposed_photo(slug: str, photo_id: int):
    """Take back a photo sent to the team before they add it."""
    business = _own_business(slug)
    change = _open_change_or_404(business)
    photo = next((p for p in change.photos if p.id == photo_id), None)
    if photo is None:
        abort(404)
    withdraw_photo(change, photo, actor=current_user, now=utcnow())
    db.session.commit()
    flash("Photo taken back.", "success")
    return redirect(url_for("pledges.photos", slug=business.slug))


@bp.route("/business/<slug>/photos/<int:photo_id>/keep", methods=["POST"])
@login_required
def keep_business_photo(slug: str, photo_id: int):
    """Stop asking for a photo to be removed."""
    business = _own_business(slug)
    change = _open_change_or_404(business)
    photo = business_photo(business, photo_id)
    if photo is None or photo not in change.removals:
        abort(404)
    keep_photo(change, photo, actor=current_user, now=utcnow())
    db.session.commit()
    flash("The photo stays.", "success")
    return redirect(url_for("pledges.photos", slug=business.slug))


@bp.route("/business/<slug>/changes/withdraw", methods=["POST"])
@login_required
def withdraw_changes(slug: str):
    """Take back all the changes waiting for the team."""
    business = _own_business(slug)
    change = _open_change_or_404(business)
    withdraw_change(change, actor=current_user, now=utcnow())
    db.session.commit()
    flash("Your changes are taken back. Everyone sees your details as before.", "success")
    return redirect(url_for("pledges.manage", slug=business.slug))
