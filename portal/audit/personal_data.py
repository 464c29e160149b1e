"""What the audit log holds about a person, and what erasing their account changes in it.

The log records what was done to the person's account and, for staff, what they did. Both are
about them, so both are in "Download your data"; but what staff did often concerns other
people, so for those entries only the action, the time and the kind of record are given, not
the details. Who did something to the person's account is given as "Staff", not by name.

Erasing keeps every entry (the log must stay whole): the person's row is kept, anonymised, so
entries still point at one account with no name. Only the person's name is taken out of the
details of entries that name them (staff named as a session's leads).

Registered at app start (portal/__init__.py). Services flush but never commit.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import or_, select

from portal.accounts.registry import data_held_about, when_account_erased
from portal.audit.models import AuditEntry
from portal.extensions import db

NAME_REMOVED = "(erased account)"


@data_held_about("audit_log", "What our records say was done by you or to your account", order=90)
def audit_entries_held(person) -> list[dict]:
    """Entries about the person's account, and entries of what they did, latest first."""
    to_them = (AuditEntry.target_type == "user") & (AuditEntry.target_id == person.id)
    entries = db.session.scalars(
        select(AuditEntry)
        .where(or_(to_them, AuditEntry.actor_id == person.id))
        .order_by(AuditEntry.id.desc())
    ).all()
    records = []
    for entry in entries:
        about_them = entry.target_type == "user" and entry.target_id == person.id
        records.append(
            {
                "What was done": entry.action,
                "When": entry.at,
                "Done by": "You" if entry.actor_id == person.id else "Staff",
                "To": "Your account" if about_them else entry.target_type.replace("_", " "),
                "Details": entry.summary if about_them else "",
            }
        )
    return records


@when_account_erased
def erase_name_from_audit(person, now: datetime) -> None:
    """Take the person's name out of the details of entries that name them."""
    name = person.full_name.strip()
    if len(name) < 2:
        return
    named = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.summary.contains(name, autoescape=True))
    ).all()
    for entry in entries:
        entry.summary = named.sub(NAME_REMOVED, entry.summary)
    db.session.flush()
