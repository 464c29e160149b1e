"""The autism board: members, meetings (with papers and minutes from the library), decisions
with the history of their status, and the questions people ask it.

Only `BoardQuestion` holds data about a person (see personal_data.py); members are public
office holders, named on the public page with their agreement.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.dates import UTCDateTime, utcnow
from portal.extensions import db
from portal.library.models import LibraryItem


class MemberKind(StrEnum):
    PARENT = "parent-carer"
    AUTISTIC_ADULT = "autistic-adult"
    YOUNG_PERSON = "young-person"
    COUNCIL = "council"
    HEALTH = "health"
    EDUCATION = "education"
    VOLUNTARY = "voluntary"


# What each member brings, in the order /board groups them: lived experience first.
MEMBER_KIND_LABELS = {
    MemberKind.PARENT: "Parents and carers",
    MemberKind.AUTISTIC_ADULT: "Autistic adults",
    MemberKind.YOUNG_PERSON: "Young people",
    MemberKind.COUNCIL: "The council",
    MemberKind.HEALTH: "Health services",
    MemberKind.EDUCATION: "Schools and colleges",
    MemberKind.VOLUNTARY: "Charities and community groups",
}


class BoardMember(db.Model):
    """A seat on the board: who holds it, what they bring, and whether they chair it."""

    __tablename__ = "board_members"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('parent-carer', 'autistic-adult', 'young-person', 'council', 'health', "
            "'education', 'voluntary')",
            name="kind_is_known",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(200))  # "Head of SEND, Bromley Council"
    kind: Mapped[str] = mapped_column(String(20))
    about: Mapped[str] = mapped_column(Text, default="")
    is_chair: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Former members stay for the record (decisions name who acts), but leave the public page.
    left_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def kind_label(self) -> str:
        return MEMBER_KIND_LABELS.get(self.kind, self.kind)


class BoardMeeting(db.Model):
    """A meeting of the board: when, where (or online), the agenda, and its papers and minutes
    (library items of the kinds "Board paper" and "Minutes", so they are searched with the rest)."""

    __tablename__ = "board_meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    place: Mapped[str] = mapped_column(String(300), default="")
    online: Mapped[bool] = mapped_column(default=False, server_default=false())
    agenda: Mapped[str] = mapped_column(Text, default="")  # one item a line
    # How to join: a link or steps for joining online, or a door or room to find on the day.
    how_to_join: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    papers: Mapped[list[MeetingPaper]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]

    @property
    def where(self) -> str:
        if self.online and self.place:
            return f"{self.place}, and online"
        return "Online" if self.online else self.place


class MeetingPaper(db.Model):
    """A library item (a board paper or the minutes) linked to a meeting."""

    __tablename__ = "board_meeting_papers"
    __table_args__ = (UniqueConstraint("meeting_id", "item_id", name="one_link_per_item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("board_meetings.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[int] = mapped_column(ForeignKey("library_items.id", ondelete="CASCADE"))

    meeting: Mapped[BoardMeeting] = relationship(back_populates="papers")
    item: Mapped[LibraryItem] = relationship(lazy="joined")


class DecisionStatus(StrEnum):
    AGREED = "agreed"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    STOPPED = "stopped"


DECISION_STATUS_LABELS = {
    DecisionStatus.AGREED: "Agreed",
    DecisionStatus.IN_PROGRESS: "In progress",
    DecisionStatus.DONE: "Done",
    DecisionStatus.STOPPED: "Stopped",
}
STATUS_CHECK = "status IN ('agreed', 'in-progress', 'done', 'stopped')"


class BoardDecision(db.Model):
    """An entry in the decisions log: what the board decided, why, who acts, and how it is going.

    Every status it has had is kept in `changes`, with the date, so the log shows its story."""

    __tablename__ = "board_decisions"
    __table_args__ = (
        CheckConstraint(STATUS_CHECK, name="status_is_known"),
        Index("ix_board_decisions_log", "decided_on", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    decided_on: Mapped[date]
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("board_meetings.id", ondelete="SET NULL")
    )
    decision: Mapped[str] = mapped_column(Text)
    why: Mapped[str] = mapped_column(Text)  # the issue it answers
    who_acts: Mapped[str] = mapped_column(String(200))
    theme: Mapped[str] = mapped_column(String(20), default="other")
    status: Mapped[str] = mapped_column(String(12), default=DecisionStatus.AGREED)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[BoardMeeting | None] = relationship()
    changes: Mapped[list[DecisionChange]] = relationship(
        back_populates="decision",
        order_by="DecisionChange.changed_at, DecisionChange.id",
        cascade="all, delete-orphan",
        lazy="selectin",
    )

    @property
    def status_label(self) -> str:
        return DECISION_STATUS_LABELS.get(self.status, self.status)


class DecisionChange(db.Model):
    """One status a decision was given, when, and a short note on why."""

    __tablename__ = "board_decision_changes"
    __table_args__ = (CheckConstraint(STATUS_CHECK, name="status_is_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("board_decisions.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(12))
    note: Mapped[str] = mapped_column(String(300), default="")
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)

    decision: Mapped[BoardDecision] = relationship(back_populates="changes")

    @property
    def status_label(self) -> str:
        return DECISION_STATUS_LABELS.get(self.status, self.status)


class QuestionKind(StrEnum):
    QUESTION = "question"
    ISSUE = "issue"


QUESTION_KIND_LABELS = {QuestionKind.QUESTION: "A question", QuestionKind.ISSUE: "An issue"}
# How emails and the account page name what the person sent: "the question you sent".
QUESTION_KIND_SENT = {
    QuestionKind.QUESTION: "the question you sent",
    QuestionKind.ISSUE: "the issue you raised",
}


class QuestionStatus(StrEnum):
    WAITING = "waiting"
    PUBLISHED = "published"
    REJECTED = "rejected"


class BoardQuestion(db.Model):
    """A question or issue a signed-in person sent the board.

    Nothing of it is public until staff publish it with the board's answer; the asker's name is
    shown with it only when they chose that (`show_name`)."""

    __tablename__ = "board_questions"
    __table_args__ = (
        CheckConstraint("status IN ('waiting', 'published', 'rejected')", name="status_is_known"),
        CheckConstraint("kind IN ('question', 'issue')", name="kind_is_known"),
        # A published question always carries the board's answer.
        CheckConstraint("status != 'published' OR answer != ''", name="published_has_answer"),
        Index("ix_board_questions_listing", "status", "answered_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10), default=QuestionKind.QUESTION)
    theme: Mapped[str] = mapped_column(String(20), default="other")
    text: Mapped[str] = mapped_column(Text)
    show_name: Mapped[bool] = mapped_column(default=False, server_default=false())
    status: Mapped[str] = mapped_column(String(10), default=QuestionStatus.WAITING)
    answer: Mapped[str] = mapped_column(Text, default="", server_default="")
    reject_reason: Mapped[str] = mapped_column(String(300), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    asker = relationship("User", lazy="joined")

    @property
    def kind_label(self) -> str:
        return QUESTION_KIND_LABELS.get(self.kind, self.kind)

    @property
    def what_was_sent(self) -> str:
        """What the person sent, in words for emails: “the issue you raised”."""
        return QUESTION_KIND_SENT.get(self.kind, "what you sent")

    @property
    def public_name(self) -> str | None:
        """The asker's name, only when they chose to show it."""
        if self.show_name and self.asker is not None:
            return self.asker.full_name
        return None
