"""Answers sent while signed in are the person's: in "Download your data", and kept without
the link to them when their account is erased, so the results do not change."""

from __future__ import annotations

from sqlalchemy import select

from portal.accounts.data_rights import erase_account
from portal.accounts.registry import data_parts
from portal.consultations.models import Response
from portal.consultations.queries import choice_results
from portal.consultations.services import submit_answers
from portal.dates import utcnow
from portal.extensions import db
from tests.factories import make_user
from tests.integration.consultations.factories import make_consultation


def _answered_by(person):
    consultation = make_consultation(audience="signed-in")
    questions = consultation.questions
    submit_answers(
        consultation,
        {questions[0].id: [2], questions[1].id: [0, 1], questions[3].id: "Marker words"},
        person=person,
        hashed="h",
        now=utcnow(),
    )
    db.session.commit()
    return consultation


def test_download_your_data_holds_the_answers_sent_while_signed_in(app):
    person = make_user(email="marker@example.org")
    _answered_by(person)

    held = {part.key: part.records(person) for part in data_parts()}

    record = held["consultation_answers"][0]
    assert record["Consultation"] == "Training sessions next year"
    assert "When could you come to a session? Online" in record["Your answers"]
    assert "What should sessions cover? Sensory needs; School" in record["Your answers"]
    assert "What else would help? Marker words" in record["Your answers"]


def test_erasing_the_account_keeps_the_answers_unlinked_and_the_counts_unchanged(app):
    person = make_user(email="marker@example.org")
    consultation = _answered_by(person)
    before = [[o.count for o in r.options] for r in choice_results(consultation)]

    erase_account(person, actor=person, reason="asked", now=utcnow())
    db.session.commit()

    assert db.session.scalar(select(Response.user_id)) is None
    assert db.session.scalar(select(Response.id)) is not None
    assert [[o.count for o in r.options] for r in choice_results(consultation)] == before
