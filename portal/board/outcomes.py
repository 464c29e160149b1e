"""The board's published answers and its decisions, as entries on “You said, we did”.

A published answer: said = the question, did = the answer. A decision: said = why (the issue
it answered), did = the decision and who acts. Stopped decisions are left out: nothing was done.
"""

from __future__ import annotations

from datetime import datetime, time

from flask import url_for

from portal.board.models import DECISION_STATUS_LABELS, DecisionStatus
from portal.board.queries import logged_decisions, published_questions
from portal.dates import LONDON
from portal.outcomes.entries import Outcome


def published_outcomes() -> list[Outcome]:
    answers = [
        Outcome(
            said=question.text,
            did=question.answer,
            when=question.answered_at,
            theme=question.theme,
            source="Ask the board",
            link=url_for("board.questions", _anchor=f"question-{question.id}"),
            link_text="Questions the board has answered",
            did_label="The board's answer",
        )
        for question in published_questions()
    ]
    decisions = [
        Outcome(
            said=decision.why,
            did=f"{decision.decision} Who acts: {decision.who_acts}.",
            # A decision is dated by the day it was taken: midday in Bromley that day.
            when=datetime.combine(decision.decided_on, time(12), tzinfo=LONDON),
            theme=decision.theme,
            source="Autism board decision",
            link=url_for("board.decisions", _anchor=f"decision-{decision.id}"),
            link_text="The board's decisions log",
            did_label="We did" if decision.status == DecisionStatus.DONE else "We will",
            progress=None
            if decision.status == DecisionStatus.DONE
            else DECISION_STATUS_LABELS[decision.status],
        )
        for decision in logged_decisions()
        if decision.status != DecisionStatus.STOPPED
    ]
    return answers + decisions
