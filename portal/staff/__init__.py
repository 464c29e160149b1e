"""The staff console blueprint: one guard for every staff URL, and one module per part of it."""

from flask import Blueprint

from portal.accounts.access import STAFF_ROLES, require_role

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.before_request
def _staff_only():
    # Every staff URL, htmx fragments included, goes through this one guard.
    require_role(*STAFF_ROLES)


from portal.staff import (  # noqa: E402,F401
    audit,
    board,
    bookings,
    challenges,
    comments,
    commitments,
    consultations,
    dashboard,
    exports,
    groups,
    help,
    library,
    outbox,
    people,
    pledges,
    register,
    sessions,
    venues,
)
