"""People who can sign in, and what they may do."""

from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.passwords import is_no_password
from portal.accounts.registry import sessions_ended
from portal.dates import UTCDateTime, utcnow
from portal.extensions import db


class Role(StrEnum):
    MEMBER = "member"
    BUSINESS = "business"
    STAFF = "staff"
    ADMIN = "admin"


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('member', 'business', 'staff', 'admin')", name="role_is_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # None for a family staff booked by phone who gave no email address: nothing is emailed to
    # them, and they cannot sign in (staff tell them by phone). The UNIQUE constraint treats
    # NULLs as distinct on SQLite and PostgreSQL alike, so many such accounts may exist.
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    # A phone number staff noted for someone who booked by phone (the only way to reach a
    # family with no email address). Stored as typed, tidied: see accounts/phones.py.
    phone: Mapped[str | None] = mapped_column(String(20))
    full_name: Mapped[str] = mapped_column(String(200))
    # NO_PASSWORD (accounts/passwords.py) until the person creates their first password: an
    # account staff made for someone on the phone.
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default=Role.MEMBER)
    # Flask-Login's "alternative id": the session cookie holds this, not the user id, so
    # replacing it signs the person out everywhere (sign-out, password change or reset).
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    disabled: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_signed_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the person proved the address is theirs (a link we emailed, or a password reset);
    # until then they can sign in and look around, but not book.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the account was erased at the person's request: the row stays, with no name, no
    # email address and no password, so the audit log still points at one account (see
    # accounts/data_rights.py).
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When we emailed to say the account will be deleted because nobody signs in to it; a
    # sign-in clears it (portal/retention.py).
    inactivity_warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    second_factor: Mapped[SecondFactor | None] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    def get_id(self) -> str:
        return self.session_token

    @property
    def is_active(self) -> bool:
        return not self.disabled

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    @property
    def is_staff(self) -> bool:
        return self.role in (Role.STAFF, Role.ADMIN)

    @property
    def has_email(self) -> bool:
        return self.email is not None

    @property
    def how_to_reach(self) -> str:
        """For staff: the email address, or for a family with none, that they are told by phone."""
        if self.email is not None:
            return self.email
        return f"No email: phone {self.phone}" if self.phone else "No email address"

    @property
    def has_password(self) -> bool:
        """False for an account staff made on the phone whose owner has not yet created a
        password (with the link in their booking email, or a password reset)."""
        return not is_no_password(self.password_hash)

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @property
    def needs_second_factor(self) -> bool:
        """Staff and admins can read children's health information: they sign in with a code
        from an authenticator app as well as their password."""
        return self.is_staff

    @property
    def has_second_factor(self) -> bool:
        """True once the person has set up an authenticator app (shown it a code)."""
        return self.second_factor is not None and self.second_factor.is_confirmed

    def has_role(self, *roles: str) -> bool:
        return self.role in roles

    def end_all_sessions(self) -> None:
        """Invalidate every session and remember-me cookie this person holds, and let other
        domains forget what they kept for those sessions (accounts/registry.py)."""
        self.session_token = new_session_token()
        sessions_ended(self)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class SecondFactor(db.Model):
    """A person's authenticator app: the secret it shares with us (RFC 6238 time-based codes).

    `confirmed_at` is empty while the person is setting it up; until they have typed a code
    from the app, sign-in does not ask for one. `last_used_step` is the 30-second time step of
    the last code accepted: a code is accepted only for a later step, so none works twice.
    """

    __tablename__ = "second_factors"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    secret: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_step: Mapped[int | None]
    # Wrong codes since the last right one: told to the person when they next sign in.
    failed_attempts: Mapped[int] = mapped_column(default=0, server_default="0")

    user: Mapped[User] = relationship(back_populates="second_factor")

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class RecoveryCode(db.Model):
    """One of the single-use codes a person can type instead of a code from their app.

    Only a hash is kept (they are random and long, so a fast hash is enough; the account id is
    part of what is hashed, so one table of hashes cannot be matched against every account).
    """

    __tablename__ = "recovery_codes"
    __table_args__ = (Index("ix_recovery_codes_user_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
