"""Board rules: staff keep the members, meetings and decisions log; people ask the board
questions, which staff publish with the board's answer or turn down.

Services take explicit arguments, flush but never commit, and raise the errors below.

Moderation: a question is never public until `publish_answer` gives it the board's answer;
the asker's name goes with it only when they ticked "show my name". Publishing emails the
asker (through the outbox, in the same transaction). Turning a question down needs a short
reason, and the asker is emailed that reason too: being told "no, and why" is kinder than
silence for someone waiting on an answer.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select

from portal.accounts.services import hold_account
from portal.audit.services import record
from portal.board.models import (
    BoardDecision,
    BoardMeeting,
    BoardMember,
    BoardQuestion,
    DecisionChange,
    DecisionStatus,
    MeetingPaper,
    QuestionKind,
    QuestionStatus,
)
from portal.dates import london_day_start
from portal.extensions import db
from portal.library.models import BOARD_KINDS, LibraryItem
from portal.links import external_url
from portal.outbox.services import email_subject, queue_email
from portal.outcomes.entries import THEMES

MAX_QUESTIONS_PER_DAY = 5


class BoardError(Exception):
    """Base class: the message is safe to show."""


class NothingAsked(BoardError):
    """The question was only spaces."""


class TooManyQuestions(BoardError):
    """The account has sent MAX_QUESTIONS_PER_DAY today (a day in Bromley)."""


class AlreadyModerated(BoardError):
    """The question was published or turned down already."""


class AnswerMissing(BoardError):
    """Publishing needs the board's answer; turning down needs a reason."""


class NotABoardPaper(BoardError):
    """A meeting links only library items of the kinds "Board paper" and "Minutes"."""


# --- Members ------------------------------------------------------------------------------


def save_member(member: BoardMember | None, *, actor, now: datetime, **fields) -> BoardMember:
    """Add a member or change one. A new chair takes over: the board has one chair at most.

    Raises nothing of its own: the form checks each answer."""
    if member is None:
        member = BoardMember(created_at=now)
        db.session.add(member)
    for name, value in fields.items():
        setattr(member, name, value.strip() if isinstance(value, str) else value)
    db.session.flush()
    if member.is_chair:
        for other in db.session.scalars(
            select(BoardMember).where(BoardMember.is_chair.is_(True), BoardMember.id != member.id)
        ):
            other.is_chair = False
    record(actor, "board member saved", "board_member", member.id, member.name, now=now)
    return member


# --- Meetings -----------------------------------------------------------------------------


def save_meeting(
    meeting: BoardMeeting | None,
    *,
    starts_at: datetime,
    place: str,
    online: bool,
    agenda: str,
    item_ids: list[int],
    actor,
    now: datetime,
    how_to_join: str = "",
) -> BoardMeeting:
    """Add a meeting or change one, linking exactly the library items in `item_ids`.

    Raises NotABoardPaper when an item is missing or is not a board paper or minutes."""
    items = db.session.scalars(select(LibraryItem).where(LibraryItem.id.in_(item_ids))).all()
    if len(items) != len(set(item_ids)) or any(item.kind not in BOARD_KINDS for item in items):
        raise NotABoardPaper("Choose only board papers and minutes from the library")
    if meeting is None:
        meeting = BoardMeeting(created_at=now)
        db.session.add(meeting)
    meeting.starts_at = starts_at
    meeting.place = place.strip()
    meeting.online = online
    meeting.agenda = agenda.strip()
    meeting.how_to_join = how_to_join.strip()
    linked = {paper.item_id: paper for paper in meeting.papers}
    for item_id, paper in linked.items():
        if item_id not in item_ids:
            meeting.papers.remove(paper)
    for item in items:
        if item.id not in linked:
            meeting.papers.append(MeetingPaper(item=item))
    db.session.flush()
    record(actor, "board meeting saved", "board_meeting", meeting.id, "", now=now)
    return meeting


# --- Decisions ----------------------------------------------------------------------------


def record_decision(
    *,
    decided_on: date,
    decision: str,
    why: str,
    who_acts: str,
    theme: str,
    meeting: BoardMeeting | None,
    actor,
    now: datetime,
) -> BoardDecision:
    """Add a decision to the log as "Agreed", its first recorded status.

    Raises nothing of its own: the form checks each answer."""
    entry = BoardDecision(
        decided_on=decided_on,
        decision=decision.strip(),
        why=why.strip(),
        who_acts=who_acts.strip(),
        theme=theme if theme in THEMES else "other",
        meeting=meeting,
        status=DecisionStatus.AGREED,
        created_at=now,
    )
    entry.changes.append(DecisionChange(status=DecisionStatus.AGREED, changed_at=now))
    db.session.add(entry)
    db.session.flush()
    record(actor, "board decision recorded", "board_decision", entry.id, "", now=now)
    return entry


