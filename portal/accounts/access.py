"""Who may open what: decorators for routes, and a guard for whole blueprints."""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user

from portal.accounts.models import Role
from portal.extensions import login_manager

STAFF_ROLES = (Role.STAFF, Role.ADMIN)


def require_role(*roles: str) -> None:
    """Send an anonymous visitor to sign in; refuse anyone signed in without one of the roles.

    Returns nothing when access is allowed, so it works as a blueprint's before_request.
    """
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if not current_user.has_role(*roles):
        abort(403)


def role_required(*roles: str):
    """Route decorator: only people with one of these roles get in."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            require_role(*roles)
            return view(*args, **kwargs)

        return wrapped

    return decorator


staff_required = role_required(*STAFF_ROLES)
admin_required = role_required(Role.ADMIN)
