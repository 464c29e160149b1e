"""The public directory of autism-friendly businesses, their pages, stickers and comments."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal.dates import utcnow
from portal.extensions import db
from portal.htmx import render
from portal.links import external_url
from portal.page_cache import PLEDGES, SESSIONS, shared_page
from portal.pledges import bp
from portal.pledges.forms import CommentForm, DirectoryFilterForm
from portal.pledges.queries import (
    areas,
    business_by_slug,
    commitments,
    directory,
    published_comments,
)
from portal.pledges.services import NotReady, TooManyComments, add_comment, latest_approved
from portal.pledges.towns import districts_of
from portal.pledges.training import next_business_training, trained_count
from portal.qr import qr_svg


@bp.route("/pledges")
@shared_page(areas=(PLEDGES,), params=("commitment", "town", "area", "page"), search="q")
def index():
    """Businesses with a live pledge: search by name, filter by what they offer, town and
    postcode district."""
    now = utcnow()
    districts = areas(now=now)
    form = DirectoryFilterForm(request.args)
    form.set_choices(commitments(), districts)
    if not form.validate():
        form = DirectoryFilterForm()
        form.set_choices(commitments(), districts)
    page = min(max(request.args.get("page", 1, type=int), 1), 10000)
    filters = {
        "q": form.q.data or None,
        "commitment": form.commitment.data or None,
        "town": form.town.data or None,
        "area": form.area.data or None,
    }
    results = directory(
        now=now,
        q=form.q.data or "",
        commitment=form.commitment.data or "",
        districts=districts_of(form.town.data, districts) if form.town.data else None,
        area=form.area.data or "",
        page=page,
    )
    return render(
        "pledges/index.html",
        block="results",
        form=form,
        results=results,
        filters=filters,
        now=now,
    )


@bp.route("/pledges/sign")
def start():
    """The start page for businesses that want to make a pledge."""
    return render_template("pledges/start.html")


def _business_or_404(slug: str):
    business = business_by_slug(slug)
    if business is None:
        abort(404)
    return business


@bp.route("/pledges/<slug>")
@shared_page(areas=(PLEDGES, SESSIONS))  # sessions: the link to the next staff training
def show(slug: str):
    """One business: what it promises, how it is going, and what families say."""
    business = _business_or_404(slug)
    pledge = latest_approved(business)
    now = utcnow()
    if pledge is None:
        abort(404)
    return render_template(
        "pledges/show.html",
        business=business,
        pledge=pledge,
        live=pledge.is_live(now),
        now=now,
        comments=published_comments(business),
        trained=trained_count(pledge),
        next_training=next_business_training(now=now),
    )


@bp.route("/pledges/<slug>/sticker")
def sticker(slug: str):
    """A print-ready window sticker (A5) and certificate (A4) with a QR code to this page."""
    business = _business_or_404(slug)
    pledge = latest_approved(business)
    if pledge is None or not pledge.is_live(utcnow()):
        abort(404)
    url = external_url("pledges.show", slug=business.slug)
    return render_template(
        "pledges/sticker.html",
        business=business,
        pledge=pledge,
        next_training=next_business_training(now=utcnow()),
        url=url,
        qr=qr_svg(url, title=f"QR code: opens {business.name}'s page on this website"),
    )


# No limit per address here, on purpose: families behind one address (a school, a library)
# would share it. Each account may send MAX_COMMENTS_PER_DAY (add_comment), and registering is
# limited per address and per email, which bounds the accounts one address can make.
@bp.route("/pledges/<slug>/tell-us", methods=["GET", "POST"])
@login_required
def comment(slug: str):
    """Tell us about a visit: what helped, what did not. Staff read it before it is shown."""
    business = _business_or_404(slug)
    if latest_approved(business) is None:
        abort(404)
    form = CommentForm()
    if form.validate_on_submit():
        try:
            add_comment(
                business,
                current_user,
                helped=form.helped.data or "",
                did_not_help=form.did_not_help.data or "",
                now=utcnow(),
            )
        except (NotReady, TooManyComments) as error:
            db.session.rollback()
            form.helped.errors.append(str(error))
        else:
            db.session.commit()
            flash("Thank you. The team will read it before it appears here.", "success")
            return redirect(url_for("pledges.show", slug=business.slug))
    return render_template("pledges/comment.html", business=business, form=form)
