"""100-day challenges: the challenge and its closing report, its team, actions, outputs,
weekly updates and followers."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.challenges.days import ChallengeDay, challenge_day, last_day
from portal.dates import UTCDateTime, utcnow
from portal.extensions import db


class ChallengeStatus(StrEnum):
    DRAFT = "draft"  # staff and the team only
    RUNNING = "running"  # public
    CLOSED = "closed"  # public, with its closing report


class Bringing(StrEnum):
    """What a team member brings to the team."""

    PARENT = "parent"
    PROFESSIONAL = "professional"
    YOUNG_PERSON = "young-person"


BRINGING_LABELS = {
    Bringing.PARENT: "Parent or carer",
    Bringing.PROFESSIONAL: "Professional",
    Bringing.YOUNG_PERSON: "Young person",
}


class ActionStatus(StrEnum):
    TO_DO = "to-do"
    DOING = "doing"
    DONE = "done"


ACTION_LABELS = {
    ActionStatus.TO_DO: "To do",
    ActionStatus.DOING: "Doing",
    ActionStatus.DONE: "Done",
}


class Challenge(db.Model):
    """One 100-day challenge: a goal, a start date (a London calendar date: day 1), and, once
    the 100 days are over, a closing report that staff publish."""

    __tablename__ = "challenges"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'running', 'closed')", name="status_is_known"),
        # A closed challenge is one whose report is out: the two never disagree.
        CheckConstraint(
            "(status = 'closed') = (report_published_at IS NOT NULL)", name="closed_has_report"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    goal: Mapped[str] = mapped_column(Text)
    starts_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default=ChallengeStatus.DRAFT)
    what_was_made: Mapped[str] = mapped_column(Text, default="")
    what_changed: Mapped[str] = mapped_column(Text, default="")
    what_comes_next: Mapped[str] = mapped_column(Text, default="")
    report_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    team: Mapped[list[TeamMember]] = relationship(
        back_populates="challenge", cascade="all, delete-orphan", order_by="TeamMember.id"
    )
    actions: Mapped[list[Action]] = relationship(
        back_populates="challenge",
        cascade="all, delete-orphan",
        order_by="(Action.due_on, Action.id)",
    )

    @property
    def is_public(self) -> bool:
        return self.status != ChallengeStatus.DRAFT

    @property
    def report_published(self) -> bool:
        return self.report_published_at is not None

    @property
    def ends_on(self) -> date:
        return last_day(self.starts_on)

    def day(self, now: datetime) -> ChallengeDay:
        return challenge_day(self.starts_on, now)

    def finished(self, now: datetime) -> bool:
        """Over: its closing report is out, or day 100 has passed. No more following or
        weekly updates; its page speaks in the past tense."""
        return self.report_published or self.day(now).finished

    def has_team_member(self, user) -> bool:
        """Whether `user`'s account is linked to someone on this challenge's team."""
        return user is not None and any(m.user_id == user.id for m in self.team)

    def __repr__(self) -> str:
        return f"<Challenge {self.id} {self.slug!r}>"


class TeamMember(db.Model):
    """Someone on the team. Linked to an account, they may post updates and keep the actions
    and outputs up to date for this challenge only: not a global role."""

    __tablename__ = "challenge_team"
    __table_args__ = (
        CheckConstraint(
            "bringing IN ('parent', 'professional', 'young-person')", name="bringing_is_known"
        ),
        UniqueConstraint("challenge_id", "user_id", name="uq_challenge_team_account"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(120))
    bringing: Mapped[str] = mapped_column(String(20))
    # Unlinked (set to NULL) when the account is erased: the team was who it was.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    challenge: Mapped[Challenge] = relationship(back_populates="team")
    user = relationship("User")

    @property
    def bringing_label(self) -> str:
        return BRINGING_LABELS.get(self.bringing, self.bringing)


class Action(db.Model):
    """Something the team will do: what, who, by when, and how far along it is."""

    __tablename__ = "challenge_actions"
    __table_args__ = (
        CheckConstraint("status IN ('to-do', 'doing', 'done')", name="status_is_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(
        ForeignKey("challenges.id", ondelete="CASCADE"), index=True
    )
    what: Mapped[str] = mapped_column(String(300))
    who: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default=ActionStatus.TO_DO)

    challenge: Mapped[Challenge] = relationship(back_populates="actions")

    @property
    def status_label(self) -> str:
        return ACTION_LABELS.get(self.status, self.status)


class Output(db.Model):
    """Something the challenge made that the portal holds: a kind and an id, read through the
    resolver table in outputs.py. No foreign key and no CHECK on `kind`, on purpose: the thing
    may be deleted or hidden later (the output then drops off the page), and a new kind is
    added in outputs.py alone."""

    __tablename__ = "challenge_outputs"
    __table_args__ = (
        UniqueConstraint("challenge_id", "kind", "target_id", name="uq_challenge_outputs"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int]
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ChallengeUpdate(db.Model):
    """The weekly update: on the challenge page, newest first, and emailed to followers."""

    __tablename__ = "challenge_updates"
    __table_args__ = (Index("ix_challenge_updates_challenge", "challenge_id", "posted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"))
    # Kept when the author's account is erased: the challenge's news is the challenge's.
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    week: Mapped[int]
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    challenge: Mapped[Challenge] = relationship()
    author = relationship("User")


class ChallengeFollower(db.Model):
    """An account that gets the weekly updates by email."""

    __tablename__ = "challenge_followers"
    __table_args__ = (UniqueConstraint("challenge_id", "user_id", name="uq_challenge_followers"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    followed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    challenge: Mapped[Challenge] = relationship()
    user = relationship("User", lazy="joined")
