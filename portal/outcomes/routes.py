"""The public “You said, we did” page."""

from flask import render_template, request

from portal.outcomes import bp
from portal.outcomes.entries import THEMES, ListPage
from portal.outcomes.sources import all_outcomes
from portal.page_cache import LIBRARY, OTHER, PLEDGES, shared_page

PER_PAGE = 20


@bp.route("/you-said-we-did")
@shared_page(areas=(LIBRARY, PLEDGES, OTHER), params=("theme", "page"))
def index():
    """Everything people told us that led to a change, newest first, filtered by theme."""
    theme = request.args.get("theme") or ""
    if theme not in THEMES:
        theme = ""
    page = ListPage.of(
        all_outcomes(theme or None), page=request.args.get("page", 1, type=int), per_page=PER_PAGE
    )
    return render_template("outcomes/index.html", page=page, theme=theme, themes=THEMES)
