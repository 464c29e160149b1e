"""Staff: library items, their files and alternative formats, reviews and archiving."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.dates import utcnow
from portal.extensions import db
from portal.forms import EmptyForm
from portal.htmx import is_htmx
from portal.library.files import FileRefused
from portal.library.films import ffmpeg_binary, what_is_missing
from portal.library.models import FILE_ROLE_LABELS, LibraryItem, Suggestion
from portal.library.queries import all_items, due_for_review, pending_suggestions
from portal.library.services import (
    LibraryError,
    answer_suggestion,
    archive,
    mark_reviewed,
    publish,
    save_item,
    upload_file,
)
from portal.staff import bp
from portal.staff.forms.library import ItemForm, UploadForm

MISSING_WORDS = {"video/mp4": "MP4 version", "video/webm": "WebM version", "image/jpeg": "poster"}


def _film_status(item: LibraryItem | None) -> dict:
    """What a film still lacks for every browser to play it, and whether the portal can make it."""
    missing = what_is_missing(item) if item else []
    return {
        "file_roles": FILE_ROLE_LABELS,
        "film_missing": [MISSING_WORDS[m] for m in missing],
        "can_convert": bool(missing) and ffmpeg_binary() is not None,
    }


@bp.route("/library")
def library():
    """Every library item, and those due for review."""
    return render_template(
        "staff/library.html", items=all_items(), due=due_for_review(today=utcnow().date())
    )


@bp.route("/library/new", methods=["GET", "POST"])
@bp.route("/library/<int:item_id>", methods=["GET", "POST"])
def library_item(item_id: int | None = None):
    """Create or change an item; upload its files; publish, review or archive it."""
    item = db.get_or_404(LibraryItem, item_id) if item_id else None
    form = ItemForm(obj=item)
    if form.validate_on_submit():
        item = save_item(item, actor=current_user, now=utcnow(), **form.item_fields())
        db.session.commit()
        flash("Saved.", "success")
        return redirect(url_for("staff.library_item", item_id=item.id))
    return render_template(
        "staff/library_item.html",
        item=item,
        form=form,
        upload_form=UploadForm(formdata=None),
        action_form=EmptyForm(),
        **_film_status(item),
    )


@bp.route("/library/<int:item_id>/files", methods=["POST"])
def library_upload(item_id: int):
    """Upload a file; a failed upload leaves no record and no file behind."""
    item = db.get_or_404(LibraryItem, item_id)
    form = UploadForm()
    if form.validate_on_submit():
        try:
            attached = upload_file(item, form.file.data, **form.file_details())
        except FileRefused as error:
            form.file.errors.append(str(error))
        else:
            db.session.commit()
            flash(f"Uploaded {attached.original_name}.", "success")
            return redirect(url_for("staff.library_item", item_id=item.id))
    return render_template(
        "staff/library_item.html",
        item=item,
        form=ItemForm(obj=item),
        upload_form=form,
        action_form=EmptyForm(),
        **_film_status(item),
    ), (200 if is_htmx() else 400)  # htmx swaps nothing on a 4xx: the errors must show


@bp.route("/library/<int:item_id>/<action>", methods=["POST"])
def library_action(item_id: int, action: str):
    """Publish, mark reviewed, or archive."""
    item = db.get_or_404(LibraryItem, item_id)
    note = (request.form.get("note") or "").strip()
    now = utcnow()
    try:
        if action == "publish":
            publish(item, actor=current_user, now=now)
        elif action == "reviewed":
            mark_reviewed(item, note=note, actor=current_user, now=now)
        elif action == "archive":
            archive(item, note=note, actor=current_user, now=now)
        else:
            return redirect(url_for("staff.library_item", item_id=item.id))
    except LibraryError as error:
        db.session.rollback()
        flash(str(error), "info")
    else:
        db.session.commit()
        flash(
            {"publish": "Published.", "reviewed": "Marked as reviewed.", "archive": "Archived."}[
                action
            ],
            "success",
        )
    return redirect(url_for("staff.library_item", item_id=item.id))


@bp.route("/library/suggestions", methods=["GET", "POST"])
def library_suggestions():
    """Read families' suggestions; publish each with what was done, or reject it."""
    if request.method == "POST":
        suggestion = db.get_or_404(Suggestion, request.form.get("id", type=int) or 0)
        try:
            answer_suggestion(
                suggestion,
                publish=request.form.get("action") == "publish",
                response=request.form.get("response") or "",
                actor=current_user,
                now=utcnow(),
            )
        except LibraryError as error:
            db.session.rollback()
            flash(str(error), "info")
        else:
            db.session.commit()
            flash("Saved.", "success")
        return redirect(url_for("staff.library_suggestions"))
    return render_template(
        "staff/library_suggestions.html", pending=pending_suggestions(), form=EmptyForm()
    )
