"""Plain factories for the board's tests: each goes through the real service."""

from __future__ import annotations

from datetime import date, timedelta

from portal.board.services import (
    ask_the_board,
    publish_answer,
    record_decision,
    save_meeting,
    save_member,
)
from portal.dates import utcnow
from portal.extensions import db
from tests.factories import make_user


def make_member(*, name="Priya Parent", kind="parent-carer", is_chair=False, **fields):
    member = save_member(
        None,
        actor=None,
        now=utcnow(),
        name=name,
        role=fields.pop("role", "Parent of an autistic son"),
        kind=kind,
        about=fields.pop("about", ""),
        is_chair=is_chair,
        left_on=fields.pop("left_on", None),
    )
    db.session.commit()
    return member


def make_meeting(*, starts_in=timedelta(days=14), items=(), place="Bromley Civic Centre", **f):
    meeting = save_meeting(
        None,
        starts_at=utcnow() + starts_in,
        place=place,
        online=f.get("online", False),
        agenda=f.get("agenda", "Welcome\nTraining update\nAnything else"),
        how_to_join=f.get("how_to_join", ""),
        item_ids=[item.id for item in items],
        actor=None,
        now=utcnow(),
    )
    db.session.commit()
    return meeting


def make_decision(
    *, decision="Run theatre training in every secondary school.", decided_on=None, **fields
):
    entry = record_decision(
        decided_on=decided_on or date(2026, 10, 1),
        decision=decision,
        why=fields.get("why", "Parents said teachers do not understand autism."),
        who_acts=fields.get("who_acts", "The council's SEND team"),
        theme=fields.get("theme", "education"),
        meeting=fields.get("meeting"),
        actor=None,
        now=fields.get("now", utcnow()),
    )
    db.session.commit()
    return entry


def make_question(
    *,
    text="Why are the waiting lists so long?",
    user=None,
    show_name=False,
    theme="health",
    kind="question",
):
    user = user or make_user(full_name="Alex Asker")
    question = ask_the_board(
        text, kind=kind, theme=theme, show_name=show_name, user=user, now=utcnow()
    )
    db.session.commit()
    return question


def answer(question, text="We have asked the NHS trust to publish waiting times.", **kw):
    publish_answer(question, answer=text, theme=kw.get("theme", "health"), actor=None, now=utcnow())
    db.session.commit()
    return question
