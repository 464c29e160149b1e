"""Reading accounts for the staff console."""

from __future__ import annotations

from sqlalchemy import func, or_, select

from portal.accounts.models import Role, User
from portal.extensions import db


def find_people(text: str, *, limit: int = 50) -> list[User]:
    """People whose name or email contains `text` (any case), by name; nobody for no text."""
    text = text.strip()
    if not text:
        return []
    pattern = f"%{text.lower()}%"
    return list(
        db.session.scalars(
            select(User)
            .where(or_(User.email.like(pattern), func.lower(User.full_name).like(pattern)))
            .order_by(User.full_name)
            .limit(limit)
        )
    )


def staff_people() -> list[User]:
    """Everyone who works in the staff console (staff and admins, not disabled), by name."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.role.in_((Role.STAFF, Role.ADMIN)), User.disabled.is_(False))
            .order_by(User.full_name)
        )
    )
