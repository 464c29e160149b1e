"""Starting a signed-in session: after the password, and for staff after the code as well.

Signing in happens in one place, `start_session`. For someone who must use two-step sign-in
(staff and admins) or has set it up, the password only makes them "half signed in": the session
holds a marker naming the account, made at most ten minutes ago, and nothing else. They are not
signed in (Flask-Login knows nothing of them) until they type a code from their app, or set one
up (two_step_routes.py). `session.clear()` at the real sign-in removes the marker.

The marker lives in the signed session cookie, so nobody can forge it; the server checks its age
and that the account's session token (which changes when the password does) still matches.
"""

from __future__ import annotations

import time

from flask import flash, redirect, request, session, url_for
from flask_login import login_user
from sqlalchemy import select

from portal.accounts.models import User
from portal.accounts.second_factor import discard_unfinished_set_up
from portal.audit.services import record
from portal.extensions import db
from portal.links import safe_next

HALF_SIGNED_IN = "half_signed_in"
HALF_SIGNED_IN_SECONDS = 10 * 60


def home_for(user: User) -> str:
    return url_for("staff.dashboard") if user.is_staff else url_for("accounts.account")


def start_session(
    user, *, remember: bool = False, message: str | None = None, next_url: str | None = None
):
    """Sign in with a brand-new session (no fixation) and go where the person was heading; for
    two-step sign-in, first ask for a code (or to set up an app)."""
    destination = safe_next(next_url or request.args.get("next")) or home_for(user)
    # Nothing of the browser's earlier session survives: what a person had started (a booking)
    # is kept on the server for their account, never for whoever uses this browser next.
    session.clear()
    if user.has_second_factor or user.needs_second_factor:
        if not user.has_second_factor:
            discard_unfinished_set_up(user)  # a fresh key for each try at setting up
        session[HALF_SIGNED_IN] = {
            "user": user.id,
            "token": user.session_token,
            "at": time.time(),
            "remember": bool(remember),
            "next": destination,
            "message": message or "",
        }
        db.session.commit()
        if user.has_second_factor:
            return redirect(url_for("accounts.enter_code"))
        return redirect(url_for("accounts.set_up_app"))
    sign_in_now(user, remember=remember)
    if message:
        flash(message, "success")
    return redirect(destination)


def half_signed_in() -> tuple[User, dict] | None:
    """The account whose password was just given, and the marker, if it is still fresh."""
    marker = session.get(HALF_SIGNED_IN)
    if not isinstance(marker, dict):
        return None
    made = marker.get("at")
    fresh = isinstance(made, (int, float)) and 0 <= time.time() - made < HALF_SIGNED_IN_SECONDS
    token = marker.get("token")
    user = None
    if fresh and isinstance(token, str):
        user = db.session.scalar(
            select(User).where(User.session_token == token, User.disabled.is_(False))
        )
    if user is None:
        session.pop(HALF_SIGNED_IN, None)
        return None
    return user, marker


def half_signed_in_user_id() -> int | None:
    """The id the half-signed-in marker names (for rate limits; it is not checked here)."""
    marker = session.get(HALF_SIGNED_IN)
    user_id = marker.get("user") if isinstance(marker, dict) else None
    return user_id if isinstance(user_id, int) else None


def sign_in_now(user: User, *, remember: bool = False, how: str | None = None) -> None:
    """Sign the person in on a brand-new session, and commit. `how` says how a member of staff
    proved it was them, for the audit log (never the code itself)."""
    session.clear()
    session["password_confirmed_at"] = time.time()
    login_user(user, remember=remember)
    if user.is_staff:
        record(user, "signed in", "user", user.id, how or "with their password")
    db.session.commit()


def flash_codes_left(left: int) -> None:
    """Tell the person how many recovery codes they have left, after they used one."""
    if left == 0:
        message = (
            "You used your last recovery code. Make new ones now from your account, in case "
            "you lose your phone."
        )
    else:
        message = f"You used a recovery code. You have {left} left. Each one works once."
        if left <= 3:
            message += " You can make new ones from your account."
    flash(message, "info")
