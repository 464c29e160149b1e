"""What the board's pages show, each in a fixed number of queries whatever the data size."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, func, select

from portal.board.models import (
    MEMBER_KIND_LABELS,
    BoardDecision,
    BoardMeeting,
    BoardMember,
    BoardQuestion,
    QuestionStatus,
)
from portal.extensions import db
from portal.library.models import BOARD_KINDS, ItemStatus, LibraryItem

DECISIONS_PER_PAGE = 20
QUESTIONS_PER_PAGE = 20


def current_members() -> list[BoardMember]:
    """Members who have not left, the chair first, then by name."""
    return list(
        db.session.scalars(
            select(BoardMember)
            .where(BoardMember.left_on.is_(None))
            .order_by(BoardMember.is_chair.desc(), BoardMember.name)
        )
    )


def members_by_kind(members: list[BoardMember]) -> list[tuple[str, list[BoardMember]]]:
    """Members grouped by what they bring, in MEMBER_KIND_LABELS order; empty groups left out."""
    return [
        (label, [m for m in members if m.kind == kind])
        for kind, label in MEMBER_KIND_LABELS.items()
        if any(m.kind == kind for m in members)
    ]


def every_member() -> list[BoardMember]:
    """Every member, former ones last (for staff)."""
    return list(
        db.session.scalars(
            select(BoardMember).order_by(BoardMember.left_on.is_not(None), BoardMember.name)
        )
    )


def upcoming_meetings(now: datetime) -> list[BoardMeeting]:
    """Meetings still to come, soonest first."""
    return list(
        db.session.scalars(
            select(BoardMeeting)
            .where(BoardMeeting.starts_at >= now)
            .order_by(BoardMeeting.starts_at)
        )
    )


def past_meetings(now: datetime) -> list[BoardMeeting]:
    """Meetings that have happened, the latest first."""
    return list(
        db.session.scalars(
            select(BoardMeeting)
            .where(BoardMeeting.starts_at < now)
            .order_by(BoardMeeting.starts_at.desc())
        )
    )


def every_meeting() -> list[BoardMeeting]:
    return list(db.session.scalars(select(BoardMeeting).order_by(BoardMeeting.starts_at.desc())))


def public_papers(meeting: BoardMeeting) -> tuple[list[LibraryItem], list[LibraryItem]]:
    """A meeting's published board papers and its published minutes (drafts stay hidden)."""
    items = sorted(
        (p.item for p in meeting.papers if p.item.status == ItemStatus.PUBLISHED),
        key=lambda item: item.title,
    )
    return (
        [i for i in items if i.kind == BOARD_KINDS[0]],
        [i for i in items if i.kind == BOARD_KINDS[1]],
    )


def board_library_items() -> list[LibraryItem]:
    """Board papers and minutes in the library, for staff to link to a meeting (newest first)."""
    return list(
        db.session.scalars(
            select(LibraryItem)
            .where(LibraryItem.kind.in_(BOARD_KINDS), LibraryItem.status != ItemStatus.ARCHIVED)
            .order_by(LibraryItem.created_at.desc(), LibraryItem.id.desc())
        )
    )


def _decisions_query(status: str | None):
    query = select(BoardDecision).order_by(BoardDecision.decided_on.desc(), BoardDecision.id.desc())
    if status:
        query = query.where(BoardDecision.status == status)
    return query


def decisions_page(status: str | None, *, page: int):
    """One page of the decisions log, newest first, of one status if asked."""
    return db.paginate(
        _decisions_query(status), page=page, per_page=DECISIONS_PER_PAGE, error_out=False
    )


def recent_decisions(limit: int = 3) -> list[BoardDecision]:
    return list(db.session.scalars(_decisions_query(None).limit(limit)))


def logged_decisions() -> list[BoardDecision]:
    """Every decision, newest first (for “You said, we did” and for staff)."""
    return list(db.session.scalars(_decisions_query(None)))


def published_questions_query():
    return (
        select(BoardQuestion)
        .where(BoardQuestion.status == QuestionStatus.PUBLISHED)
        .order_by(BoardQuestion.answered_at.desc(), BoardQuestion.id.desc())
    )


def published_questions_page(*, page: int):
    """One page of answered questions, the latest answered first."""
    return db.paginate(
        published_questions_query(), page=page, per_page=QUESTIONS_PER_PAGE, error_out=False
    )


def published_questions() -> list[BoardQuestion]:
    return list(db.session.scalars(published_questions_query()))


def waiting_questions() -> list[BoardQuestion]:
    """Questions waiting for staff, oldest first."""
    return list(
        db.session.scalars(
            select(BoardQuestion)
            .where(BoardQuestion.status == QuestionStatus.WAITING)
            .order_by(BoardQuestion.created_at, BoardQuestion.id)
        )
    )


def questions_sent_by(user) -> list[BoardQuestion]:
    """Everything a person sent the board, the newest first (for their account page)."""
    return list(
        db.session.scalars(
            select(BoardQuestion)
            .where(BoardQuestion.user_id == user.id)
            .order_by(BoardQuestion.created_at.desc(), BoardQuestion.id.desc())
        )
    )


def questions_waiting_statement() -> Select:
    """How many questions wait for staff to publish or turn down, as one statement (the staff
    dashboard asks several counts at once)."""
    return (
        select(func.count())
        .select_from(BoardQuestion)
        .where(BoardQuestion.status == QuestionStatus.WAITING)
    )
