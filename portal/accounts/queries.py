"""Reading accounts for the staff console."""

from __future__ import annotations

import re

from sqlalchemy import func, or_, select

from portal.accounts.models import Role, User
from portal.extensions import db


def find_people(text: str, *, limit: int = 50) -> list[User]:
    """People whose name or email contains `text` (any case), or whose phone number contains
    its digits (typed with spaces or not), by name; nobody for no text."""
    text = text.strip()
    if not text:
        return []
    pattern = f"%{text.lower()}%"
    digits = re.sub(r"\D", "", text)
    by_phone = [User.phone.like(f"%{digits}%")] if len(digits) >= 4 else []
    return list(
        db.session.scalars(
            select(User)
            .where(
                or_(User.email.like(pattern), func.lower(User.full_name).like(pattern), *by_phone)
            )
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
