"""Consultations ("have your say"): what staff ask, the questions, and the answers people give.

Results are always counted from the answer rows (queries.py): no totals are stored, so erasing
an account (which keeps its answers, unlinked) or a fix to a row can never leave a count wrong.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.dates import LONDON, UTCDateTime, utcnow
from portal.extensions import db


class Audience(StrEnum):
    ANYONE = "anyone"
    SIGNED_IN = "signed-in"


AUDIENCE_LABELS = {
    Audience.ANYONE: "Anyone, signed in or not",
    Audience.SIGNED_IN: "Only people signed in to an account (one answer each)",
}


class QuestionKind(StrEnum):
    ONE = "one"  # radios
    SEVERAL = "several"  # checkboxes
    SHORT = "short"  # a text input
    LONG = "long"  # a textarea


KIND_LABELS = {
    QuestionKind.ONE: "Choose one (radios)",
    QuestionKind.SEVERAL: "Choose one or more (checkboxes)",
    QuestionKind.SHORT: "A short answer (one line)",
    QuestionKind.LONG: "A longer answer (a few sentences)",
}
CHOICE_KINDS = (QuestionKind.ONE, QuestionKind.SEVERAL)


class Consultation(db.Model):
    """A consultation: why we ask, what will change because of it, when it closes, who may
    answer; after it closes, "what we heard" and "what we will do".

    A draft (`published_at` empty) is seen only by staff. It closes at the end of `closes_on`,
    a London date, or earlier if staff close it (`closed_at`).
    """

    __tablename__ = "consultations"
    __table_args__ = (
        CheckConstraint("audience IN ('anyone', 'signed-in')", name="audience_is_known"),
        # The outcome is published only with both of its parts.
        CheckConstraint(
            "outcome_published_at IS NULL OR (heard <> '' AND will_do <> '')",
            name="outcome_is_complete",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    why: Mapped[str] = mapped_column(Text)
    what_will_change: Mapped[str] = mapped_column(Text)
    closes_on: Mapped[date] = mapped_column(Date)
    audience: Mapped[str] = mapped_column(String(10), default=Audience.ANYONE)
    theme: Mapped[str] = mapped_column(String(20))  # a key of outcomes.entries.THEMES
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # closed early by staff
    heard: Mapped[str] = mapped_column(Text, default="", server_default="")
    will_do: Mapped[str] = mapped_column(Text, default="", server_default="")
    outcome_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    questions: Mapped[list[Question]] = relationship(
        back_populates="consultation",
        cascade="all, delete-orphan",
        order_by="Question.position",
    )

    @property
    def is_draft(self) -> bool:
        return self.published_at is None

    @property
    def closes_at(self) -> datetime:
        """The end of the closing date in Bromley: midnight at the start of the next day."""
        next_day = self.closes_on + timedelta(days=1)
        return datetime.combine(next_day, time(0), tzinfo=LONDON)

    def is_closed(self, now: datetime) -> bool:
        if self.closed_at is not None and self.closed_at <= now:
            return True
        return now >= self.closes_at

    def is_open(self, now: datetime) -> bool:
        return not self.is_draft and not self.is_closed(now)

    @property
    def closes_on_label(self) -> str:
        """The closing date as people read it: "Friday 5 March 2027"."""
        day = self.closes_on
        return f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')}"

    @property
    def ended_at(self) -> datetime:
        """When it closed (or will close)."""
        return self.closed_at or self.closes_at

    @property
    def outcome_published(self) -> bool:
        return self.outcome_published_at is not None

    @property
    def sign_in_required(self) -> bool:
        return self.audience == Audience.SIGNED_IN

    @property
    def audience_label(self) -> str:
        return AUDIENCE_LABELS.get(self.audience, self.audience)

    def __repr__(self) -> str:
        return f"<Consultation {self.id} {self.slug!r}>"


class Question(db.Model):
    """One question page. Choice questions keep their options one per line in `options`;
    answers point at an option by its number (0 for the first), so the options are frozen
    once anyone has answered (services.questions_locked)."""

    __tablename__ = "consultation_questions"
    __table_args__ = (
        CheckConstraint("kind IN ('one', 'several', 'short', 'long')", name="kind_is_known"),
        Index("ix_consultation_questions_order", "consultation_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(String(300))
    hint: Mapped[str] = mapped_column(String(300), default="")
    options: Mapped[str] = mapped_column(Text, default="")
    required: Mapped[bool] = mapped_column(default=True)

    consultation: Mapped[Consultation] = relationship(back_populates="questions")

    @property
    def is_choice(self) -> bool:
        return self.kind in CHOICE_KINDS

    @property
    def option_list(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    def chosen_words(self, choices: list[int]) -> list[str]:
        """The options chosen, by name (numbers no longer in the list are left out)."""
        options = self.option_list
        return [options[n] for n in choices if 0 <= n < len(options)]


class Response(db.Model):
    """One person's answers to one consultation, sent in one go from "check your answers".

    `user_id` links the answers of a signed-in person to them (one per account: the unique
    constraint, since NULLs never clash, leaves answers sent without signing in unlimited here;
    those are limited per address by AddressCount). Erasing the account unlinks the answers
    and keeps them, so the results do not change.
    """

    __tablename__ = "consultation_responses"
    __table_args__ = (
        UniqueConstraint("consultation_id", "user_id", name="uq_consultation_responses_person"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    consultation: Mapped[Consultation] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan", order_by="Answer.id"
    )


class Answer(db.Model):
    """One answer: an option chosen (one row per option for "choose several") or text."""

    __tablename__ = "consultation_answers"
    __table_args__ = (
        CheckConstraint("(choice IS NULL) <> (text IS NULL)", name="a_choice_or_text"),
        CheckConstraint("choice IS NULL OR choice >= 0", name="choice_not_negative"),
        Index("ix_consultation_answers_question", "question_id", "choice"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_responses.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_questions.id", ondelete="CASCADE")
    )
    choice: Mapped[int | None]
    text: Mapped[str | None] = mapped_column(Text)

    response: Mapped[Response] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship()


class AddressCount(db.Model):
    """How many sets of answers came, without signing in, from one internet address.

    No address is kept: `address_hash` is an HMAC of the consultation and the address under the
    app's secret key, so it cannot be reversed or matched across consultations. The count is
    raised with a guarded UPDATE (`answers < limit`) in the same transaction as the answers, so
    two answers sent at once from one address cannot both slip past the limit.
    """

    __tablename__ = "consultation_address_counts"
    __table_args__ = (
        UniqueConstraint("consultation_id", "address_hash", name="uq_consultation_address"),
        CheckConstraint("answers >= 0", name="answers_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    address_hash: Mapped[str] = mapped_column(String(64))
    answers: Mapped[int] = mapped_column(default=0)
