"""Accounts: registering, signing in, changing and resetting passwords; admins changing accounts.

Confirming and changing email addresses is in `addresses.py`.

Services take explicit arguments, never read the request, flush but do not commit, and raise the
named errors below. Routes commit.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from portal.accounts.models import Role, User
from portal.accounts.passwords import (
    burn_time_like_a_real_check,
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)
from portal.audit.services import record
from portal.dates import utcnow
from portal.extensions import db
from portal.links import external_url
from portal.outbox.services import queue_email

RESET_SALT = "portal.password-reset"


class AccountError(Exception):
    """Base class for the errors below; the message is safe to show to the person."""


class EmailAlreadyRegistered(AccountError):
    """Someone already has an account with this email address."""


class InvalidCredentials(AccountError):
    """The email and password do not match an active account."""


class WrongPassword(AccountError):
    """The current password given to confirm a change is not right."""


class WeakPassword(AccountError):
    """The new password breaks a password rule."""


class BadResetLink(AccountError):
    """The password reset link is broken, expired or already used."""


class OwnAccount(AccountError):
    """Admins cannot change their own role or disable themselves: another admin must."""


def normalise_email(email: str) -> str:
    """The form of an email address we store and look up: validated syntax, lower case."""
    try:
        result = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise AccountError(
            "Enter an email address in the correct format, like name@example.com"
        ) from error
    return result.normalized.lower()


def find_user_by_email(email: str) -> User | None:
    """The account for an email address, if there is one."""
    try:
        normalised = normalise_email(email)
    except AccountError:
        return None
    # Stored addresses are already normalised, so the unique index answers this.
    return db.session.scalar(select(User).where(User.email == normalised))


def _set_password(user: User, password: str) -> None:
    problem = password_problem(password, email=user.email)
    if problem:
        raise WeakPassword(problem)
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()


def register_user(
    *,
    email: str,
    full_name: str,
    password: str,
    role: Role = Role.MEMBER,
    email_confirmed_at: datetime | None = None,
) -> User:
    """Create an account (its address unconfirmed unless `email_confirmed_at` says otherwise).

    Raises EmailAlreadyRegistered, WeakPassword, or AccountError for a malformed email address.
    """
    email = normalise_email(email)
    if find_user_by_email(email) is not None:
        raise EmailAlreadyRegistered("There is already an account with this email address")
    user = User(
        email=email, full_name=full_name.strip(), role=role, email_confirmed_at=email_confirmed_at
    )
    _set_password(user, password)
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError as error:
        # Lost a race with a double-clicked form. No savepoint: see events.services._insert.
        db.session.rollback()
        raise EmailAlreadyRegistered(
            "There is already an account with this email address"
        ) from error
    return user


def hold_account(user: User) -> None:
    """Make what this account does next wait for its other requests until the first commits.

    Limits per account ("at most 6 bookings", "5 comments a day") count, then add: two requests
    at once would both count 5 and both add. A write to the account's own row (of the value it
    already has) takes its row lock on PostgreSQL and the database's write lock on SQLite, so
    the second request counts after the first is saved. Flushes nothing else.
    """
    db.session.execute(
        update(User)
        .where(User.id == user.id)
        .values(disabled=User.disabled)
        .execution_options(synchronize_session=False)
    )


def change_name(user: User, full_name: str) -> None:
    """Change the name we use for the person (in emails, and on their bookings for staff)."""
    full_name = full_name.strip()
    if not full_name:
        raise AccountError("Enter your full name")
    user.full_name = full_name


def authenticate(email: str, password: str, *, now: datetime | None = None) -> User:
    """Return the active account these credentials belong to.

    Raises InvalidCredentials, with the same message and about the same delay whether or not
    the email address has an account, so the form does not reveal who is registered. A wrong
    password for a staff or admin account is recorded in the audit log before raising, so the
    caller commits either way.
    """
    user = find_user_by_email(email)
    if user is None or not user.has_password:
        # An account staff made on the phone has no password to check: spend the same time,
        # so how long the answer takes does not say it exists.
        burn_time_like_a_real_check(password)
        raise InvalidCredentials("Your email address or password is not right")
    if not verify_password(user.password_hash, password):
        if user.is_staff:
            record(None, "wrong password", "user", user.id, "sign-in refused", now=now)
            db.session.flush()
        raise InvalidCredentials("Your email address or password is not right")
    if not user.is_active:
        raise InvalidCredentials("Your email address or password is not right")
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_signed_in_at = now or utcnow()
    user.inactivity_warned_at = None  # they are back: the account is not deleted after all
    return user


def check_password_again(user: User, password: str, *, now: datetime | None = None) -> None:
    """Check a signed-in person's password before a sensitive action.

    A wrong password for a staff or admin account is recorded in the audit log before raising
    WrongPassword, so the caller commits either way.
    """
    if verify_password(user.password_hash, password):
        return
    if user.is_staff:
        record(
            None, "wrong password", "user", user.id, "asked again before a sensitive page", now=now
        )
        db.session.flush()
    raise WrongPassword("Your password is not right")


def change_password(user: User, *, current_password: str, new_password: str) -> None:
    """Change a password, end every other session and tell the person by email.

    Raises WrongPassword or WeakPassword.
    """
    if not verify_password(user.password_hash, current_password):
        raise WrongPassword("Your current password is not right")
    if verify_password(user.password_hash, new_password):
        raise WeakPassword("Choose a password different from your current one")
    _set_password(user, new_password)
    user.end_all_sessions()
    _email_password_changed(user)


def _email_password_changed(user: User) -> None:
    queue_email(
        to=user.email,
        subject="Your password has been changed",
        template="password_changed",
        user=user,
        reset_url=external_url("accounts.request_password_reset"),
    )


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=RESET_SALT)


def password_fingerprint(user: User) -> str:
    # A link made before the password last changed stops working, which makes it single-use.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:24]


def make_reset_token(user: User) -> str:
    """A signed token for one reset of this account's current password."""
    return _reset_serializer().dumps({"user": user.id, "password": password_fingerprint(user)})


