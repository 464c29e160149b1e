"""The film and leaflet library. Items arrive with the library work."""

from flask import render_template

from portal.library import bp


@bp.route("/library")
def index():
    """Films and leaflets (none can be published yet)."""
    return render_template("library/index.html")
