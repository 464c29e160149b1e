"""Demo consultations: one open, about next year's training sessions, with about 30 answers;
one closed, about the parents' leaflet, with what we heard and will do published. Development
only, like the rest of the demo data."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select

from portal.consultations.models import Consultation
from portal.consultations.services import (
    Details,
    QuestionDetails,
    publish,
    publish_outcome,
    save_consultation,
    save_question,
    submit_answers,
)
from portal.dates import LONDON
from portal.extensions import db

TRAINING_QUESTIONS = [
    QuestionDetails(
        "one",
        "When is the best time for you to come to a session?",
        "",
        ["Weekday mornings", "Weekday evenings", "Saturday mornings", "Online, any time"],
        True,
    ),
    QuestionDetails(
        "several",
        "What should next year's sessions cover?",
        "Choose all that apply.",
        [
            "Sensory needs at home",
            "Getting ready for school",
            "Sleep",
            "Meltdowns and shutdowns",
            "Looking after yourself",
        ],
        True,
    ),
    QuestionDetails(
        "one",
        "Would you come to a session with immersive theatre?",
        "Actors show a day in the life of an autistic child. You watch, then talk about it.",
        ["Yes", "Maybe", "No"],
        True,
    ),
    QuestionDetails("long", "What would make it easier for you to come?", "", [], False),
]
EASIER = [
    "A quiet room to go to if it gets too much.",
    "Knowing exactly what will happen, in order.",
    "Evening sessions, after my partner gets home.",
    "A crèche for younger children.",
    "Sessions near Orpington, not just Bromley town.",
    "Being able to leave early without anyone minding.",
]


def _answer_training(consultation: Consultation, now: datetime) -> None:
    pick = random.Random(18)  # noqa: S311 - the same made-up answers every time, not a secret
    questions = consultation.questions
    for n in range(30):
        answers = {
            questions[0].id: [pick.choices(range(4), weights=[2, 5, 4, 2])[0]],
            questions[1].id: sorted(pick.sample(range(5), pick.randint(1, 3))),
            questions[2].id: [pick.choices(range(3), weights=[6, 3, 1])[0]],
            questions[3].id: EASIER[n % len(EASIER)] if n % 3 == 0 else None,
        }
        sent = now - timedelta(days=10, hours=n * 7)
        submit_answers(consultation, answers, person=None, hashed=f"demo-{n}", now=sent)


# The demo library's leaflet (portal/demo/library.py), named so people can find it there.
LEAFLET_TITLE = "Our autism leaflet, by Bromley parents"


def _leaflet(staff, now: datetime) -> Consultation:
    started = now - timedelta(days=70)
    consultation = save_consultation(
        None,
        Details(
            title="Our leaflet for families",
            why="Parents wrote our leaflet about autism. We asked if it was clear and useful.",
            what_will_change="We will change the leaflet and print it again.",
            closes_on=(now - timedelta(days=30)).astimezone(LONDON).date(),
            audience="anyone",
            theme="information",
        ),
        actor=staff,
        now=started,
    )
    save_question(
        consultation,
        None,
        QuestionDetails("one", "Was the leaflet clear?", "", ["Yes", "Mostly", "No"], True),
        actor=staff,
        now=started,
    )
    publish(consultation, actor=staff, now=started)
    question = consultation.questions[0]
    for n in range(12):
        answer = {question.id: [0 if n % 3 else 1]}
        submit_answers(
            consultation, answer, person=None, hashed=f"leaflet-{n}", now=started + timedelta(n)
        )
    publish_outcome(
        consultation,
        heard="Most of you found the leaflet clear. Some wanted bigger writing and fewer words.",
        will_do=(
            f"The new leaflet, “{LEAFLET_TITLE}”, has bigger writing and a picture on every "
            f"page.\nFind it in the library: search for “{LEAFLET_TITLE}”."
        ),
        actor=staff,
        now=now - timedelta(days=20),
    )
    return consultation


def load_demo_consultations(staff, now: datetime) -> list[str]:
    """Make the demo consultations if there are none yet."""
    line = "  Two consultations, one open and one with what we heard: see /have-your-say"
    if db.session.scalar(select(Consultation.id).limit(1)) is not None:
        return [line]
    training = save_consultation(
        None,
        Details(
            title="Training sessions next year",
            why=(
                "We are planning next year's autism training sessions for families.\n"
                "We want them at times that suit you, about things that help."
            ),
            what_will_change="We will choose the times and topics of next year's sessions.",
            closes_on=(now + timedelta(days=21)).astimezone(LONDON).date(),
            audience="anyone",
            theme="training",
        ),
        actor=staff,
        now=now - timedelta(days=14),
    )
    for details in TRAINING_QUESTIONS:
        save_question(training, None, details, actor=staff, now=now - timedelta(days=14))
    publish(training, actor=staff, now=now - timedelta(days=14))
    _answer_training(training, now)
    _leaflet(staff, now)
    return [line]
