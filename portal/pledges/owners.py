"""Who manages a business: inviting a colleague, answering an invitation, removing and leaving.

Nobody is made an owner without saying yes. An owner types an address; an email with a link goes
to it, whoever it belongs to, and the owner is told the same thing whether or not it has an
account. Whoever opens the link and signs in may accept it (the link is the proof); anyone holding
it may decline. A business always keeps at least one owner: removing or leaving is a guarded
DELETE that touches no row when it would take the last one, after locking the business's row so
that two owners leaving at once on PostgreSQL cannot both pass the check.

Services take explicit arguments, flush but never commit, and raise the PledgeError subclasses
below, whose messages are safe to show. Audit entries name the business and the people by name,
never an email address.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select, update

from portal.accounts.models import Role, User
from portal.accounts.services import AccountError, normalise_email
from portal.audit.services import record
from portal.extensions import db
from portal.links import external_url
from portal.outbox.services import email_subject, queue_email
from portal.pledges.models import Business, BusinessInvitation, business_owners
from portal.pledges.queries import open_invitations
from portal.pledges.services import PledgeError

# Enough for a business's managers and a deputy or two; more waiting at once looks like misuse.
MAX_OPEN_INVITATIONS = 5
TOKEN_BYTES = 32


class InvalidAddress(PledgeError):
    """The email address typed cannot be used for an invitation."""


class TooManyInvitations(PledgeError):
    """The business already has MAX_OPEN_INVITATIONS invitations waiting for an answer."""


class BadInvitation(PledgeError):
    """The link is unknown, expired, or its invitation has been answered or cancelled."""

    def __init__(self, message: str = "This invitation has expired or has already been used"):
        super().__init__(message)


class NotAnOwner(PledgeError):
    """The person does not manage this business."""


class LastOwner(PledgeError):
    """Removing the person would leave the business with nobody to manage it."""


def token_hash(token: str) -> str:
    """What is stored for an invitation's token: its SHA-256, in hex."""
    return hashlib.sha256(token.encode()).hexdigest()


def _lock(business: Business) -> None:
    # PostgreSQL: one change to a business's owners or invitations at a time, so the checks below
    # read what is committed. SQLite drops FOR UPDATE, but takes one write lock per database.
    db.session.execute(select(Business.id).where(Business.id == business.id).with_for_update())


def invite_colleague(
    business: Business,
    *,
    email: str,
    invited_by: User,
    now: datetime,
    lifetime: timedelta,
) -> BusinessInvitation:
    """Email an invitation to help manage the business to `email`, open for `lifetime`.

    The same happens whether or not the address has an account. Inviting an address that is
    already waiting sends a fresh link and the old one stops working.
    Raises InvalidAddress (not an email address, or the inviter's own) or TooManyInvitations.
    """
    try:
        address = normalise_email(email)
    except AccountError as error:
        raise InvalidAddress(str(error)) from error
    if address == invited_by.email:
        raise InvalidAddress("That is your own email address. Enter your colleague's address")
    _lock(business)
    waiting = open_invitations(business, now=now)
    invitation = next((i for i in waiting if i.email == address), None)
    if invitation is None:
        if len(waiting) >= MAX_OPEN_INVITATIONS:
            raise TooManyInvitations(
                f"You already have {MAX_OPEN_INVITATIONS} invitations waiting for an answer. "
                "Cancel one, or wait until someone answers, before you invite anyone else"
            )
        invitation = BusinessInvitation(business=business, email=address)
        db.session.add(invitation)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    invitation.token_hash = token_hash(token)
    invitation.invited_by_id = invited_by.id
    invitation.created_at = now
    invitation.expires_at = now + lifetime
    db.session.flush()
    queue_email(
        to=address,
        subject=email_subject(
            "{name} invited you to help manage {business}",
            name=invited_by.full_name,
            business=business.name,
        ),
        template="business_invitation",
        business=business,
        inviter=invited_by,
        invitation=invitation,
        invitation_url=external_url("pledges.invitation", token=token),
    )
    record(invited_by, "business invitation sent", "business", business.id, business.name, now=now)
    return invitation


