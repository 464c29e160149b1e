"""What the groups domain adds to the account page: the groups you follow and lead."""

from __future__ import annotations

from sqlalchemy import select

from portal.accounts.registry import account_section
from portal.extensions import db
from portal.groups.models import Group, GroupFollower
from portal.groups.queries import groups_led_by


@account_section("groups/_account_groups.html")
def your_groups(user) -> dict:
    """Groups the person follows, and groups they lead."""
    followed = db.session.scalars(
        select(Group)
        .join(GroupFollower, GroupFollower.group_id == Group.id)
        .where(GroupFollower.user_id == user.id, Group.hidden_at.is_(None))
        .order_by(Group.name)
    ).all()
    return {"followed": followed, "led": groups_led_by(user)}
