"""The home page, the footer's pages and the health check."""

from flask import current_app, jsonify, render_template, send_from_directory
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from portal.extensions import db, limiter
from portal.page_cache import shared_page
from portal.pages import bp


@bp.route("/")
@shared_page()
def home():
    """The home page: what the portal offers, in plain English."""
    return render_template("pages/home.html")


@bp.route("/privacy")
def privacy():
    """The privacy notice."""
    return render_template("pages/privacy.html")


@bp.route("/accessibility")
def accessibility():
    """The accessibility statement."""
    return render_template("pages/accessibility.html")


@bp.route("/contact")
def contact():
    """How to reach the team."""
    return render_template("pages/contact.html")


@bp.route("/media/<path:filename>")
def media(filename: str):
    """Photos and files kept outside static/ (served with an explicit type, never listed)."""
    return send_from_directory(current_app.config["MEDIA_FOLDER"], filename, max_age=86400)


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
