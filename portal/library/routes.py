"""The public library: search and filters, one item, and its files (with range requests)."""

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from portal.dates import utcnow
from portal.extensions import db
from portal.htmx import render
from portal.library import bp
from portal.library.files import library_folder
from portal.library.forms import SuggestionForm
from portal.library.models import (
    KIND_LABELS,
    FileRole,
    ItemStatus,
    LibraryFile,
    LibraryItem,
    Suggestion,
    SuggestionStatus,
)
from portal.library.queries import filter_choices
from portal.library.render import body_html
from portal.library.search import matching
from portal.library.services import count
from portal.page_cache import shared_page


@bp.route("/library")
@shared_page(params=("kind", "audience", "topic", "format", "page"))
def index():
    """Films and leaflets: search as you type, filter by kind."""
    q = (request.args.get("q") or "").strip()[:100]
    kind = request.args.get("kind") or ""
    audience = (request.args.get("audience") or "")[:30]
    topic = (request.args.get("topic") or "")[:60]
    format_label = (request.args.get("format") or "")[:60]
    page = min(max(request.args.get("page", 1, type=int), 1), 10000)
    published = select(LibraryItem).where(LibraryItem.status == ItemStatus.PUBLISHED)
    query = published
    if kind in KIND_LABELS:
        query = query.where(LibraryItem.kind == kind)
    if audience:
        query = query.where(LibraryItem.audience == audience)
    if topic:
        query = query.where(LibraryItem.topics.contains(topic, autoescape=True))
    if format_label:
        query = query.where(
            LibraryItem.files.any(
                (LibraryFile.role == FileRole.ALTERNATIVE)
                & (LibraryFile.format_label == format_label)
            )
        )
    clause = matching(q) if q else None
    if clause is not None:
        query = query.where(clause)
    items = db.paginate(
        query.order_by(LibraryItem.published_at.desc(), LibraryItem.id.desc()),
        page=page,
        per_page=10,
        error_out=False,
    )
    choices = filter_choices()
    filters = {
        "q": q or None,
        "kind": kind or None,
        "audience": audience or None,
        "topic": topic or None,
        "format": format_label or None,
    }
    return render(
        "library/index.html",
        block="results",
        items=items,
        q=q,
        kind=kind,
        kinds=KIND_LABELS,
        audience=audience,
        topic=topic,
        format_label=format_label,
        filters=filters,
        **choices,
    )


@bp.route("/library/<slug>")
def show(slug: str):
    """One item: the film with captions and transcript, or the leaflet to download."""
    item = db.session.scalar(select(LibraryItem).where(LibraryItem.slug == slug))
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
        captions=item.file(FileRole.CAPTIONS),
        poster=item.file(FileRole.POSTER),
    )


@bp.route("/library/files/<int:file_id>/<name>")
def download(file_id: int, name: str):
    """A file, with ETag, Last-Modified and range requests (206, or 416 for a bad range)."""
    stored = db.get_or_404(LibraryFile, file_id)
    if stored.item.status != ItemStatus.PUBLISHED or name != stored.filename:
        abort(404)
    inline = (
        stored.mimetype.startswith(("video/", "audio/", "image/")) or stored.mimetype == "text/vtt"
    )
    if not inline and "Range" not in request.headers:
        count(stored.item_id, "downloads")
        db.session.commit()
    return send_file(
        library_folder() / stored.filename,
        mimetype=stored.mimetype,
        as_attachment=not inline,
        download_name=stored.original_name,
        conditional=True,
        etag=True,
        max_age=3600,
    )


@bp.route("/library/suggest", methods=["GET", "POST"])
@login_required
def suggest():
    """Suggest something for the library, or comment on an item."""
    item = None
    if request.args.get("item"):
        item = db.session.scalar(
            select(LibraryItem).where(
                LibraryItem.slug == request.args["item"], LibraryItem.status == ItemStatus.PUBLISHED
            )
        )
    form = SuggestionForm()
    if form.validate_on_submit():
        db.session.add(
            Suggestion(
                user_id=current_user.id,
                item_id=item.id if item else None,
                text=form.text.data.strip(),
                created_at=utcnow(),
            )
        )
        db.session.commit()
        flash("Thank you. The team reads every suggestion, and says here what they did.", "success")
        return redirect(url_for("library.you_said_we_did"))
    return render_template("library/suggest.html", form=form, item=item)


@bp.route("/library/you-said-we-did")
def you_said_we_did():
    """What families asked for, and what the team did about it."""
    answered = db.session.scalars(
        select(Suggestion)
        .where(Suggestion.status == SuggestionStatus.PUBLISHED)
        .order_by(Suggestion.answered_at.desc())
    ).all()
    return render_template("library/you_said.html", answered=answered)
