"""What consultations hold about a person, and what happens to it when their account goes.

Held: the answers they sent while signed in. Erasing the account keeps the answers (the results
staff published were counted from them, and must not change) but removes the link to the
account, so nobody can tell whose they were.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from portal.accounts.registry import data_held_about, when_account_erased
from portal.consultations.models import Response
from portal.extensions import db


def answers_held(person) -> list[dict]:
    responses = db.session.scalars(
        select(Response).where(Response.user_id == person.id).order_by(Response.submitted_at)
    ).all()
    records = []
    for response in responses:
        given = []
        for question in response.consultation.questions:
            parts = [a for a in response.answers if a.question_id == question.id]
            if not parts:
                continue
            if question.is_choice:
                words = "; ".join(question.chosen_words([a.choice for a in parts]))
            else:
                words = parts[0].text
            given.append(f"{question.text} {words}")
        records.append(
            {
                "Consultation": response.consultation.title,
                "Sent": response.submitted_at,
                "Your answers": given,
            }
        )
    return records


def unlink_answers(person, now: datetime) -> None:
    db.session.execute(update(Response).where(Response.user_id == person.id).values(user_id=None))
    db.session.flush()


data_held_about("consultation_answers", "Your answers to consultations", order=45)(answers_held)
when_account_erased(unlink_answers)