def invitation_for(token: str, *, now: datetime) -> BusinessInvitation:
    """The open invitation an emailed link's token belongs to.

    Raises BadInvitation for a token that is unknown (forged, or the invitation was cancelled or
    sent again), expired, or already accepted or declined.
    """
    if not token or len(token) > 100:
        raise BadInvitation()
    invitation = db.session.scalar(
        select(BusinessInvitation).where(BusinessInvitation.token_hash == token_hash(token))
    )
    if invitation is None or not invitation.is_open(now):
        raise BadInvitation()
    return invitation


def _answer(invitation: BusinessInvitation, *, now: datetime, **values) -> None:
    # Claimed with a conditional UPDATE, so a link is answered once even if two answers race.
    claimed = db.session.execute(
        update(BusinessInvitation)
        .where(
            BusinessInvitation.id == invitation.id,
            BusinessInvitation.accepted_at.is_(None),
            BusinessInvitation.declined_at.is_(None),
            BusinessInvitation.expires_at > now,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise BadInvitation()
    db.session.expire(invitation)


def accept_invitation(invitation: BusinessInvitation, person: User, *, now: datetime) -> bool:
    """`person` (signed in, holding the link) becomes an owner of the invitation's business.

    A member becomes a business user; staff and admins keep their role. Returns False if they
    already managed the business (the invitation is used up all the same).
    Raises BadInvitation if it has expired or been answered meanwhile.
    """
    business = invitation.business
    _answer(invitation, now=now, accepted_at=now, accepted_by_id=person.id)
    if person in business.owners:
        return False
    business.owners.append(person)
    if person.role == Role.MEMBER:
        person.role = Role.BUSINESS
    db.session.flush()
    record(person, "business invitation accepted", "business", business.id, business.name, now=now)
    return True


def decline_invitation(invitation: BusinessInvitation, *, now: datetime) -> None:
    """Say no. Nobody needs to be signed in: whoever holds the link may decline.

    Raises BadInvitation if it has expired or been answered meanwhile.
    """
    business = invitation.business
    _answer(invitation, now=now, declined_at=now)
    record(None, "business invitation declined", "business", business.id, business.name, now=now)


def cancel_invitation(invitation: BusinessInvitation, *, actor: User, now: datetime) -> None:
    """Withdraw an invitation: it is deleted, and its link then says it has been used."""
    business = invitation.business
    db.session.delete(invitation)
    db.session.flush()
    record(actor, "business invitation cancelled", "business", business.id, business.name, now=now)


def _still_owns_a_business(person: User) -> bool:
    found = select(business_owners.c.business_id).where(business_owners.c.user_id == person.id)
    return db.session.scalar(found.limit(1)) is not None


def remove_owner(business: Business, person: User, *, actor: User, now: datetime) -> None:
    """Take `person` off the people who manage the business (`actor` may be `person`: leaving).

    Someone left with no business goes back from a business user to a member.
    Raises NotAnOwner, or LastOwner when they are the only one left.
    """
    _lock(business)
    others = (
        select(func.count())
        .select_from(business_owners)
        .where(business_owners.c.business_id == business.id)
        .where(business_owners.c.user_id != person.id)
        .scalar_subquery()
    )
    removed = db.session.execute(
        delete(business_owners).where(
            business_owners.c.business_id == business.id,
            business_owners.c.user_id == person.id,
            others > 0,
        )
    )
    db.session.expire(business, ["owners"])
    if removed.rowcount != 1:
        if person not in business.owners:
            raise NotAnOwner("They do not manage this business")
        if person.id == actor.id:
            raise LastOwner(
                "You are the only person who manages this business, so you cannot leave yet. "
                "Invite someone to take over, and leave once they have accepted"
            )
        raise LastOwner("A business needs at least one person to manage it")
    if person.role == Role.BUSINESS and not _still_owns_a_business(person):
        person.role = Role.MEMBER
    if person.id == actor.id:
        record(actor, "business owner left", "business", business.id, business.name, now=now)
    else:
        record(
            actor,
            "business owner removed",
            "business",
            business.id,
            f"{business.name}: {person.full_name}",
            now=now,
        )


def purge_old_invitations(*, now: datetime, days: int) -> int:
    """Delete invitations answered, or expired, more than `days` ago (they hold the address
    they were sent to). Returns how many went."""
    cutoff = now - timedelta(days=days)
    result = db.session.execute(
        delete(BusinessInvitation).where(
            or_(
                BusinessInvitation.accepted_at < cutoff,
                BusinessInvitation.declined_at < cutoff,
                BusinessInvitation.expires_at < cutoff,
            )
        )
    )
    return result.rowcount
