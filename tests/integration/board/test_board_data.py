"""What the board holds about a person is in "Download your data", and goes when they erase."""

from __future__ import annotations

from sqlalchemy import select

from portal.accounts.data_rights import erase_account
from portal.accounts.registry import data_parts
from portal.board.models import BoardQuestion
from portal.dates import utcnow
from portal.extensions import db
from tests.factories import make_user
from tests.integration.board.factories import answer, make_question


def _asker():
    person = make_user(email="marker@example.org", full_name="Marker Person")
    answer(make_question(text="Published marker", user=person, show_name=True), "Board reply")
    make_question(text="Waiting marker", user=person)
    return person


def test_download_your_data_holds_the_questions_asked(app):
    person = _asker()
    held = {part.key: part.records(person) for part in data_parts()}
    asked = {row["What you asked"]: row for row in held["board_questions"]}
    assert set(asked) == {"Published marker", "Waiting marker"}
    assert asked["Published marker"]["The board's answer"] == "Board reply"


def test_erasing_deletes_unpublished_questions_and_unnames_published_ones(client, app):
    person = _asker()

    erase_account(person, actor=person, reason="asked", now=utcnow())
    db.session.commit()

    texts = db.session.scalars(select(BoardQuestion.text)).all()
    assert texts == ["Published marker"]
    kept = db.session.scalar(select(BoardQuestion))
    assert kept.user_id is None and kept.show_name is False
    assert "Marker Person" not in client.get("/board/questions").get_data(as_text=True)
