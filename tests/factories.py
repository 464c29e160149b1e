"""Plain functions that make records with sensible defaults."""

from __future__ import annotations

from itertools import count

from portal.accounts.models import Role
from portal.accounts.services import register_user
from portal.extensions import db

_numbers = count(1)
DEFAULT_PASSWORD = "correct horse battery"


def make_user(
    *,
    email: str | None = None,
    role: str = Role.MEMBER,
    full_name: str = "Jo Parent",
    password: str = DEFAULT_PASSWORD,
    disabled: bool = False,
):
    user = register_user(
        email=email or f"person{next(_numbers)}@example.org",
        full_name=full_name,
        password=password,
        role=Role(role),
    )
    user.disabled = disabled
    db.session.commit()
    return user
