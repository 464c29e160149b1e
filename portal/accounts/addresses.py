"""Email addresses: signing up without revealing who is registered, confirming an address by an
emailed link, and moving an account to a new address.

The links are signed tokens (no table): each carries the address it was made for, so it stops
working once the account's address or confirmation has moved on, which makes it single-use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError

from portal.accounts.first_password import send_set_password_link
from portal.accounts.models import User
from portal.accounts.passwords import burn_time_like_a_real_check, password_problem, verify_password
from portal.accounts.services import (
    AccountError,
    EmailAlreadyRegistered,
    WeakPassword,
    WrongPassword,
    find_user_by_email,
    normalise_email,
    register_user,
)
from portal.extensions import db
from portal.links import external_url, safe_next
from portal.outbox.services import queue_email

CONFIRM_SALT = "portal.confirm-email"
CHANGE_SALT = "portal.change-email"


class BadEmailLink(AccountError):
    """The confirmation or change link is broken, expired or already used."""


class EmailTaken(AccountError):
    """The new address has an account of its own (said only to whoever holds that address)."""


class SameEmail(AccountError):
    """The new address is the one the account already has."""


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _hours(setting: str) -> int:
    return int(current_app.config[setting].total_seconds() // 3600)


def _load(salt: str, token: str, setting: str) -> dict:
    max_age = current_app.config[setting].total_seconds()
    try:
        payload = _serializer(salt).loads(token, max_age=max_age)
    except BadSignature as error:
        raise BadEmailLink("This link has expired or has already been used") from error
    if not isinstance(payload, dict):
        raise BadEmailLink("This link has expired or has already been used")
    return payload


# Signing up ---------------------------------------------------------------------------------


def sign_up(*, email: str, full_name: str, password: str, next_url: str | None = None) -> None:
    """Register from the public form without saying whether the address already has an account.

    A new address gets an account and a link to confirm it. An address that already has an
    account gets an email telling its owner (or, if they never confirmed it, a fresh link; if
    staff made it on the phone and it has no password yet, the link to create one); nothing is
    created. Both take about as long and the caller shows the same page either way.

    Raises WeakPassword, or AccountError for a malformed address: neither depends on who is
    registered.
    """
    email = normalise_email(email)
    problem = password_problem(password, email=email)
    if problem:
        raise WeakPassword(problem)
    existing = find_user_by_email(email)
    if existing is None:
        try:
            user = register_user(email=email, full_name=full_name, password=password)
        except EmailAlreadyRegistered:
            return  # a double-click: the first request sent the email
        send_confirmation_link(user, next_url=next_url)
        return
    burn_time_like_a_real_check(password)
    if not existing.has_password and existing.is_active:
        # Staff made it when they booked for the person by phone: they need no second
        # account, only the link to create their password (it confirms the address too).
        send_set_password_link(existing, next_url=next_url)
    elif not existing.email_confirmed:
        send_confirmation_link(existing, next_url=next_url)
    elif existing.is_active:
        queue_email(
            to=existing.email,
            subject="You already have an account",
            template="already_registered",
            user=existing,
            sign_in_url=external_url("accounts.sign_in"),
            reset_url=external_url("accounts.request_password_reset"),
        )


# Confirming an address ----------------------------------------------------------------------


@dataclass(frozen=True)
class Confirmed:
    user: User
    next_url: str | None
    newly: bool  # False when the address was confirmed already (the link opened twice)


def confirmation_token(user: User, *, next_url: str | None = None) -> str:
    return _serializer(CONFIRM_SALT).dumps(
        {"user": user.id, "email": user.email, "next": safe_next(next_url)}
    )


def send_confirmation_link(user: User, *, next_url: str | None = None) -> None:
    """Email the person a link that confirms their address (and brings them back to `next_url`)."""
    queue_email(
        to=user.email,
        subject="Confirm your email address",
        template="confirm_email",
        user=user,
        confirm_url=external_url(
            "accounts.confirm_email", token=confirmation_token(user, next_url=next_url)
        ),
        days=current_app.config["EMAIL_CONFIRMATION_MAX_AGE"].days,
    )


def confirm_email(token: str, *, now: datetime) -> Confirmed:
    """Mark the address in a confirmation link as confirmed.

    Opening the link again is harmless (`newly` is False). Raises BadEmailLink when the link is
    forged, expired, or for an address the account no longer has.
    """
    payload = _load(CONFIRM_SALT, token, "EMAIL_CONFIRMATION_MAX_AGE")
    user = db.session.get(User, payload.get("user"))
    if user is None or not user.is_active or user.email != payload.get("email"):
        raise BadEmailLink("This link has expired or has already been used")
    newly = user.email_confirmed_at is None
    if newly:
        user.email_confirmed_at = now
    return Confirmed(user=user, next_url=safe_next(payload.get("next")), newly=newly)


# Changing an address ------------------------------------------------------------------------


def request_email_change(user: User, *, new_email: str, password: str) -> str:
    """Email a link to the new address; nothing changes until it is opened. Returns the address.

    Whether the new address has an account is not said here (only to whoever opens the link).
    Raises WrongPassword, SameEmail, or AccountError for a malformed address.
    """
    if not verify_password(user.password_hash, password):
        raise WrongPassword("Your password is not right")
    new_email = normalise_email(new_email)
    if new_email == user.email:
        raise SameEmail("This is already your email address")
    token = _serializer(CHANGE_SALT).dumps({"user": user.id, "from": user.email, "to": new_email})
    queue_email(
        to=new_email,
        subject="Confirm your new email address",
        template="change_email",
        user=user,
        confirm_url=external_url("accounts.change_email_confirm", token=token),
        hours=_hours("EMAIL_CHANGE_MAX_AGE"),
    )
    return new_email


def change_email(token: str, *, now: datetime) -> User:
    """Move the account to the address in a change link, and tell the old address.

    Raises BadEmailLink (forged, expired, used, or the account has moved since) or EmailTaken.
    """
    payload = _load(CHANGE_SALT, token, "EMAIL_CHANGE_MAX_AGE")
    user = db.session.get(User, payload.get("user"))
    if user is None or not user.is_active or user.email != payload.get("from"):
        raise BadEmailLink("This link has expired or has already been used")
    new_email = payload.get("to")
    if find_user_by_email(new_email) is not None:
        raise EmailTaken(
            "There is already an account with this email address. Sign in to that account "
            "instead, or delete it first."
        )
    old_email = user.email
    user.email = new_email
    user.email_confirmed_at = now
    try:
        db.session.flush()
    except IntegrityError as error:
        # Someone registered the address since the check. No savepoint: see register_user.
        db.session.rollback()
        raise EmailTaken("There is already an account with this email address.") from error
    queue_email(
        to=old_email,
        subject="Your email address has been changed",
        template="email_changed",
        user=user,
        new_email=new_email,
    )
    return user
