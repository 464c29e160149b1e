"""Consultation rules: staff write and publish a consultation and its questions, people answer
it, and staff close it and publish what they heard and what they will do.

Services take explicit arguments, flush but never commit, and raise the errors below (their
messages are safe to show). Answers arrive in one go from "check your answers"
(`submit_answers`): the response, its answers and the per-address count change together or not
at all.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from portal.audit.services import record
from portal.consultations.models import (
    CHOICE_KINDS,
    AddressCount,
    Answer,
    Consultation,
    Question,
    QuestionKind,
    Response,
)
from portal.extensions import db
from portal.slugs import unique_slug

# Sets of answers one internet address may send to one consultation without signing in: a
# family, or a family centre's shared computer, may answer more than once; a script may not.
ANSWERS_PER_ADDRESS = 5


class ConsultationError(Exception):
    """Base class: the message is safe to show."""


class QuestionsLocked(ConsultationError):
    """Questions cannot change once answers exist: the answers would no longer fit them."""


class CannotPublish(ConsultationError):
    """A consultation is published with at least one question and a closing date to come."""


class NotClosed(ConsultationError):
    """What we heard is published only once the consultation has closed."""


class Closed(ConsultationError):
    """The consultation is closed (or not published): no more answers."""


class AlreadyAnswered(ConsultationError):
    """One set of answers per account; a few per address without signing in."""


class SignInNeeded(ConsultationError):
    """Only people signed in may answer this consultation."""


class Unanswered(ConsultationError):
    """A required question has no answer."""

    def __init__(self, question: Question):
        super().__init__(f"Answer the question: {question.text}")
        self.question = question


@dataclass(frozen=True)
class Details:
    title: str
    why: str
    what_will_change: str
    closes_on: date
    audience: str
    theme: str


@dataclass(frozen=True)
class QuestionDetails:
    kind: str
    text: str
    hint: str
    options: list[str]
    required: bool


def _note(actor, action: str, consultation: Consultation, summary: str, now: datetime) -> None:
    """A line in the audit log about this consultation."""
    record(actor, action, "consultation", consultation.id, summary, now=now)


def _slug_taken(slug: str) -> bool:
    return db.session.scalar(select(Consultation.id).where(Consultation.slug == slug)) is not None


def save_consultation(
    consultation: Consultation | None, details: Details, *, actor, now: datetime
) -> Consultation:
    """Create a draft, or change a consultation's details (its address stays the same).

    Raises nothing of its own: the form checks each answer.
    """
    if consultation is None:
        consultation = Consultation(
            slug=unique_slug(details.title, taken=_slug_taken, fallback="consultation"),
            created_at=now,
        )
        db.session.add(consultation)
    for name, value in vars(details).items():
        setattr(consultation, name, value.strip() if isinstance(value, str) else value)
    db.session.flush()
    _note(actor, "consultation saved", consultation, consultation.title, now)
    return consultation


def answer_count(consultation: Consultation) -> int:
    """How many sets of answers it has, counted from the rows."""
    return db.session.scalar(
        select(func.count(Response.id)).where(Response.consultation_id == consultation.id)
    )


def questions_locked(consultation: Consultation) -> bool:
    """Whether the questions are fixed: they are once anyone has answered."""
    return answer_count(consultation) > 0


def _check_unlocked(consultation: Consultation) -> None:
    if questions_locked(consultation):
        raise QuestionsLocked(
            "People have already answered, so the questions cannot change: their answers "
            "would no longer match them."
        )


def save_question(
    consultation: Consultation,
    question: Question | None,
    details: QuestionDetails,
    *,
    actor,
    now: datetime,
) -> Question:
    """Add a question at the end, or change one.

    Raises QuestionsLocked once anyone has answered.
    """
    _check_unlocked(consultation)
    if question is None:
        question = Question(consultation=consultation, position=len(consultation.questions) + 1)
        db.session.add(question)
    question.kind = details.kind
    question.text = details.text.strip()
    question.hint = details.hint.strip()
    question.options = "\n".join(details.options) if details.kind in CHOICE_KINDS else ""
    question.required = details.required
    db.session.flush()
    _note(actor, "consultation question saved", consultation, question.text, now)
    return question


def _renumber(consultation: Consultation) -> None:
    for number, question in enumerate(consultation.questions, start=1):
        question.position = number


def move_question(question: Question, *, up: bool, actor, now: datetime) -> None:
    """Swap a question with the one before (`up`) or after it.

    Raises QuestionsLocked once anyone has answered.
    """
    consultation = question.consultation
    _check_unlocked(consultation)
    questions = list(consultation.questions)
    index = questions.index(question)
    other = index - 1 if up else index + 1
    if 0 <= other < len(questions):
        questions[index], questions[other] = questions[other], questions[index]
        for number, item in enumerate(questions, start=1):
            item.position = number
    db.session.flush()
    db.session.expire(consultation, ["questions"])
    _note(actor, "consultation question moved", consultation, question.text, now)


def remove_question(question: Question, *, actor, now: datetime) -> None:
    """Remove a question; the others close up.

    Raises QuestionsLocked once anyone has answered, and CannotPublish for the last question
    of a published consultation (people would find nothing to answer).
    """
    consultation = question.consultation
    _check_unlocked(consultation)
    if not consultation.is_draft and len(consultation.questions) == 1:
        raise CannotPublish("It is published, so it needs at least one question")
    consultation.questions.remove(question)
    _renumber(consultation)
    db.session.flush()
    _note(actor, "consultation question removed", consultation, question.text, now)


def publish(consultation: Consultation, *, actor, now: datetime) -> None:
    """Make a draft public: it takes answers until it closes.

    Raises CannotPublish without questions or with a closing date already past.
    """
    if not consultation.questions:
        raise CannotPublish("Add at least one question before publishing")
    if consultation.is_closed(now):
        raise CannotPublish("The closing date has passed: choose a later one before publishing")
    consultation.published_at = consultation.published_at or now
    _note(actor, "consultation published", consultation, consultation.title, now)


def close(consultation: Consultation, *, actor, now: datetime) -> None:
    """Close a published consultation now, before its closing date.

    Raises Closed if it is a draft or has already closed.
    """
    if not consultation.is_open(now):
        raise Closed("It is not open, so there is nothing to close")
    consultation.closed_at = now
    _note(actor, "consultation closed", consultation, consultation.title, now)


def publish_outcome(
    consultation: Consultation, *, heard: str, will_do: str, actor, now: datetime
) -> None:
    """Publish (or correct) what we heard and what we will do: shown on the consultation's page
    and on "You said, we did".

    Raises NotClosed while it is still open (or a draft).
    """
    if consultation.is_draft or not consultation.is_closed(now):
        raise NotClosed("Publish what you heard once the consultation has closed")
    consultation.heard = heard.strip()
    consultation.will_do = will_do.strip()
    consultation.outcome_published_at = consultation.outcome_published_at or now
    _note(actor, "consultation outcome published", consultation, consultation.title, now)


def address_hash(consultation: Consultation, address: str, *, secret_key: str) -> str:
    """The address as a keyed hash, different for each consultation: never the address itself."""
    message = f"{consultation.id}:{address}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()


def has_answered(consultation: Consultation, person) -> bool:
    """Whether this account has already sent answers."""
    if person is None:
        return False
    found = db.session.scalar(
        select(Response.id).where(
            Response.consultation_id == consultation.id, Response.user_id == person.id
        )
    )
    return found is not None


def address_used_up(consultation: Consultation, hashed: str, *, limit: int) -> bool:
    """Whether this address has sent as many sets of answers as it may."""
    answers = db.session.scalar(
        select(AddressCount.answers).where(
            AddressCount.consultation_id == consultation.id, AddressCount.address_hash == hashed
        )
    )
    return (answers or 0) >= limit


def check_may_answer(
    consultation: Consultation, *, person, hashed: str, now: datetime, limit: int
) -> None:
    """Raise the reason this person may not answer now, if there is one.

    Raises Closed, SignInNeeded or AlreadyAnswered.
    """
    if not consultation.is_open(now):
        raise Closed("This consultation has closed")
    if person is None and consultation.sign_in_required:
        raise SignInNeeded("Sign in to answer this consultation")
    if person is not None:
        if has_answered(consultation, person):
            raise AlreadyAnswered("You have already answered this consultation")
    elif address_used_up(consultation, hashed, limit=limit):
        raise AlreadyAnswered("Answers have already been sent from this internet connection")


def clean_answer(question: Question, value) -> list[int] | str | None:
    """An answer as kept: option numbers for a choice question, text otherwise, None if empty.

    Option numbers outside the list are dropped (a stale or doctored form).
    """
    if question.is_choice:
        count = len(question.option_list)
        values = value if isinstance(value, list) else [value]
        chosen = sorted({int(v) for v in values if str(v).isdigit() and int(v) < count})
        if question.kind == QuestionKind.ONE:
            chosen = chosen[:1]
        return chosen or None
    text = value.strip() if isinstance(value, str) else ""
    return text or None


def submit_answers(
    consultation: Consultation,
    answers: dict[int, list[int] | str | None],
    *,
    person,
    hashed: str,
    now: datetime,
    limit: int = ANSWERS_PER_ADDRESS,
) -> Response:
    """Record one set of answers (`answers` maps question ids to what `clean_answer` gives).

    Signed in: linked to the account, one per account (a unique constraint settles two sent at
    once). Not signed in: the address's count is raised by a guarded UPDATE that must touch one
    row. Raises Closed, SignInNeeded, AlreadyAnswered, or Unanswered for a required question
    left empty.
    """
    check_may_answer(consultation, person=person, hashed=hashed, now=now, limit=limit)
    rows = []
    for question in consultation.questions:
        value = clean_answer(question, answers.get(question.id))
        if value is None:
            if question.required:
                raise Unanswered(question)
            continue
        if isinstance(value, list):
            rows += [Answer(question=question, choice=choice) for choice in value]
        else:
            rows.append(Answer(question=question, text=value))
    response = Response(
        consultation=consultation, user_id=person.id if person else None, submitted_at=now
    )
    response.answers = rows
    try:
        with db.session.begin_nested():
            db.session.add(response)
            db.session.flush()
    except IntegrityError as error:
        raise AlreadyAnswered("You have already answered this consultation") from error
    if person is None:
        _count_address(consultation, hashed, limit=limit)
    return response


def _count_address(consultation: Consultation, hashed: str, *, limit: int) -> None:
    try:
        with db.session.begin_nested():
            db.session.add(AddressCount(consultation_id=consultation.id, address_hash=hashed))
            db.session.flush()
    except IntegrityError:
        pass  # the address has answered before (or is answering at this moment): counted below
    counted = db.session.execute(
        update(AddressCount)
        .where(
            AddressCount.consultation_id == consultation.id,
            AddressCount.address_hash == hashed,
            AddressCount.answers < limit,
        )
        .values(answers=AddressCount.answers + 1)
        .execution_options(synchronize_session=False)
    )
    if counted.rowcount != 1:
        raise AlreadyAnswered("Answers have already been sent from this internet connection")


def purge_address_counts(*, now: datetime, days: int) -> int:
    """Delete the address hashes of consultations that closed more than `days` ago: they only
    limit answering while a consultation is open. Returns how many were deleted."""
    cutoff = now - timedelta(days=days)
    with_counts = db.session.scalars(
        select(Consultation).where(
            Consultation.id.in_(select(AddressCount.consultation_id).distinct())
        )
    )
    ended = [consultation.id for consultation in with_counts if consultation.is_closed(cutoff)]
    if not ended:
        return 0
    result = db.session.execute(
        delete(AddressCount)
        .where(AddressCount.consultation_id.in_(ended))
        .execution_options(synchronize_session=False)
    )
    return result.rowcount
