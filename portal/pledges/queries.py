"""Reading pledges for the directory and business pages, and for staff reviewing them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import defaultload

from portal.extensions import db
from portal.pledges.models import (
    Business,
    BusinessChange,
    BusinessInvitation,
    BusinessPhoto,
    ChangeStatus,
    CommentStatus,
    Commitment,
    Pledge,
    PledgeStatus,
    VisitComment,
)

PER_PAGE = 10


def _live(now: datetime):
    return (
        select(Pledge)
        .join(Pledge.business)
        .where(Pledge.status == PledgeStatus.APPROVED, Pledge.expires_at > now)
    )


def directory(
    *,
    now: datetime,
    q: str = "",
    commitment: str = "",
    districts: list[str] | None = None,
    area: str = "",
    page: int = 1,
):
    """Businesses with a live pledge, by name, filtered by commitment, by the postcode districts
    of a town (towns.districts_of) and by one postcode district."""
    query = (
        _live(now)
        .order_by(Business.name)
        # The list shows names and commitments: not the owners' accounts, not the photos.
        .options(
            defaultload(Pledge.business).lazyload(Business.owners),
            defaultload(Pledge.business).lazyload(Business.photos),
        )
    )
    if q.strip():
        query = query.where(func.lower(Business.name).contains(q.strip().lower(), autoescape=True))
    if commitment:
        query = query.where(Pledge.commitments.any(Commitment.slug == commitment))
    if districts is not None:
        query = query.where(Business.postcode_district.in_(districts))
    if area:
        query = query.where(Business.postcode_district == area.upper())
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)


def areas(*, now: datetime) -> list[str]:
    """Postcode districts with at least one live pledge, for the area filter."""
    return list(
        db.session.scalars(
            _live(now)
            .with_only_columns(Business.postcode_district)
            .distinct()
            .order_by(Business.postcode_district)
        )
    )


def commitments() -> list[Commitment]:
    return list(
        db.session.scalars(
            select(Commitment).where(Commitment.active.is_(True)).order_by(Commitment.position)
        )
    )


def business_by_slug(slug: str) -> Business | None:
    return db.session.scalar(select(Business).where(Business.slug == slug))


def published_comments(business: Business) -> list[VisitComment]:
    return list(
        db.session.scalars(
            select(VisitComment)
            .where(
                VisitComment.business_id == business.id,
                VisitComment.status == CommentStatus.PUBLISHED,
            )
            .order_by(VisitComment.id.desc())
        )
    )


def businesses_of(user_id: int) -> list[Business]:
    from portal.pledges.models import business_owners

    return list(
        db.session.scalars(
            select(Business)
            .join(business_owners)
            .where(business_owners.c.user_id == user_id)
            .order_by(Business.name)
        )
    )


def review_queue() -> tuple[list[Pledge], list[Pledge]]:
    """Pledges waiting for staff (longest waiting first), and those sent back to the business."""
    submitted = db.session.scalars(
        select(Pledge).where(Pledge.status == PledgeStatus.SUBMITTED).order_by(Pledge.submitted_at)
    )
    waiting_on_business = db.session.scalars(
        select(Pledge).where(Pledge.status == PledgeStatus.CHANGES_REQUESTED).order_by(Pledge.id)
    )
    return list(submitted), list(waiting_on_business)


def changes_to_check() -> list[BusinessChange]:
    """Businesses' changes to their details and photos waiting for staff, longest first."""
    return list(
        db.session.scalars(
            select(BusinessChange)
            .where(BusinessChange.status == ChangeStatus.WAITING)
            .order_by(BusinessChange.submitted_at, BusinessChange.id)
        )
    )


def all_commitments() -> list[Commitment]:
    """The whole catalogue, offered or not, in the order businesses see it."""
    return list(db.session.scalars(select(Commitment).order_by(Commitment.position)))


def pending_comments() -> list[VisitComment]:
    """Families' comments staff have not read yet, in the order they came."""
    return list(
        db.session.scalars(
            select(VisitComment)
            .where(VisitComment.status == CommentStatus.PENDING)
            .order_by(VisitComment.id)
        )
    )


def comments_to_act_on(page: int):
    """Published comments, those nobody has said what was done about first, newest first."""
    return db.paginate(
        select(VisitComment)
        .where(VisitComment.status == CommentStatus.PUBLISHED)
        .order_by(VisitComment.acted_on_at.is_not(None), VisitComment.id.desc()),
        page=page,
        per_page=20,
        error_out=False,
    )


def published_comment_count(business_id: int) -> int:
    """How many of families' comments on a business are shown on its page."""
    return db.session.scalar(
        select(func.count())
        .select_from(VisitComment)
        .where(
            VisitComment.business_id == business_id,
            VisitComment.status == CommentStatus.PUBLISHED,
        )
    )


def pledges_waiting() -> int:
    """Pledges sent for review and not yet decided."""
    return db.session.scalar(
        select(func.count()).select_from(Pledge).where(Pledge.status == PledgeStatus.SUBMITTED)
    )


def comments_waiting() -> int:
    """Families' comments not yet read by staff."""
    return db.session.scalar(comments_waiting_statement())


def comments_waiting_statement() -> Select:
    """The count of `comments_waiting` as a statement (the dashboard asks several at once)."""
    return (
        select(func.count())
        .select_from(VisitComment)
        .where(VisitComment.status == CommentStatus.PENDING)
    )


def is_business_photo(filename: str) -> bool:
    """Whether `filename` is the stored file of a photo in a business's visual story."""
    found = select(BusinessPhoto.id).where(BusinessPhoto.filename == filename).limit(1)
    return db.session.scalar(found) is not None


def open_invitations(business: Business, *, now: datetime) -> list[BusinessInvitation]:
    """The business's invitations waiting for an answer, oldest first."""
    return list(
        db.session.scalars(
            select(BusinessInvitation)
            .where(
                BusinessInvitation.business_id == business.id,
                BusinessInvitation.accepted_at.is_(None),
                BusinessInvitation.declined_at.is_(None),
                BusinessInvitation.expires_at > now,
            )
            .order_by(BusinessInvitation.created_at, BusinessInvitation.id)
        )
    )
