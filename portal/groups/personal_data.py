"""What the groups domain holds about a person, and what it erases when their account goes.

Held: the groups they follow, the groups they lead, the updates they posted, the concerns they
reported. Erasing stops the following and the lead roles; updates stay with their group (the
group's news) without their name; concerns stay for safeguarding without the link to them or
the reply address they left.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update

from portal.accounts.registry import data_held_about, when_account_erased
from portal.extensions import db
from portal.groups.models import ConcernReport, Group, GroupFollower, GroupLead, GroupUpdate


def groups_followed_held(person) -> list[dict]:
    rows = db.session.execute(
        select(Group.name, GroupFollower.followed_at)
        .join(GroupFollower, GroupFollower.group_id == Group.id)
        .where(GroupFollower.user_id == person.id)
        .order_by(Group.name)
    ).all()
    return [{"Group": name, "Following since": since} for name, since in rows]


def groups_led_held(person) -> list[dict]:
    rows = db.session.execute(
        select(Group.name, GroupLead.appointed_at)
        .join(GroupLead, GroupLead.group_id == Group.id)
        .where(GroupLead.user_id == person.id)
        .order_by(Group.name)
    ).all()
    return [{"Group": name, "Lead since": since} for name, since in rows]


def updates_held(person) -> list[dict]:
    updates = db.session.scalars(
        select(GroupUpdate)
        .where(GroupUpdate.author_id == person.id)
        .order_by(GroupUpdate.created_at.desc())
    ).all()
    return [
        {
            "Group": u.group.name,
            "Title": u.title,
            "Update": u.body,
            "Posted": u.created_at,
            "Hidden by staff": u.is_hidden,
        }
        for u in updates
    ]


def concerns_held(person) -> list[dict]:
    reports = db.session.scalars(
        select(ConcernReport)
        .where(ConcernReport.reporter_id == person.id)
        .order_by(ConcernReport.created_at.desc())
    ).all()
    return [
        {
            "Group": r.group.name,
            "What you told us": r.message,
            "Reply to": r.contact_email,
            "Sent": r.created_at,
        }
        for r in reports
    ]


def erase_from_groups(person, now: datetime) -> None:
    """Stop following and leading; unlink updates and concerns from the person."""
    db.session.execute(delete(GroupFollower).where(GroupFollower.user_id == person.id))
    db.session.execute(delete(GroupLead).where(GroupLead.user_id == person.id))
    db.session.execute(
        update(GroupUpdate).where(GroupUpdate.author_id == person.id).values(author_id=None)
    )
    db.session.execute(
        update(ConcernReport)
        .where(ConcernReport.reporter_id == person.id)
        .values(reporter_id=None, contact_email="")
    )
    # A concern sent without signing in, with their address to reply to.
    db.session.execute(
        update(ConcernReport)
        .where(ConcernReport.contact_email == person.email)
        .values(contact_email="")
    )
    db.session.flush()


data_held_about("groups_followed", "Groups you follow", order=40)(groups_followed_held)
data_held_about("groups_led", "Groups you lead", order=41)(groups_led_held)
data_held_about("group_updates", "Updates you posted to groups", order=42)(updates_held)
data_held_about("group_concerns", "Concerns you reported about groups", order=43)(concerns_held)
when_account_erased(erase_from_groups)
