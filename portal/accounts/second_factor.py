"""Two-step sign-in: a code from an authenticator app as well as the password.

Staff and admins must use it (they can read children's health information); nobody else is
asked to. A person sets it up by scanning a QR code (or typing the key) into an app and typing
back a code it shows; they are then given ten single-use recovery codes for when they do not
have their phone. After that, every sign-in and every "confirm it is you" asks for a code.

Codes are RFC 6238 (pyotp): six digits, a new one every 30 seconds. The code for the step
before and after the current one is accepted too (phones' clocks drift), but never a code for
a step at or before the last one accepted, so a code seen over someone's shoulder is useless.
A guarded UPDATE makes that hold even for two requests at once.

Never put a code, a recovery code or the secret in the audit log or the logs.

Services take explicit arguments, never read the request, flush but do not commit, and raise
the errors below (their message is safe to show).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

import pyotp
from sqlalchemy import delete, func, or_, select, update

from portal.accounts.models import RecoveryCode, SecondFactor, User
from portal.accounts.services import AccountError, OwnAccount
from portal.audit.services import record
from portal.extensions import db

ISSUER = "Bromley Autism Portal"
STEP_SECONDS = 30
RECOVERY_CODES = 10
# Lower-case letters and digits that cannot be mistaken for one another (no 0/o, 1/l/i).
RECOVERY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
RECOVERY_LENGTH = 10  # about 50 bits each: printed as "abcde-fghjk"


class SecondFactorError(AccountError):
    """Base class for the errors below."""


class WrongCode(SecondFactorError):
    """The code is not the app's code now, nor an unused recovery code."""


class CodeAlreadyUsed(SecondFactorError):
    """The app's code was right but has been used already: wait for the next one."""


class AlreadySetUp(SecondFactorError):
    """The person already has an authenticator app set up."""


class NotSetUp(SecondFactorError):
    """The person has no authenticator app set up, so there is nothing to reset."""


@dataclass(frozen=True)
class CodeAccepted:
    """How a code was accepted: from the app, or a recovery code (with how many are left)."""

    recovery: bool
    recovery_codes_left: int
    # Wrong codes typed since the last right one (before this one).
    failed_attempts: int


def secret_in_groups(secret: str) -> str:
    """The key in groups of four, for typing into an app by hand: "ABCD EFGH ..."."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def set_up_link(factor: SecondFactor, user: User) -> str:
    """The otpauth:// link the QR code holds (it includes the secret: never log it)."""
    return pyotp.TOTP(factor.secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def _step(now: datetime) -> int:
    return int(now.timestamp()) // STEP_SECONDS


def _only_digits(code: str) -> str:
    return "".join(code.split())


def _recovery_form(code: str) -> str:
    return "".join(character for character in code.lower() if character.isalnum())


def _recovery_hash(user: User, code: str) -> str:
    return hashlib.sha256(f"{user.id}:{_recovery_form(code)}".encode()).hexdigest()


def start_set_up(user: User, *, now: datetime) -> SecondFactor:
    """The secret a person is setting up: the unfinished one, or a new one.

    Raises AlreadySetUp when the person already has an app set up.
    """
    factor = user.second_factor
    if factor is not None and factor.is_confirmed:
        raise AlreadySetUp("You have already set up an authenticator app")
    if factor is None:
        factor = SecondFactor(user=user, secret=pyotp.random_base32(), created_at=now)
        db.session.add(factor)
        db.session.flush()
    return factor


def discard_unfinished_set_up(user: User) -> None:
    """Forget a secret the person was shown but never confirmed, so each sign-in that leads to
    setting up gets a fresh one (whoever saw an older one learns nothing). Raises nothing."""
    if user.second_factor is not None and not user.second_factor.is_confirmed:
        user.second_factor = None
        db.session.flush()


def _new_recovery_codes(user: User, *, now: datetime) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
        code = f"{raw[:5]}-{raw[5:]}"
        codes.append(code)
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_recovery_hash(user, code)))
    db.session.flush()
    return codes


def _claim_step(factor: SecondFactor, code: str, now: datetime) -> bool | None:
    """True if `code` is the app's code for a step near `now` that was not used before (and
    marks it used); False if it is right but already used; None if it is not right at all."""
    code = _only_digits(code)
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(factor.secret)
    current = _step(now)
    for step in (current - 1, current, current + 1):
        if not hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            continue
        # Guarded: two requests with the same code cannot both get in.
        claimed = db.session.execute(
            update(SecondFactor)
            .where(
                SecondFactor.id == factor.id,
                or_(SecondFactor.last_used_step.is_(None), SecondFactor.last_used_step < step),
            )
            .values(last_used_step=step, failed_attempts=0)
            .execution_options(synchronize_session=False)
        )
        db.session.refresh(factor)
        return claimed.rowcount == 1
    return None


