"""Demo staff and admins' authenticator apps: fixed, published keys (development only).

Staff and admins must sign in with a code from an authenticator app. So that a developer can
try the console, the demo accounts get these well-known keys: add one to any authenticator app,
or print the current code with
`python -c "import pyotp; print(pyotp.TOTP('<key>').now())"`. `flask demo-data` refuses to run
in production, like the demo passwords; never use these keys anywhere else.
"""

from __future__ import annotations

from datetime import datetime

from portal.accounts.models import SecondFactor, User
from portal.accounts.second_factor import secret_in_groups
from portal.extensions import db

STAFF_KEY = "BROMLEYSTAFFDEMOBROMLEYSTAFFDEMO"
ADMIN_KEY = "BROMLEYADMINDEMOBROMLEYADMINDEMO"
CODE_COMMAND = "python -c \"import pyotp; print(pyotp.TOTP('{key}').now())\""


def demo_key(user: User) -> str:
    return ADMIN_KEY if user.role == "admin" else STAFF_KEY


def give_demo_app(user: User, now: datetime) -> str | None:
    """Set up the demo authenticator key for a staff or admin account that has none; return
    the line that tells the developer the key (None for other accounts)."""
    if not user.needs_second_factor:
        return None
    if user.second_factor is None:
        db.session.add(SecondFactor(user=user, secret=demo_key(user), confirmed_at=now))
        db.session.flush()
    if user.second_factor.secret != demo_key(user):
        return f"{'':12}{user.email} has its own authenticator app (set up by hand)"
    key = demo_key(user)
    return (
        f"{'':12}authenticator key: {secret_in_groups(key)}\n"
        f"{'':12}code now: {CODE_COMMAND.format(key=key)}"
    )


def demo_app_rows(people: list[tuple[int, str]], now: datetime) -> list[dict]:
    """Rows of second_factors for the scale data set's staff and admin: (user id, role)."""
    return [
        {
            "user_id": user_id,
            "secret": ADMIN_KEY if role == "admin" else STAFF_KEY,
            "created_at": now,
            "confirmed_at": now,
            "failed_attempts": 0,
        }
        for user_id, role in people
    ]
