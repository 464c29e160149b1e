"""What the pledges domain holds about a person, and what it erases when their account goes.

Held: the person's comments on visits to businesses, the businesses they run, and the pledges
they signed for them. Erasing deletes comments not yet published (or not published at all),
keeps published ones without the link to the person (they were already shown without a name),
removes the person from the businesses they ran (the business and its pledges stay: they belong
to the business), and takes their name off the pledges they signed.

Services take explicit arguments, flush but never commit, and raise nothing of their own.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, update

from portal.accounts.models import User
from portal.extensions import db
from portal.pledges.models import (
    Business,
    BusinessInvitation,
    CommentStatus,
    Pledge,
    VisitComment,
    business_owners,
)

NAME_REMOVED = "(name removed)"

COMMENT_STATUS_WORDS = {
    CommentStatus.PENDING: "Waiting to be checked",
    CommentStatus.PUBLISHED: "Shown on the business's page",
    CommentStatus.REJECTED: "Not shown",
}


def comments_held(person: User) -> list[dict]:
    """The person's comments on visits, latest first."""
    comments = db.session.scalars(
        select(VisitComment)
        .where(VisitComment.user_id == person.id)
        .order_by(VisitComment.id.desc())
    ).all()
    return [
        {
            "Business": comment.business.name,
            "What helped": comment.helped,
            "What did not help": comment.did_not_help,
            "Status": COMMENT_STATUS_WORDS.get(comment.status, comment.status),
            "Sent on": comment.created_at,
        }
        for comment in comments
    ]


def _owned_business_ids(person: User):
    return select(business_owners.c.business_id).where(business_owners.c.user_id == person.id)


def businesses_held(person: User) -> list[dict]:
    """The businesses the person runs on the portal, A to Z."""
    businesses = db.session.scalars(
        select(Business).where(Business.id.in_(_owned_business_ids(person))).order_by(Business.name)
    ).all()
    return [
        {
            "Business": business.name,
            "Address": business.address,
            "Postcode": business.postcode,
            "Website": business.website,
        }
        for business in businesses
    ]


def _signed_by(person: User):
    """Pledges of the person's businesses that carry their name as the one who signed."""
    return (
        Pledge.business_id.in_(_owned_business_ids(person)),
        func.lower(func.trim(Pledge.signatory_name)) == person.full_name.strip().lower(),
    )


def pledges_signed_held(person: User) -> list[dict]:
    """The pledges the person signed for their businesses, latest first."""
    pledges = db.session.scalars(
        select(Pledge).where(*_signed_by(person)).order_by(Pledge.id.desc())
    ).all()
    return [
        {
            "Business": pledge.business.name,
            "Signed as": pledge.signatory_name,
            "Role": pledge.signatory_role,
            "Signed on": pledge.agreed_at,
        }
        for pledge in pledges
    ]


def trainees_held(person: User) -> list[dict]:
    """The members of staff the person booked onto training for businesses, latest first."""
    from portal.pledges.training import StaffTrainee

    trainees = db.session.scalars(
        select(StaffTrainee)
        .where(StaffTrainee.booked_by_id == person.id)
        .order_by(StaffTrainee.id.desc())
    ).all()
    return [
        {
            "Name": trainee.name,
            "Business": trainee.business.name,
            "Session": trainee.booking.event.title,
            "Date": trainee.booking.event.starts_at,
            "Came": trainee.attended_at is not None,
        }
        for trainee in trainees
    ]


def erase_trainees_booked_by(person: User, now: datetime) -> None:
    """The names of staff booked onto sessions still to come go (their bookings are cancelled
    with the account); those who came stay with their business, which they were trained for,
    without the link to the person who typed their names."""
    from portal.events.models import Booking, Event
    from portal.pledges.training import StaffTrainee

    coming = (
        select(Booking.id).join(Event, Event.id == Booking.event_id).where(Event.starts_at > now)
    )
    db.session.execute(
        delete(StaffTrainee).where(
            StaffTrainee.booked_by_id == person.id, StaffTrainee.booking_id.in_(coming)
        )
    )
    db.session.execute(
        update(StaffTrainee).where(StaffTrainee.booked_by_id == person.id).values(booked_by_id=None)
    )
    db.session.flush()


def erase_from_pledges(person: User, now: datetime) -> None:
    """Delete the person's unpublished comments and unlink the published ones; take their name
    off the pledges they signed; remove them from the businesses they ran; delete the
    invitations sent to their address or still waiting that they sent."""
    db.session.execute(
        delete(VisitComment).where(
            VisitComment.user_id == person.id, VisitComment.status != CommentStatus.PUBLISHED
        )
    )
    db.session.execute(
        update(VisitComment).where(VisitComment.user_id == person.id).values(user_id=None)
    )
    db.session.execute(
        update(Pledge).where(*_signed_by(person)).values(signatory_name=NAME_REMOVED)
    )
    db.session.execute(delete(business_owners).where(business_owners.c.user_id == person.id))
    db.session.execute(delete(BusinessInvitation).where(BusinessInvitation.email == person.email))
    db.session.execute(
        delete(BusinessInvitation).where(
            BusinessInvitation.invited_by_id == person.id,
            BusinessInvitation.accepted_at.is_(None),
            BusinessInvitation.declined_at.is_(None),
        )
    )
    db.session.flush()
