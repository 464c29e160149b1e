"""Published answers and decisions appear on “You said, we did”; waiting questions and stopped
decisions do not."""

from __future__ import annotations

from portal.board.services import change_decision_status
from portal.dates import utcnow
from portal.extensions import db
from tests.integration.board.factories import answer, make_decision, make_question


def test_answers_and_decisions_are_outcomes(client):
    answer(make_question(text="Answered question words", theme="health"), "Answer words")
    make_question(text="Waiting question words")
    make_decision(
        decision="Decision words.", why="Why words.", who_acts="Acting team", theme="training"
    )
    stopped = make_decision(decision="Stopped decision words.")
    change_decision_status(stopped, "stopped", note="", actor=None, now=utcnow())
    db.session.commit()

    page = client.get("/you-said-we-did").get_data(as_text=True)

    assert "Answered question words" in page and "Answer words" in page
    assert "Why words." in page and "Decision words. Who acts: Acting team." in page
    assert "Waiting question words" not in page
    assert "Stopped decision words." not in page


def test_outcomes_filter_by_the_theme_staff_chose(client):
    make_decision(decision="Training decision.", theme="training")
    make_decision(decision="Health decision.", theme="health")
    page = client.get("/you-said-we-did?theme=training").get_data(as_text=True)
    assert "Training decision." in page and "Health decision." not in page