def user_for_reset_token(token: str) -> User:
    """The account a reset token is for.

    Raises BadResetLink when the token is forged, expired, or was made for an older password
    (so it has been used already).
    """
    max_age = current_app.config["PASSWORD_RESET_MAX_AGE"].total_seconds()
    try:
        payload = _reset_serializer().loads(token, max_age=max_age)
    except BadSignature as error:
        raise BadResetLink("This link has expired or has already been used") from error
    user = db.session.get(User, payload.get("user")) if isinstance(payload, dict) else None
    if user is None or not user.is_active or payload.get("password") != password_fingerprint(user):
        raise BadResetLink("This link has expired or has already been used")
    return user


def request_password_reset(email: str) -> None:
    """Email a reset link if the address has an account; do nothing visible otherwise."""
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        return
    minutes = int(current_app.config["PASSWORD_RESET_MAX_AGE"].total_seconds() // 60)
    queue_email(
        to=user.email,
        subject="Reset your password",
        template="password_reset",
        user=user,
        reset_url=external_url("accounts.reset_password", token=make_reset_token(user)),
        minutes=minutes,
    )


def reset_password(token: str, new_password: str) -> User:
    """Set a new password from a reset link and end every existing session.

    Raises BadResetLink or WeakPassword.
    """
    user = user_for_reset_token(token)
    _set_password(user, new_password)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()  # the link reached them: the address is theirs
    user.end_all_sessions()
    _email_password_changed(user)
    return user


def change_account(person: User, *, role: str, disabled: bool, actor: User) -> list[str]:
    """Set a person's role and whether their account is disabled, as an admin.

    Disabling ends every session the person holds, and so does making someone staff or admin who
    has no authenticator app (they set one up when they next sign in). What changed is recorded
    in the audit log and returned ("role member -> staff", "disabled", "enabled"); nothing
    changed, nothing recorded. Raises OwnAccount when `actor` is `person`, so no admin can lock
    themselves out.
    """
    if person.id == actor.id:
        raise OwnAccount("You cannot change your own role or disable yourself. Ask another admin.")
    changes = []
    if role != person.role:
        changes.append(f"role {person.role} -> {role}")
        was_staff = person.is_staff
        person.role = role
        if person.is_staff and not was_staff and not person.has_second_factor:
            # Staff sign in with an authenticator app: their next sign-in sets one up.
            person.end_all_sessions()
    if disabled != person.disabled:
        person.disabled = disabled
        changes.append("disabled" if disabled else "enabled")
        if disabled:
            person.end_all_sessions()
    if changes:
        record(actor, "account changed", "user", person.id, ", ".join(changes))
        db.session.flush()
    return changes
