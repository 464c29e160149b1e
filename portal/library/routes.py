"""The public library: search and filters, one item, and its files (with range requests)."""

from flask import abort, render_template, request, send_file
from sqlalchemy import select

from portal.extensions import db
from portal.htmx import render
from portal.library import bp
from portal.library.files import library_folder
from portal.library.models import KIND_LABELS, FileRole, ItemStatus, LibraryFile, LibraryItem
from portal.library.render import body_html
from portal.library.search import matching
from portal.library.services import count


@bp.route("/library")
def index():
    """Films and leaflets: search as you type, filter by kind."""
    q = (request.args.get("q") or "").strip()[:100]
    kind = request.args.get("kind") or ""
    page = min(max(request.args.get("page", 1, type=int), 1), 10000)
    query = select(LibraryItem).where(LibraryItem.status == ItemStatus.PUBLISHED)
    if kind in KIND_LABELS:
        query = query.where(LibraryItem.kind == kind)
    clause = matching(q) if q else None
    if clause is not None:
        query = query.where(clause)
    items = db.paginate(
        query.order_by(LibraryItem.published_at.desc(), LibraryItem.id.desc()),
        page=page,
        per_page=10,
        error_out=False,
    )
    return render(
        "library/index.html", block="results", items=items, q=q, kind=kind, kinds=KIND_LABELS
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
