"""Accounts staff make for someone who telephoned, and the link that lets its owner create a
first password.

Such an account starts with no password (`NO_PASSWORD`): nothing can sign in to it. With an
email address, every booking email carries a "Create your password" link (events/emails.py); a
person who registers with that address, or asks for a password reset, is sent a link too. The
link is a signed token (no table) bound to the account's address and its current password hash,
so it stops working once a password is created (single use) or the address changes, and after
SET_PASSWORD_MAX_AGE. Opening it proves the address is theirs, so it confirms the address too.

Without an email address the account holds the family's name, phone number and bookings, and
nobody can sign in to it: staff tell the family by phone. Such an account can be found again
by its phone number, so a second call makes no second account.

Services take explicit arguments, never read the request, flush but do not commit, and raise
the errors below.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.accounts.models import Role, User
from portal.accounts.passwords import NO_PASSWORD, hash_password, password_problem
from portal.accounts.phones import normalise_phone
from portal.accounts.services import (
    AccountError,
    WeakPassword,
    find_user_by_email,
    normalise_email,
    password_fingerprint,
)
from portal.dates import utcnow
from portal.extensions import db
from portal.links import external_url, safe_next
from portal.outbox.services import queue_email

SET_PASSWORD_SALT = "portal.set-password"  # noqa: S105 - a salt, not a password
BAD_LINK = "This link has expired or has already been used"


class BadSetPasswordLink(AccountError):
    """The "create your password" link is broken, expired or already used."""


class NoWayToReach(AccountError):
    """Staff gave neither an email address nor a phone number."""


@dataclass(frozen=True)
class Caller:
    user: User
    made: bool  # True when the account was made just now


def find_caller_by_phone(phone: str) -> User | None:
    """The account with no email address that staff made for this phone number, if any."""
    return db.session.scalar(
        select(User)
        .where(User.email.is_(None), User.phone == phone, User.erased_at.is_(None))
        .order_by(User.id)
        .limit(1)
    )


def account_for_caller(
    *, full_name: str, email: str | None, phone: str | None, unreachable: bool = False
) -> Caller:
    """The account to book under for someone who telephoned: found by email address (or, with
    none, by phone number), or made with no password.

    A phone number is noted on the account if it has none. Raises NoWayToReach when neither is
    given, or AccountError for an address or number that cannot be used. With `unreachable`
    (a walk-in at the door who gave neither), a new account holds only their name: it cannot
    be found again, and nobody is told anything.
    """
    email = normalise_email(email) if email and email.strip() else None
    phone = normalise_phone(phone) if phone and phone.strip() else None
    if email is None and phone is None and not unreachable:
        raise NoWayToReach("Enter their email address or a phone number")
    existing = None
    if email:
        existing = find_user_by_email(email)
    elif phone:
        existing = find_caller_by_phone(phone)
    if existing is not None:
        if phone and not existing.phone and not existing.is_erased:
            existing.phone = phone
        return Caller(existing, made=False)
    user = User(
        email=email,
        phone=phone,
        full_name=full_name.strip(),
        role=Role.MEMBER,
        password_hash=NO_PASSWORD,
    )
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError as error:
        # Someone registered the address meanwhile. No savepoint: see services.register_user.
        db.session.rollback()
        raise AccountError("There is already an account with this email address") from error
    return Caller(user, made=True)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SET_PASSWORD_SALT)


def set_password_days() -> int:
    return current_app.config["SET_PASSWORD_MAX_AGE"].days


def set_password_url(user: User, *, next_url: str | None = None) -> str:
    """The link that lets the owner of an account with no password create one, then go to
    `next_url` (a path on this site, such as their booking)."""
    token = _serializer().dumps(
        {
            "user": user.id,
            "email": user.email,
            "password": password_fingerprint(user),
            "next": safe_next(next_url),
        }
    )
    return external_url("accounts.create_password", token=token)


@dataclass(frozen=True)
class SetPasswordLink:
    user: User
    next_url: str | None


def read_set_password_link(token: str) -> SetPasswordLink:
    """The account a "create your password" link is for, and where to go afterwards.

    Raises BadSetPasswordLink when the link is forged, expired, used (the account has a
    password now) or for an address the account no longer has.
    """
    max_age = current_app.config["SET_PASSWORD_MAX_AGE"].total_seconds()
    try:
        payload = _serializer().loads(token, max_age=max_age)
    except BadSignature as error:
        raise BadSetPasswordLink(BAD_LINK) from error
    if not isinstance(payload, dict):
        raise BadSetPasswordLink(BAD_LINK)
    user = db.session.get(User, payload.get("user"))
    if (
        user is None
        or not user.is_active
        or user.email is None
        or user.email != payload.get("email")
        or payload.get("password") != password_fingerprint(user)
    ):
        raise BadSetPasswordLink(BAD_LINK)
    return SetPasswordLink(user, safe_next(payload.get("next")))


def create_first_password(
    token: str, password: str, *, now: datetime | None = None
) -> SetPasswordLink:
    """Create the password of an account staff made, from the emailed link; the link reached
    the person, so their address is confirmed too. The link then stops working.

    Raises BadSetPasswordLink or WeakPassword.
    """
    link = read_set_password_link(token)
    user = link.user
    problem = password_problem(password, email=user.email or "")
    if problem:
        raise WeakPassword(problem)
    now = now or utcnow()
    user.password_hash = hash_password(password)
    user.password_changed_at = now
    if user.email_confirmed_at is None:
        user.email_confirmed_at = now
    user.end_all_sessions()
    return link


def send_set_password_link(user: User, *, next_url: str | None = None) -> None:
    """Email the owner of an account with no password the link to create one (when they try
    to register with its address: they need no second account)."""
    queue_email(
        to=user.email,
        subject="Create your password",
        template="set_password",
        user=user,
        set_password_url=set_password_url(user, next_url=next_url),
        days=set_password_days(),
    )
