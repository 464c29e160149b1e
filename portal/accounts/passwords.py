"""Password hashing (argon2id) and the password rules: long enough, not common, nothing more."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from zxcvbn.frequency_lists import FREQUENCY_LISTS

MIN_LENGTH = 8
MAX_LENGTH = 1000
# The hash of an account that has never had a password (made by staff for someone who phoned).
# Not an argon2 hash, so no password ever matches it (verify_password answers False).
NO_PASSWORD = "!none"  # noqa: S105 - a marker, not a password


def is_no_password(password_hash: str) -> bool:
    """True for an account whose owner has not yet created a password."""
    return password_hash == NO_PASSWORD


@cache
def _common_passwords() -> frozenset[str]:
    # zxcvbn's list of the 30,000 passwords most often found in breaches.
    return frozenset(FREQUENCY_LISTS["passwords"])


def password_problem(password: str, *, email: str = "") -> str | None:
    """Say what is wrong with a new password in plain English, or return None if it is fine.

    No composition rules (NCSC and NIST advice): length and commonness only.
    """
    if len(password) < MIN_LENGTH:
        return f"Password must be {MIN_LENGTH} characters or more"
    if len(password) > MAX_LENGTH:
        return f"Password must be {MAX_LENGTH} characters or fewer"
    lowered = password.lower()
    if lowered in _common_passwords() or lowered.strip("0123456789!") in _common_passwords():
        return "This password is too common and easy to guess. Choose a different one"
    if email and lowered == email.lower():
        return "Your password must not be your email address"
    return None


def _hasher() -> PasswordHasher:
    hasher = current_app.extensions.get("portal.password_hasher")
    if hasher is None:
        config = current_app.config
        hasher = PasswordHasher(
            time_cost=config["ARGON2_TIME_COST"],
            memory_cost=config["ARGON2_MEMORY_COST"],
            parallelism=config["ARGON2_PARALLELISM"],
        )
        current_app.extensions["portal.password_hasher"] = hasher
    return hasher


def hash_password(password: str) -> str:
    """Hash a password with argon2id."""
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Check a password against its hash without raising."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker settings than today's."""
    return _hasher().check_needs_rehash(password_hash)


def burn_time_like_a_real_check(password: str) -> None:
    """Spend as long as a real verification, so an unknown email takes as long as a known one."""
    _hasher().hash(password)
