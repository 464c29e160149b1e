"""What the board holds about a person, and what it erases when their account goes.

Held: the questions and issues they sent the board. Erasing deletes the ones never published;
published ones stay with the board's answer (others may rely on it) but lose the link to the
person and their name.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update

from portal.accounts.registry import data_held_about, when_account_erased
from portal.board.models import BoardQuestion, QuestionStatus
from portal.extensions import db
from portal.outcomes.entries import THEMES

STATUS_WORDS = {
    QuestionStatus.WAITING: "Waiting for the board",
    QuestionStatus.PUBLISHED: "Answered on the board's questions page",
    QuestionStatus.REJECTED: "Not taken by the board",
}


def questions_held(person) -> list[dict]:
    """The person's questions and issues, latest first."""
    questions = db.session.scalars(
        select(BoardQuestion)
        .where(BoardQuestion.user_id == person.id)
        .order_by(BoardQuestion.created_at.desc(), BoardQuestion.id.desc())
    ).all()
    return [
        {
            "Kind": question.kind_label,
            "Theme": THEMES.get(question.theme, question.theme),
            "What you asked": question.text,
            "Show your name with it": "Yes" if question.show_name else "No",
            "Status": STATUS_WORDS.get(question.status, question.status),
            "The board's answer": question.answer,
            "Why it was not taken": question.reject_reason,
            "Sent": question.created_at,
        }
        for question in questions
    ]


def erase_from_board(person, now: datetime) -> None:
    """Delete the person's unpublished questions; unlink and unname the published ones."""
    db.session.execute(
        delete(BoardQuestion).where(
            BoardQuestion.user_id == person.id, BoardQuestion.status != QuestionStatus.PUBLISHED
        )
    )
    db.session.execute(
        update(BoardQuestion)
        .where(BoardQuestion.user_id == person.id)
        .values(user_id=None, show_name=False)
    )
    db.session.flush()


data_held_about("board_questions", "Questions you asked the autism board", order=45)(questions_held)
when_account_erased(erase_from_board)
