"""The public library: search and filters, one item, and its files (with range requests)."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal.dates import utcnow
from portal.extensions import db
from portal.htmx import render
from portal.library import bp
from portal.library.files import library_key
from portal.library.films import sources as film_sources
from portal.library.forms import SuggestionForm
from portal.library.models import KIND_LABELS, FileRole, ItemStatus, LibraryFile
from portal.library.queries import (
    LibraryFilters,
    item_by_slug,
    library_page,
    published_item,
)
from portal.library.render import body_html
from portal.library.services import (
    NothingSuggested,
    TooManySuggestions,
    count,
    count_download,
    send_suggestion,
)
from portal.page_cache import LIBRARY, shared_page
from portal.storage import storage
from portal.storage.serving import send_stored


@bp.route("/library")
@shared_page(areas=(LIBRARY,), params=("kind", "audience", "topic", "format", "page"), search="q")
def index():
    """Films and leaflets: search as you type, filter by kind."""
    args = request.args
    filters = LibraryFilters(
        q=(args.get("q") or "").strip()[:100],
        kind=args.get("kind") or "",
        audience=(args.get("audience") or "")[:30],
        topic=(args.get("topic") or "")[:60],
        format_label=(args.get("format") or "")[:60],
    )
    found = library_page(filters, page=min(max(args.get("page", 1, type=int), 1), 10000))
    return render(
        "library/index.html",
        block="results",
        items=found.items,
        audiences=found.audiences,
        topics=found.topics,
        formats=found.formats,
        loosened=found.loosened,
        kinds=KIND_LABELS,
        q=filters.q,
        kind=filters.kind,
        audience=filters.audience,
        topic=filters.topic,
        format_label=filters.format_label,
        filters=filters.in_address(),
    )


@bp.route("/library/<slug>")
def show(slug: str):
    """One item: the film with captions and transcript, or the leaflet to download."""
    item = item_by_slug(slug)
    if item is None or item.status == ItemStatus.DRAFT:
        abort(404)
    if item.status == ItemStatus.ARCHIVED:
        return render_template("library/archived.html", item=item), 410
    count(item.id, "views")
    db.session.commit()
    return render_template(
        "library/show.html",
        item=item,
        body=body_html(item.body),
        main=item.file(FileRole.MAIN),
        films=film_sources(item),
        captions=item.file(FileRole.CAPTIONS),
        poster=item.file(FileRole.POSTER),
    )


# Long enough to start a film and watch a while: a browser may keep seeking on the link it was
# sent to, and after it expires a reload of the page gives a fresh one. Short enough that a
# shared link is soon useless.
PRESIGNED_FILM_SECONDS = 600


@bp.route("/library/files/<int:file_id>/<name>")
def download(file_id: int, name: str):
    """A file, with ETag, Last-Modified and range requests (206, or 416 for a bad range).
    With S3_PRESIGNED_FILMS a film is fetched from the bucket instead, through a link that
    works for a few minutes, given only after the same checks."""
    stored = db.get_or_404(LibraryFile, file_id)
    if stored.item.status != ItemStatus.PUBLISHED or name != stored.filename:
        abort(404)
    if count_download(stored, part_only="Range" in request.headers):
        db.session.commit()
    key = library_key(stored.filename)
    if current_app.config.get("S3_PRESIGNED_FILMS") and stored.mimetype.startswith("video/"):
        link = storage().url(
            key,
            expires=PRESIGNED_FILM_SECONDS,
            content_type=stored.mimetype,
            download_name=stored.original_name,
        )
        if link:
            response = redirect(link, code=302)
            response.headers["Cache-Control"] = "private, no-store"  # the link soon expires
            return response
    return send_stored(
        key,
        mimetype=stored.mimetype,
        as_attachment=not stored.opens_in_page,
        download_name=stored.original_name,
        max_age=3600,
    )


# No limit per address here, on purpose: families behind one address (a school, a library)
# would share it. Each account may send MAX_SUGGESTIONS_PER_DAY (send_suggestion), and
# registering is limited per address and per email, which bounds the accounts one address makes.
@bp.route("/library/suggest", methods=["GET", "POST"])
@login_required
def suggest():
    """Suggest something for the library, or comment on an item."""
    item = published_item(request.args["item"]) if request.args.get("item") else None
    form = SuggestionForm()
    if form.validate_on_submit():
        try:
            send_suggestion(form.text.data, user=current_user, item=item, now=utcnow())
        except (NothingSuggested, TooManySuggestions) as error:
            db.session.rollback()
            form.text.errors.append(str(error))
        else:
            db.session.commit()
            flash(
                "Thank you. The team reads every suggestion, and says here what they did.",
                "success",
            )
            return redirect(url_for("outcomes.index", theme="information"))
    return render_template("library/suggest.html", form=form, item=item)


@bp.route("/library/you-said-we-did")
def you_said_we_did():
    """The library's answers now live with every other answer on “You said, we did”."""
    return redirect(url_for("outcomes.index", theme="information"), 301)
