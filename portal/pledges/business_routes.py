"""For business owners: register the business, sign and renew the pledge, report progress."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal.dates import utcnow
from portal.extensions import db
from portal.forms import EmptyForm, PhotoForm
from portal.media import PhotoRefused
from portal.pledges import bp
from portal.pledges.changes import needs_review, open_change, propose_photo, propose_removal
from portal.pledges.forms import (
    BusinessForm,
    CommitmentsForm,
    DetailsForm,
    ProgressForm,
    SignForm,
    SubmitPledgeForm,
)
from portal.pledges.models import CommitmentKind, ProposedPhoto
from portal.pledges.photos import business_photo
from portal.pledges.queries import (
    business_by_slug,
    businesses_of,
    commitments,
    open_invitations,
)
from portal.pledges.services import (
    EDITABLE,
    NotEditable,
    NotReady,
    PledgeEnded,
    can_renew,
    check_visual_story,
    choose_commitments,
    current_pledge,
    give_details,
    latest_approved,
    pledge_to_edit,
    register_business,
    renewable_from,
    report_progress,
    sign,
    start_pledge,
    submit,
)
from portal.pledges.training import next_business_training, trained_count


def _own_business(slug: str):
    """The business, if the signed-in person runs it (or is staff); 404 otherwise."""
    business = business_by_slug(slug)
    if business is None or (current_user not in business.owners and not current_user.is_staff):
        abort(404)
    return business


@bp.errorhandler(NotEditable)
def _not_editable(error: NotEditable):
    db.session.rollback()
    flash(str(error), "info")
    return redirect(url_for("pledges.manage", slug=request.view_args.get("slug", "")))


@bp.route("/business")
@login_required
def mine():
    """The businesses you run."""
    return render_template("pledges/mine.html", businesses=businesses_of(current_user.id))


@bp.route("/business/new", methods=["GET", "POST"])
@login_required
def new_business():
    """Tell us about your business."""
    form = BusinessForm()
    if form.validate_on_submit():
        business = register_business(
            current_user,
            name=form.name.data,
            address=form.address.data,
            postcode=form.postcode.data,
            sector=form.sector.data,
            website=form.website.data or "",
            description=form.description.data or "",
            opening_hours=form.opening_hours.data or "",
        )
        db.session.commit()
        return redirect(url_for("pledges.pledge_commitments", slug=business.slug))
    return render_template("pledges/business_form.html", form=form)


@bp.route("/business/<slug>")
@login_required
def manage(slug: str):
    """The business's pledge as a task list: what is done and what is next."""
    business = _own_business(slug)
    now = utcnow()
    approved = latest_approved(business)
    return render_template(
        "pledges/manage.html",
        renewable=can_renew(approved, now=now),
        renew_from=renewable_from(approved) if approved else None,
        business=business,
        pledge=current_pledge(business),
        approved=approved,
        live=approved.is_live(now) if approved else False,
        invitations=open_invitations(business, now=now),
        change=open_change(business),
        action_form=EmptyForm(),
        progress_form=ProgressForm(obj=approved),
        trained=trained_count(approved) if approved else None,
        next_training=next_business_training(now=now),
    )


@bp.route("/business/<slug>/pledge/commitments", methods=["GET", "POST"])
@login_required
def pledge_commitments(slug: str):
    """Choose what you will commit to."""
    business = _own_business(slug)
    pledge = pledge_to_edit(business, now=utcnow())
    catalogue = commitments()
    form = CommitmentsForm(data={"commitments": [c.id for c in pledge.commitments]})
    form.commitments.choices = [(c.id, c.title) for c in catalogue]
    if form.validate_on_submit():
        choose_commitments(pledge, form.commitments.data)
        db.session.commit()
        return redirect(url_for("pledges.pledge_details", slug=business.slug))
    db.session.commit()  # keep the draft made by start_pledge
    return render_template(
        "pledges/commitments.html", business=business, form=form, catalogue=catalogue
    )


def _details_page(business, pledge, form, photo_form, status: int = 200):
    return render_template(
        "pledges/details.html",
        business=business,
        form=form,
        quiet=pledge.has(CommitmentKind.QUIET_HOUR),
        training=pledge.has(CommitmentKind.TRAINING),
        photos=pledge.has(CommitmentKind.PHOTOS),
        photo_form=photo_form,
        delete_form=EmptyForm(),
        change=open_change(business),
    ), status


def _details_form(pledge, **kwargs) -> DetailsForm:
    form = DetailsForm(obj=pledge, **kwargs)
    if not form.is_submitted() or kwargs.get("formdata", True) is None:
        form.fill_quiet_hours(pledge.quiet_hours)
    return form


@bp.route("/business/<slug>/pledge/details", methods=["GET", "POST"])
@login_required
def pledge_details(slug: str):
    """The details your commitments need: quiet hours, staff numbers, photos."""
    business = _own_business(slug)
    pledge = pledge_to_edit(business, now=utcnow())
    quiet, training = pledge.has(CommitmentKind.QUIET_HOUR), pledge.has(CommitmentKind.TRAINING)
    if not (quiet or training or pledge.has(CommitmentKind.PHOTOS)):
        return redirect(url_for("pledges.pledge_sign", slug=business.slug))
    form = _details_form(pledge)
    photo_form = PhotoForm(formdata=None)
    if form.validate_on_submit() and form.check_for(quiet, training):
        give_details(
            pledge,
            quiet_hours=form.quiet_hours(),
            staff_total=form.staff_total.data,
            staff_trained=form.staff_trained.data,
        )
        db.session.commit()  # what was typed is kept, even if a photo is still needed
        try:
            check_visual_story(pledge)
        except NotReady as error:
            photo_form.photo.errors = [str(error)]
            return _details_page(business, pledge, form, photo_form, 400)
        return redirect(url_for("pledges.pledge_sign", slug=business.slug))
    return _details_page(business, pledge, form, photo_form)


