"""Training sessions. Listing and booking arrive with the training-sessions work."""

from flask import render_template

from portal.events import bp


@bp.route("/events")
def index():
    """Upcoming training sessions (none can be published yet)."""
    return render_template("events/index.html")
