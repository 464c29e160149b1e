"""Reading consultations: the public list, one by its address, and the results, counted from
the answer rows every time (a fixed number of queries whatever the number of answers)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import contains_eager

from portal.consultations.models import Answer, Consultation, Question, Response
from portal.dates import london_short
from portal.extensions import db


def published_by_slug(slug: str) -> Consultation | None:
    """A published consultation (drafts are for staff only)."""
    return db.session.scalar(
        select(Consultation).where(
            Consultation.slug == slug, Consultation.published_at.is_not(None)
        )
    )


def public_list(*, now: datetime) -> tuple[list[Consultation], list[Consultation]]:
    """Open consultations, closing soonest first; then closed ones, most recently closed first."""
    published = db.session.scalars(
        select(Consultation).where(Consultation.published_at.is_not(None))
    ).all()
    open_now = sorted((c for c in published if c.is_open(now)), key=lambda c: c.closes_at)
    closed = sorted(
        (c for c in published if c.is_closed(now)), key=lambda c: c.ended_at, reverse=True
    )
    return open_now, closed


def every_consultation() -> list[tuple[Consultation, int]]:
    """Every consultation, newest first, with how many sets of answers each has."""
    answers = (
        select(Response.consultation_id, func.count(Response.id).label("n"))
        .group_by(Response.consultation_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Consultation, func.coalesce(answers.c.n, 0))
        .outerjoin(answers, answers.c.consultation_id == Consultation.id)
        .order_by(Consultation.created_at.desc(), Consultation.id.desc())
    ).all()
    return [(consultation, n) for consultation, n in rows]


def with_outcome_published() -> list[Consultation]:
    """Consultations whose "what we heard" is public, newest outcome first."""
    return list(
        db.session.scalars(
            select(Consultation)
            .where(Consultation.outcome_published_at.is_not(None))
            .order_by(Consultation.outcome_published_at.desc())
        )
    )


@dataclass(frozen=True)
class OptionCount:
    label: str
    count: int


@dataclass(frozen=True)
class ChoiceResult:
    question: Question
    options: list[OptionCount]
    answered: int  # people who chose at least one option

    @property
    def most(self) -> int:
        return max((option.count for option in self.options), default=0)


def choice_results(consultation: Consultation) -> list[ChoiceResult]:
    """For each choice question, how many chose each option, counted from the answer rows."""
    counts = {
        (question_id, choice): n
        for question_id, choice, n in db.session.execute(
            select(Answer.question_id, Answer.choice, func.count(Answer.id))
            .join(Question, Question.id == Answer.question_id)
            .where(Question.consultation_id == consultation.id, Answer.choice.is_not(None))
            .group_by(Answer.question_id, Answer.choice)
        )
    }
    answered = dict(
        db.session.execute(
            select(Answer.question_id, func.count(func.distinct(Answer.response_id)))
            .join(Question, Question.id == Answer.question_id)
            .where(Question.consultation_id == consultation.id, Answer.choice.is_not(None))
            .group_by(Answer.question_id)
        ).all()
    )
    return [
        ChoiceResult(
            question=question,
            options=[
                OptionCount(label, counts.get((question.id, number), 0))
                for number, label in enumerate(question.option_list)
            ],
            answered=answered.get(question.id, 0),
        )
        for question in consultation.questions
        if question.is_choice
    ]


def text_answers(question: Question, *, page: int, per_page: int = 20):
    """The written answers to one question, oldest first, a page at a time."""
    return db.paginate(
        select(Answer)
        .join(Answer.response)
        .options(contains_eager(Answer.response))
        .where(Answer.question_id == question.id, Answer.text.is_not(None))
        .order_by(Response.submitted_at, Answer.id),
        page=page,
        per_page=per_page,
        error_out=False,
    )


def results_rows(consultation: Consultation) -> list[list]:
    """Every set of answers as spreadsheet rows: a heading row, then one row per set, with
    chosen options by name ("; " between several). No names or accounts: only the answers."""
    questions = list(consultation.questions)
    responses = db.session.scalars(
        select(Response)
        .where(Response.consultation_id == consultation.id)
        .order_by(Response.submitted_at, Response.id)
        .execution_options(populate_existing=True)
    ).all()
    answers = db.session.scalars(
        select(Answer)
        .join(Response, Response.id == Answer.response_id)
        .where(Response.consultation_id == consultation.id)
        .order_by(Answer.id)
    ).all()
    by_response: dict[int, dict[int, list]] = {}
    for answer in answers:
        by_response.setdefault(answer.response_id, {}).setdefault(answer.question_id, []).append(
            answer
        )
    rows = [["Answer number", "Sent"] + [q.text for q in questions]]
    for number, response in enumerate(responses, start=1):
        given = by_response.get(response.id, {})
        row = [number, london_short(response.submitted_at)]
        for question in questions:
            parts = given.get(question.id, [])
            if question.is_choice:
                row.append("; ".join(question.chosen_words([a.choice for a in parts])))
            else:
                row.append(parts[0].text if parts else "")
        rows.append(row)
    return rows


def waiting_for_outcome_statement(*, now: datetime, today: date) -> Select:
    """How many consultations have closed with no "what we heard" published yet, as one
    statement (the staff dashboard asks several counts at once). A consultation closes at the
    end of its closing day in Bromley (`today` is the London date), or when staff close it."""
    return (
        select(func.count())
        .select_from(Consultation)
        .where(
            Consultation.published_at.is_not(None),
            Consultation.outcome_published_at.is_(None),
            (Consultation.closes_on < today) | (Consultation.closed_at <= now),
        )
    )
