"""What the board adds to the account page: what the person sent it, and what became of it."""

from __future__ import annotations

from portal.accounts.registry import account_section
from portal.board.queries import questions_sent_by


@account_section("board/_account_questions.html")
def your_board_questions(user) -> dict:
    """The person's questions and issues, the newest first, each with where it stands."""
    return {"questions": questions_sent_by(user)}
