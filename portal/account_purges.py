"""Accounts deleted by time (two rules of portal/retention.py): one whose address was never
confirmed, and one nobody uses any more, after an email warning.

Both erase through the accounts domain's own `erase_account`, so an old account goes exactly as
one the person deleted themselves: future bookings cancelled, records kept for the figures
without the person.

"Using" an account is signing in to it, or having a booking made (staff book by phone for
families who never sign in; their account stays while they keep coming). An account with no
email address (a family booked by phone) cannot be warned, so it goes without a warning once
unused for the whole period; it holds bookings, so the unconfirmed-address rule never takes
it. This module sits above the domains because it reads across them (accounts, bookings,
business owners).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import case, exists, func, or_, select

from portal.accounts.data_rights import erase_account
from portal.accounts.models import User
from portal.accounts.services import AccountError
from portal.dates import london_date
from portal.events.models import Booking
from portal.extensions import db
from portal.links import external_url
from portal.outbox.services import queue_email
from portal.pledges.models import business_owners


def _not_erased():
    return User.erased_at.is_(None)


def _last_booked():
    return (
        select(func.max(Booking.created_at))
        .where(Booking.user_id == User.id)
        .correlate(User)
        .scalar_subquery()
    )


def _last_used():
    """When the account was last used: made, signed in to, or booked for."""
    last_seen = func.coalesce(User.last_signed_in_at, User.created_at)
    last_booked = func.coalesce(_last_booked(), User.created_at)
    return case((last_booked > last_seen, last_booked), else_=last_seen)


def _erase_each(people: list[User], *, reason: str, now: datetime) -> int:
    erased = 0
    for person in people:
        try:
            erase_account(person, actor=None, reason=reason, now=now)
        except AccountError as error:  # the only admin: kept, and said in the log
            current_app.logger.warning("Kept account %s: %s", person.id, error)
            continue
        erased += 1
    return erased


def purge_unconfirmed_accounts(*, now: datetime, days: int) -> int:
    """Erase accounts made online whose address nobody confirmed within `days`, and which hold
    nothing (no booking, no business). Returns how many went."""
    people = db.session.scalars(
        select(User).where(
            _not_erased(),
            User.email_confirmed_at.is_(None),
            User.created_at < now - timedelta(days=days),
            ~exists().where(Booking.user_id == User.id),
            ~exists().where(business_owners.c.user_id == User.id),
        )
    ).all()
    return _erase_each(people, reason=f"email address not confirmed within {days} days", now=now)


def warn_inactive_accounts(*, now: datetime, days: int, warning_days: int) -> int:
    """Email the people whose account will be erased in `warning_days` because it has not been
    used for `days`; each is told once. Returns how many were told."""
    people = db.session.scalars(
        select(User).where(
            _not_erased(),
            ~User.disabled,
            User.email.is_not(None),  # a family booked by phone with no address: nobody to tell
            # Told once for each time it falls idle (a warning before the last use is void).
            or_(User.inactivity_warned_at.is_(None), User.inactivity_warned_at < _last_used()),
            _last_used() < now - timedelta(days=days - warning_days),
        )
    ).all()
    for person in people:
        person.inactivity_warned_at = now
        queue_email(
            to=person.email,
            subject="We will delete your account unless you sign in",
            template="inactive_account_warning",
            user=person,
            deletion_date=london_date(now + timedelta(days=warning_days)),
            sign_in_url=external_url("accounts.sign_in"),
        )
    return len(people)


def purge_inactive_accounts(*, now: datetime, days: int, warning_days: int) -> int:
    """Erase accounts not used for `days` whose owner was warned at least `warning_days` ago
    (a disabled account, which cannot sign in, goes without a warning, and so does one staff
    made by phone with no email address: there is nobody to warn, and nobody signs in to it;
    each booking made for it counts as using it). Returns how many."""
    warned_long_enough = (User.inactivity_warned_at >= _last_used()) & (
        User.inactivity_warned_at <= now - timedelta(days=warning_days)
    )
    people = db.session.scalars(
        select(User).where(
            _not_erased(),
            _last_used() < now - timedelta(days=days),
            or_(warned_long_enough, User.disabled, User.email.is_(None)),
        )
    ).all()
    return _erase_each(people, reason=f"not used for {days} days", now=now)
