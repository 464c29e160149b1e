"""The demo board reads true: its chair is not the demo parent, it meets on weekday evenings,
and its words agree with each other."""

from __future__ import annotations

from sqlalchemy import select

from portal.board.models import BoardMeeting, BoardMember, BoardQuestion
from portal.dates import LONDON, utcnow
from portal.demo.board import load_demo_board
from portal.extensions import db
from tests.factories import make_user


def _load():
    staff = make_user(email="staff@example.org", role="staff")
    parent = make_user(email="parent@example.org", full_name="Priya Shah")
    load_demo_board(staff, parent, utcnow())
    db.session.commit()
    return parent


def test_the_demo_chair_is_not_the_demo_parent(app):
    parent = _load()
    chair = db.session.scalar(select(BoardMember).where(BoardMember.is_chair.is_(True)))
    assert chair.kind == "parent-carer"
    assert chair.name != parent.full_name
    assert parent.full_name not in db.session.scalars(select(BoardMember.name)).all()


def test_demo_meetings_are_on_weekday_evenings_with_plain_agendas(app):
    _load()
    meetings = db.session.scalars(select(BoardMeeting)).all()
    assert len(meetings) == 3
    for meeting in meetings:
        local = meeting.starts_at.astimezone(LONDON)
        assert local.weekday() < 5 and local.hour == 18
        assert "Any other business" not in meeting.agenda


def test_the_demo_answer_about_evening_meetings_matches_the_meetings(app):
    _load()
    answers = " ".join(db.session.scalars(select(BoardQuestion.answer)))
    assert "every other meeting" not in answers
    assert "Every meeting now starts at 6pm on a weekday" in answers