def finish_set_up(user: User, code: str, *, now: datetime) -> list[str]:
    """Confirm the app with a code it shows; return the ten recovery codes (shown only now).

    Every session the person holds ends (they were signed in with their password alone), so the
    caller signs this one in again. Recorded in the audit log. Raises WrongCode, or
    AlreadySetUp.
    """
    factor = start_set_up(user, now=now)
    if not _claim_step(factor, code, now):
        raise WrongCode("The code is not right. Enter the 6-digit code your app shows now")
    factor.confirmed_at = now
    codes = _new_recovery_codes(user, now=now)
    user.end_all_sessions()
    record(user, "two-step sign-in set up", "user", user.id, now=now)
    db.session.flush()
    return codes


def recovery_codes_left(user: User) -> int:
    """How many of the person's recovery codes have not been used."""
    return db.session.scalar(
        select(func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )


def _use_recovery_code(user: User, code: str, now: datetime) -> bool:
    wanted = _recovery_hash(user, code)
    if len(_recovery_form(code)) != RECOVERY_LENGTH:
        return False
    candidates = db.session.scalars(
        select(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    ).all()
    for candidate in candidates:
        if hmac.compare_digest(candidate.code_hash, wanted):
            used = db.session.execute(
                update(RecoveryCode)
                .where(RecoveryCode.id == candidate.id, RecoveryCode.used_at.is_(None))
                .values(used_at=now)
                .execution_options(synchronize_session=False)
            )
            return used.rowcount == 1
    return False


def check_code(user: User, code: str, *, now: datetime) -> CodeAccepted:
    """Accept a code from the person's app, or one of their unused recovery codes (once).

    A recovery code used is recorded in the audit log with how many are left. A wrong code is
    counted and recorded before WrongCode is raised, so the caller commits either way.
    Raises WrongCode, CodeAlreadyUsed, or NotSetUp when the person has no app set up.
    """
    factor = user.second_factor
    if factor is None or not factor.is_confirmed:
        raise NotSetUp("You have not set up an authenticator app yet")
    failed_before = factor.failed_attempts
    claimed = _claim_step(factor, code, now)
    if claimed:
        return CodeAccepted(recovery=False, recovery_codes_left=0, failed_attempts=failed_before)
    if claimed is False:
        raise CodeAlreadyUsed(
            "That code has been used already. Wait for your app to show a new code, then enter it"
        )
    if _use_recovery_code(user, code, now):
        factor.failed_attempts = 0
        left = recovery_codes_left(user)
        record(user, "recovery code used", "user", user.id, f"{left} left", now=now)
        db.session.flush()
        return CodeAccepted(recovery=True, recovery_codes_left=left, failed_attempts=failed_before)
    factor.failed_attempts += 1
    record(
        None,
        "wrong sign-in code",
        "user",
        user.id,
        f"{factor.failed_attempts} in a row",
        now=now,
    )
    db.session.flush()
    raise WrongCode("The code is not right. Enter the 6-digit code your app shows now")


def make_new_recovery_codes(user: User, *, now: datetime) -> list[str]:
    """Replace the person's recovery codes with ten new ones (the old ones stop working).

    Recorded in the audit log. Raises NotSetUp when the person has no app set up.
    """
    if not user.has_second_factor:
        raise NotSetUp("You have not set up an authenticator app yet")
    codes = _new_recovery_codes(user, now=now)
    record(user, "recovery codes replaced", "user", user.id, now=now)
    db.session.flush()
    return codes


def reset_second_factor(person: User, *, actor: User, now: datetime) -> None:
    """An admin takes away a person's authenticator app and recovery codes (a lost phone).

    Every session the person holds ends; staff and admins set up an app again at their next
    sign-in. Recorded in the audit log. Raises OwnAccount (another admin must do it) or
    NotSetUp.
    """
    if person.id == actor.id:
        raise OwnAccount("You cannot reset your own two-step sign-in. Ask another admin.")
    if person.second_factor is None:
        raise NotSetUp("They have not set up an authenticator app, so there is nothing to reset")
    forget_second_factor(person)
    person.end_all_sessions()
    record(actor, "two-step sign-in reset", "user", person.id, now=now)
    db.session.flush()


def forget_second_factor(person: User) -> None:
    """Delete the person's secret and recovery codes (a reset, or their account erased)."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == person.id))
    person.second_factor = None
    db.session.flush()
