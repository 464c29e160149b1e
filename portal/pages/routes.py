"""The home page, the footer's pages and the health checks."""

from flask import abort, current_app, jsonify, render_template, request, url_for
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from portal.dates import utcnow
from portal.events.queries import is_venue_photo
from portal.extensions import db, limiter
from portal.library.queries import other_formats
from portal.media import photo_type
from portal.page_cache import AREAS, OTHER, shared_page
from portal.pages import bp
from portal.pledges.queries import is_business_photo
from portal.readiness import readiness
from portal.retention import promises
from portal.storage.serving import send_stored


@bp.route("/")
@shared_page(areas=AREAS)  # it shows a little of everything
def home():
    """The home page: what the portal offers, in plain English. It names only the library's
    formats that exist."""
    return render_template("pages/home.html", formats=other_formats())


@bp.route("/privacy")
def privacy():
    """The privacy notice. How long each thing is kept is read from the configuration, the
    same periods the purges use, so the notice and the system cannot disagree."""
    return render_template("pages/privacy.html", promises=promises(current_app.config))


@bp.route("/accessibility")
def accessibility():
    """The accessibility statement."""
    return render_template("pages/accessibility.html")


@bp.route("/contact")
def contact():
    """How to reach the team."""
    return render_template("pages/contact.html")


@bp.route("/about")
@shared_page(areas=(OTHER,))  # words only: a change anywhere else never shows here
def about():
    """How this started, who runs the portal now, and how to get involved."""
    # Parts of the portal still being built are linked once they are there.
    there = current_app.view_functions
    return render_template(
        "pages/about.html",
        groups_url=url_for("groups.index") if "groups.index" in there else None,
        board_url=url_for("board.index") if "board.index" in there else None,
    )


@bp.route("/media/<filename>")
def media(filename: str):
    """A visual-story photo (a venue's or a business's): only the files of those photos are
    served here. Library files go through the library's own checked route, never this one."""
    if not (is_venue_photo(filename) or is_business_photo(filename)):
        abort(404)
    return send_stored(filename, mimetype=photo_type(filename), max_age=86400)


@bp.route("/healthz")
@limiter.exempt
def healthz():
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok")


@bp.route("/readyz")
@limiter.exempt
def readyz():
    """For monitoring: 200 when the database, Redis, the file storage, the outbox and the
    scheduled jobs are all well, else 503, saying which part (or which job) is not.

    `/readyz?scope=host` is the load balancer's check: only what this host needs to serve (the
    database, Redis, the storage), not the outbox and jobs every host shares."""
    host_only = request.args.get("scope") == "host"
    ready, report = readiness(now=utcnow(), host_only=host_only)
    return jsonify(status="ok" if ready else "unavailable", **report), 200 if ready else 503