def change_decision_status(
    entry: BoardDecision, status: str, *, note: str, actor, now: datetime
) -> DecisionChange | None:
    """Move a decision on ("In progress", "Done", "Stopped"), keeping the change with its date.
    Giving it the status it has already changes nothing and returns None.

    Raises BoardError for a status that is not one of DecisionStatus."""
    if status not in set(DecisionStatus):
        raise BoardError("Choose a status from the list")
    if status == entry.status:
        return None
    entry.status = status
    change = DecisionChange(status=status, note=note.strip()[:300], changed_at=now)
    entry.changes.append(change)
    db.session.flush()
    record(actor, "board decision status changed", "board_decision", entry.id, status, now=now)
    return change


# --- Ask the board ------------------------------------------------------------------------


def ask_the_board(
    text: str, *, kind: str, theme: str, show_name: bool, user, now: datetime
) -> BoardQuestion:
    """Keep a person's question or issue for staff to read. Nothing of it is public yet.

    Raises NothingAsked when the text is only spaces, and TooManyQuestions when the account has
    already sent MAX_QUESTIONS_PER_DAY today (a day in Bromley, from midnight)."""
    if not text.strip():
        raise NothingAsked("Write your question or issue")
    hold_account(user)
    sent_today = db.session.scalar(
        select(func.count(BoardQuestion.id)).where(
            BoardQuestion.user_id == user.id, BoardQuestion.created_at >= london_day_start(now)
        )
    )
    if sent_today >= MAX_QUESTIONS_PER_DAY:
        raise TooManyQuestions(
            f"You have sent {MAX_QUESTIONS_PER_DAY} questions today, which is as many as we can "
            "take from one account in a day. Your words are still here: send them tomorrow"
        )
    question = BoardQuestion(
        user_id=user.id,
        kind=kind if kind in set(QuestionKind) else QuestionKind.QUESTION,
        theme=theme if theme in THEMES else "other",
        text=text.strip(),
        show_name=bool(show_name),
        status=QuestionStatus.WAITING,
        created_at=now,
    )
    db.session.add(question)
    db.session.flush()
    return question


def _still_waiting(question: BoardQuestion) -> None:
    if question.status != QuestionStatus.WAITING:
        raise AlreadyModerated("This question has already been answered or turned down")


def publish_answer(
    question: BoardQuestion,
    *,
    answer: str,
    theme: str,
    actor,
    now: datetime,
    text: str | None = None,
) -> None:
    """Publish the question with the board's answer, under the theme staff choose, and email
    the asker that it is answered.

    `text`, when given, is the question as staff edited it (to take out a name or a detail the
    person wrote by mistake): it replaces what was sent, and the audit log says it was edited,
    without the words.

    Raises AnswerMissing without an answer, NothingAsked when the edited text is empty,
    AlreadyModerated if it is not waiting."""
    _still_waiting(question)
    if not answer.strip():
        raise AnswerMissing("Write the board's answer before publishing")
    if text is not None:
        if not text.strip():
            raise NothingAsked("Keep the question's words: they are published with the answer")
        if text.strip() != question.text:
            question.text = text.strip()
            record(actor, "board question edited", "board_question", question.id, "", now=now)
    question.status = QuestionStatus.PUBLISHED
    question.answer = answer.strip()
    question.theme = theme if theme in THEMES else question.theme
    question.answered_at = now
    db.session.flush()
    if question.asker is not None:
        queue_email(
            to=question.asker.email,
            subject="The autism board has answered you",
            template="board_answered",
            question=question,
            answer_url=external_url("board.questions") + f"#question-{question.id}",
        )
    record(actor, "board question published", "board_question", question.id, "", now=now)


def turn_down(question: BoardQuestion, *, reason: str, actor, now: datetime) -> None:
    """Turn a question down: it is never shown. The asker is emailed the short reason.

    Raises AnswerMissing without a reason, AlreadyModerated if it is not waiting."""
    _still_waiting(question)
    if not reason.strip():
        raise AnswerMissing("Say briefly why the board cannot take this question")
    question.status = QuestionStatus.REJECTED
    question.reject_reason = reason.strip()[:300]
    question.answered_at = now
    db.session.flush()
    if question.asker is not None:
        queue_email(
            to=question.asker.email,
            subject=email_subject("About your {kind} for the autism board", kind=question.kind),
            template="board_turned_down",
            question=question,
        )
    record(actor, "board question turned down", "board_question", question.id, "", now=now)
