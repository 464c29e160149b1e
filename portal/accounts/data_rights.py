"""A person's data rights: see and take everything held about them, and have it erased.

What each domain holds, and what it erases, is registered by that domain
(accounts/registry.py: `data_held_about`, `when_account_erased`), so accounts never imports
the domains.

Erased accounts are anonymised, not deleted. The audit log must stay whole for six years, and
its entries point at accounts: at the person (actions done to their account) and, when staff
are erased, at who did what. Deleting the row would either break those entries or, with SQLite
reusing the highest id, let a new account inherit them. So the row stays with no name, an
address that cannot receive mail (`erased-<id>@invalid`), no phone number, a password nothing
matches, no role but member, disabled, and `erased_at` set; every link from the person's
records to it is removed or the records deleted by the domains first.

Services take explicit arguments, never read the request, flush but do not commit, and raise
the errors below (their message is safe to show).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from portal.accounts.models import Role, User
from portal.accounts.registry import account_erased, data_parts
from portal.accounts.services import AccountError, OwnAccount
from portal.audit.services import record
from portal.dates import utcnow
from portal.extensions import db

ERASED_NAME = "Erased account"
# Not an argon2 hash, so no password ever matches it (verify_password answers False).
UNUSABLE_PASSWORD_HASH = "!erased"  # noqa: S105 - a marker, not a password

ROLE_WORDS = {
    Role.MEMBER: "Member (families and professionals)",
    Role.BUSINESS: "Business",
    Role.STAFF: "Staff",
    Role.ADMIN: "Admin",
}


class AlreadyErased(AccountError):
    """The account has already been erased."""


class LastAdmin(AccountError):
    """The only admin cannot be erased: nobody could then manage accounts."""


class ReasonMissing(AccountError):
    """An admin acting for someone must say why."""


def account_held(person: User) -> dict[str, Any]:
    """The account's own details, as "Download your data" shows them."""
    return {
        "Name": person.full_name,
        "Email address": person.email,
        "Phone number": person.phone,
        "Role": ROLE_WORDS.get(person.role, person.role),
        "Account created": person.created_at,
        "Last signed in": person.last_signed_in_at,
        "Password last changed": person.password_changed_at,
    }


def export_data(person: User, *, now: datetime | None = None) -> dict[str, Any]:
    """Everything held about `person`: the account, then each domain's part under its key.

    Values are text, numbers, yes/no, lists of text, datetimes or None; `as_json` writes the
    datetimes in ISO 8601. The labels are the words the page shows, so the file reads on its
    own and the page and the file cannot disagree. Raises nothing.
    """
    data: dict[str, Any] = {"made_at": now or utcnow(), "account": account_held(person)}
    for part in data_parts():
        data[part.key] = part.records(person)
    return data


def part_titles() -> dict[str, str]:
    """The heading of each part of a person's data, by its key."""
    return {"account": "Your account", **{part.key: part.title for part in data_parts()}}


def _iso(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} cannot go in the data file")


def as_json(data: dict[str, Any]) -> str:
    """A person's data as the JSON file they download."""
    return json.dumps(data, default=_iso, ensure_ascii=False, indent=2)


def subject_access_export(
    person: User, *, actor: User, reason: str, now: datetime
) -> dict[str, Any]:
    """An admin downloads a person's data for them (a subject access request by phone or
    letter); recorded in the audit log with the reason. Raises ReasonMissing."""
    if not reason.strip():
        raise ReasonMissing("Enter why you are downloading their data")
    record(actor, "subject access request", "user", person.id, reason.strip(), now=now)
    return export_data(person, now=now)


def _other_admins(person: User) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.role == Role.ADMIN, User.disabled.is_(False), User.id != person.id)
    )


def erase_account(person: User, *, actor: User | None, reason: str, now: datetime) -> None:
    """Erase a person's account and everything held about them that is not needed for figures.

    Every registered domain goes first (while the person's id and address can still be read):
    future bookings are cancelled, and waiting families promoted, through the events domain's
    own rules; what is kept for figures loses the link to the person. Then the account is
    anonymised (see the module docstring), every session ends, and "account erased" is
    recorded with `reason` (never the name or address). `actor` is the person themselves, the
    admin acting for them, or None for the retention purge (portal/account_purges.py).

    Raises AlreadyErased, or LastAdmin for the only active admin.
    """
    if person.is_erased:
        raise AlreadyErased("This account has already been deleted")
    if person.role == Role.ADMIN and _other_admins(person) == 0:
        raise LastAdmin(
            "You are the only admin, so this account cannot be deleted yet. "
            "Make someone else an admin first."
        )
    account_erased(person, now)
    person.end_all_sessions()
    person.full_name = ERASED_NAME
    person.email = f"erased-{person.id}@invalid"
    person.phone = None
    person.password_hash = UNUSABLE_PASSWORD_HASH
    person.role = Role.MEMBER
    person.disabled = True
    person.last_signed_in_at = None
    person.password_changed_at = now
    person.erased_at = now
    record(actor, "account erased", "user", person.id, reason.strip(), now=now)
    db.session.flush()
    # The domains changed rows in bulk: objects already loaded must not answer from before.
    db.session.expire_all()


def erase_account_for(person: User, *, actor: User, reason: str, now: datetime) -> None:
    """An admin erases the account of someone who asked by phone or letter, saying why.

    Raises OwnAccount (an admin erases their own account from their account page, not here),
    ReasonMissing, AlreadyErased or LastAdmin.
    """
    if person.id == actor.id:
        raise OwnAccount("You cannot erase your own account here. Ask another admin.")
    if not reason.strip():
        raise ReasonMissing("Enter why you are erasing their account")
    erase_account(person, actor=actor, reason=reason, now=now)
