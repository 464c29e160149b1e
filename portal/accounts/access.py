"""Who may open what: decorators for routes, and a guard for whole blueprints."""

from __future__ import annotations

import time
from datetime import timedelta
from functools import wraps

from flask import Response, abort, redirect, request, session, url_for
from flask_login import current_user

from portal.accounts.models import Role
from portal.extensions import login_manager
from portal.htmx import is_htmx

STAFF_ROLES = (Role.STAFF, Role.ADMIN)


def require_role(*roles: str) -> None:
    """Send an anonymous visitor to sign in; refuse anyone signed in without one of the roles.

    Returns nothing when access is allowed, so it works as a blueprint's before_request.
    """
    if not current_user.is_authenticated:
        sign_in = login_manager.unauthorized()
        if is_htmx():
            # A redirect would be followed inside the page and the sign-in form swapped into a
            # table; tell htmx to load the sign-in page as a whole page instead.
            abort(Response(status=401, headers={"HX-Redirect": sign_in.location}))
        abort(sign_in)
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


RECENT_SIGN_IN = timedelta(minutes=15)


def signed_in_recently() -> bool:
    stamp = session.get("password_confirmed_at")
    if not isinstance(stamp, (int, float)):
        return False
    return time.time() - stamp < RECENT_SIGN_IN.total_seconds()


def recent_sign_in_required(view):
    """Sensitive actions (exports, role changes) ask for the password again after 15 minutes,
    and staff and admins for a code from their authenticator app too."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not signed_in_recently():
            return redirect(
                url_for("accounts.confirm_password", next=request.full_path.rstrip("?"))
            )
        return view(*args, **kwargs)

    return wrapped


staff_required = role_required(*STAFF_ROLES)
admin_required = role_required(Role.ADMIN)
