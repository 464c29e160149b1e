"""What the library holds about a person, and what it erases when their account goes.

Held: the person's suggestions and comments on the library. Erasing deletes the ones not
published, and keeps published ones, with what the team did about them, without the link to
the person (they were already shown without a name).

Services take explicit arguments, flush but never commit, and raise nothing of their own.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update

from portal.accounts.models import User
from portal.extensions import db
from portal.library.models import Suggestion, SuggestionStatus

STATUS_WORDS = {
    SuggestionStatus.PENDING: "Waiting to be read",
    SuggestionStatus.PUBLISHED: "Shown on the library's “You said, we did” page",
    SuggestionStatus.REJECTED: "Not shown",
}


def suggestions_held(person: User) -> list[dict]:
    """The person's suggestions, latest first."""
    suggestions = db.session.scalars(
        select(Suggestion).where(Suggestion.user_id == person.id).order_by(Suggestion.id.desc())
    ).all()
    return [
        {
            "About": suggestion.item.title if suggestion.item else "The library in general",
            "Your suggestion": suggestion.text,
            "Status": STATUS_WORDS.get(suggestion.status, suggestion.status),
            "What we did": suggestion.response,
            "Sent on": suggestion.created_at,
        }
        for suggestion in suggestions
    ]


def erase_from_library(person: User, now: datetime) -> None:
    """Delete the person's unpublished suggestions; unlink the published ones."""
    db.session.execute(
        delete(Suggestion).where(
            Suggestion.user_id == person.id, Suggestion.status != SuggestionStatus.PUBLISHED
        )
    )
    db.session.execute(
        update(Suggestion).where(Suggestion.user_id == person.id).values(user_id=None)
    )
    db.session.flush()
