"""Admins: read the audit log."""

from __future__ import annotations

from flask import abort, render_template, request

from portal.accounts.access import admin_required
from portal.audit.queries import audit_page
from portal.staff import bp


@bp.route("/audit")
@admin_required
def audit():
    """Who did what, when, newest first."""
    page = max(request.args.get("page", 1, type=int), 1)
    entries = audit_page(page)
    if page > 1 and not entries.items:
        abort(404)
    return render_template("staff/audit.html", entries=entries)
