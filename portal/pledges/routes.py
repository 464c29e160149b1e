"""Business pledges. The directory arrives with the business-pledges work."""

from flask import render_template

from portal.pledges import bp


@bp.route("/pledges")
def index():
    """Businesses with an autism-awareness pledge (none can be approved yet)."""
    return render_template("pledges/index.html")
