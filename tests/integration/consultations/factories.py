"""Plain functions that make consultations through the real services."""

from __future__ import annotations

from datetime import timedelta

from portal.consultations.services import (
    Details,
    QuestionDetails,
    publish,
    save_consultation,
    save_question,
)
from portal.dates import LONDON, utcnow
from portal.extensions import db
from tests.factories import make_user

SESSIONS = ["Saturday mornings", "Weekday evenings", "Online"]
TOPICS = ["Sensory needs", "School", "Sleep"]


def default_questions() -> list[QuestionDetails]:
    """One of each kind: choose one, choose several, a short and a long answer."""
    return [
        QuestionDetails("one", "When could you come to a session?", "", SESSIONS, True),
        QuestionDetails("several", "What should sessions cover?", "", TOPICS, True),
        QuestionDetails("short", "What should we call the new session?", "", [], False),
        QuestionDetails("long", "What else would help?", "", [], False),
    ]


def make_consultation(
    *,
    title="Training sessions next year",
    audience="anyone",
    closes_in_days=14,
    questions=None,
    published=True,
    theme="training",
    staff=None,
):
    """A consultation written by staff, published unless `published=False`."""
    staff = staff or make_user(role="staff", full_name="Sam Staff")
    today = utcnow().astimezone(LONDON).date()
    consultation = save_consultation(
        None,
        Details(
            title=title,
            why="We want sessions that suit you.",
            what_will_change="We will plan next year's sessions from your answers.",
            closes_on=today + timedelta(days=closes_in_days),
            audience=audience,
            theme=theme,
        ),
        actor=staff,
        now=utcnow(),
    )
    for details in default_questions() if questions is None else questions:
        save_question(consultation, None, details, actor=staff, now=utcnow())
    if published:
        publish(consultation, actor=staff, now=utcnow())
    db.session.commit()
    return consultation