def photos_page(business, photo_form, status: int = 200):
    """The visual story page, with `photo_form` (and its errors)."""
    return render_template(
        "pledges/photos.html",
        business=business,
        change=open_change(business),
        reviewed=needs_review(business),
        photo_form=photo_form,
        delete_form=EmptyForm(),
    ), status


def _story_page(business) -> str:
    """Where the visual story is being edited: the pledge's details page while a pledge that
    promises one is being written, the business's photos page otherwise."""
    pledge = current_pledge(business)
    if pledge is not None and pledge.status in EDITABLE and pledge.has(CommitmentKind.PHOTOS):
        return url_for("pledges.pledge_details", slug=business.slug)
    return url_for("pledges.photos", slug=business.slug)


@bp.route("/business/<slug>/photos", methods=["POST"])
@login_required
def add_photo(slug: str):
    """Add a photo, with its description, to the business's visual story (or send it to the
    team first, once the public can see the story)."""
    business = _own_business(slug)
    form = PhotoForm()
    if form.validate_on_submit():
        try:
            added = propose_photo(
                business,
                form.photo.data,
                alt_text=form.alt_text.data,
                caption=form.caption.data,
                actor=current_user,
                now=utcnow(),
            )
        except PhotoRefused as error:
            form.photo.errors.append(str(error))
        else:
            db.session.commit()
            proposed = isinstance(added, ProposedPhoto)
            flash("Photo sent to the team to check." if proposed else "Photo added.", "success")
            return redirect(_story_page(business))
    if _story_page(business) != url_for("pledges.photos", slug=business.slug):
        pledge = pledge_to_edit(business, now=utcnow())
        return _details_page(business, pledge, _details_form(pledge, formdata=None), form, 400)
    return photos_page(business, form, 400)


@bp.route("/business/<slug>/photos/<int:photo_id>/delete", methods=["POST"])
@login_required
def delete_photo(slug: str, photo_id: int):
    """Remove a photo from the visual story (or ask the team to, once the public sees it)."""
    business = _own_business(slug)
    photo = business_photo(business, photo_id)
    if photo is None:
        abort(404)
    asked = propose_removal(business, photo, actor=current_user, now=utcnow())
    db.session.commit()
    flash(
        "The team will check this before the photo goes." if asked else "Photo removed.", "success"
    )
    return redirect(_story_page(business))


@bp.route("/business/<slug>/pledge/sign", methods=["GET", "POST"])
@login_required
def pledge_sign(slug: str):
    """Sign on the business's behalf."""
    business = _own_business(slug)
    pledge = pledge_to_edit(business, now=utcnow())
    form = SignForm(
        data={
            "name": pledge.signatory_name or current_user.full_name,
            "role": pledge.signatory_role,
        }
    )
    if form.validate_on_submit():
        sign(pledge, name=form.name.data, role=form.role.data, agreed=form.agree.data, now=utcnow())
        db.session.commit()
        return redirect(url_for("pledges.pledge_check", slug=business.slug))
    return render_template("pledges/sign.html", business=business, form=form)


@bp.route("/business/<slug>/pledge/check", methods=["GET", "POST"])
@login_required
def pledge_check(slug: str):
    """Check your answers and send the pledge for review."""
    business = _own_business(slug)
    pledge = pledge_to_edit(business, now=utcnow())
    form = SubmitPledgeForm()
    message = None
    if form.validate_on_submit():
        try:
            submit(pledge, reply=form.reply.data or "", now=utcnow())
        except (NotReady, NotEditable) as error:
            db.session.rollback()
            message = str(error)
        else:
            db.session.commit()
            return render_template("pledges/submitted.html", business=business, pledge=pledge)
    return render_template(
        "pledges/check.html", business=business, pledge=pledge, form=form, message=message
    )


@bp.route("/business/<slug>/progress", methods=["POST"])
@login_required
def progress(slug: str):
    """Report how many staff are trained now."""
    business = _own_business(slug)
    pledge = latest_approved(business)
    form = ProgressForm()
    if pledge is None or not pledge.has(CommitmentKind.TRAINING):
        abort(404)
    if form.validate_on_submit():
        try:
            report_progress(
                pledge,
                staff_total=form.staff_total.data,
                staff_trained=form.staff_trained.data,
                now=utcnow(),
            )
        except (NotReady, PledgeEnded) as error:
            flash(str(error), "info")
        else:
            db.session.commit()
            flash("Progress saved. It shows on your public page.", "success")
    else:
        flash("Enter both numbers of staff.", "info")
    return redirect(url_for("pledges.manage", slug=business.slug))


@bp.route("/business/<slug>/renew", methods=["POST"])
@login_required
def renew(slug: str):
    """Start renewing: a new pledge with last year's answers filled in."""
    business = _own_business(slug)
    start_pledge(business, now=utcnow())
    db.session.commit()
    return redirect(url_for("pledges.pledge_commitments", slug=business.slug))
