"""The public help directory: search and filters, and one service. No account needed."""

from flask import abort, render_template, request

from portal.help import bp
from portal.help.models import KIND_LABELS, ServiceStatus
from portal.help.queries import HelpFilters, age_asked, help_page, service_by_slug
from portal.htmx import render
from portal.page_cache import OTHER, shared_page


@bp.route("/help")
@shared_page(areas=(OTHER,), params=("kind", "area", "age", "page"))
def index():
    """Local help: search as you type, filter by kind of help, area and age."""
    args = request.args
    filters = HelpFilters(
        q=(args.get("q") or "").strip()[:100],
        kind=args.get("kind") or "",
        area=(args.get("area") or "")[:80],
        age=age_asked(args.get("age")),
    )
    found = help_page(filters, page=min(max(args.get("page", 1, type=int), 1), 10000))
    return render(
        "help/index.html",
        block="results",
        services=found.services,
        areas=found.areas,
        loosened=found.loosened,
        kinds=KIND_LABELS,
        filters=filters,
        address=filters.in_address(),
    )


@bp.route("/help/<slug>")
def show(slug: str):
    """One service: who it is for, how to get in touch, and when it is open."""
    service = service_by_slug(slug)
    if service is None or service.status == ServiceStatus.DRAFT:
        abort(404)
    if service.status == ServiceStatus.ARCHIVED:
        return render_template("help/archived.html", service=service), 410
    return render_template("help/show.html", service=service)
