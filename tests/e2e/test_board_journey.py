"""A parent on a phone reads about the autism board, opens a meeting with its papers and
minutes, and asks the board a question, JavaScript on and off; staff publish the answer and
the parent finds it. axe checks every page; nothing scrolls sideways at 320px."""

import re

import pytest
from sqlalchemy import func, select

from portal.board.models import BoardQuestion
from portal.dates import utcnow
from portal.demo.board import load_demo_board
from portal.extensions import db
from tests.e2e.sign_in import sign_in
from tests.factories import make_user

PHONE = {"width": 320, "height": 568}
QUESTION = "Could the board visit our parents' coffee morning in Penge?"


def _fits(checked) -> None:
    assert checked.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_a_parent_on_a_phone_reads_about_the_board_and_asks_it_a_question(
    open_page, live_server, javascript
):
    with live_server.app.app_context():
        staff = make_user(email="staff@example.org", role="staff")
        parent = make_user(email="parent@example.org", full_name="Priya Parent")
        load_demo_board(staff, parent, utcnow())
        db.session.commit()
        db.session.remove()

    visitor = open_page(width=PHONE["width"], javascript=javascript)
    page = visitor.page
    page.set_viewport_size(PHONE)
    visitor.goto("/board")
    page.get_by_role("heading", name="The autism board", level=1).wait_for()
    _fits(visitor)
    visitor.screenshot("board")

    page.get_by_role("link", name="All meetings, papers and minutes").click()
    page.get_by_role("heading", name="Board meetings", level=1).wait_for()
    visitor.check()
    _fits(visitor)
    page.get_by_role("list").filter(has_text="Bromley Civic Centre").get_by_role(
        "link"
    ).last.click()
    page.get_by_role("heading", name="Minutes", level=2).wait_for()
    page.get_by_text("Anyone can come and listen.").wait_for()
    visitor.check()
    _fits(visitor)
    visitor.screenshot("meeting")
    page.get_by_role("link", name="Autism board minutes").click()
    page.get_by_role("heading", name="Autism board minutes", level=1).wait_for()

    sign_in(visitor, live_server, "parent@example.org")
    visitor.goto("/board/ask")
    _fits(visitor)
    page.get_by_role("button", name="Send to the board").click()  # nothing typed
    page.get_by_text("There is a problem").wait_for()
    visitor.check()
    page.get_by_role("group", name="Are you asking a question or raising an issue?").wait_for()
    page.get_by_label("An issue").check()
    page.get_by_label("Your question or issue").fill(QUESTION)
    assert not page.get_by_label("Show my name with it if it is published").is_checked()
    page.get_by_role("button", name="Send to the board").click()
    page.get_by_role("heading", name="Sent to the board").wait_for()
    visitor.check()
    _fits(visitor)
    visitor.screenshot("asked")
    page.reload()  # sends nothing again: the confirmation is its own page
    page.get_by_role("heading", name="Sent to the board").wait_for()
    with live_server.app.app_context():
        sent = select(func.count(BoardQuestion.id)).where(BoardQuestion.text == QUESTION)
        assert db.session.scalar(sent) == 1
        db.session.remove()
    page.get_by_role("link", name="your account page").click()
    page.get_by_role("heading", name="What you sent the autism board").wait_for()
    page.get_by_text(QUESTION).wait_for()
    visitor.check()
    _fits(visitor)
    visitor.goto("/board/questions")
    assert page.get_by_text(QUESTION).count() == 0  # nothing public until staff publish


def test_staff_publish_an_answer_and_it_is_on_you_said_we_did(open_page, live_server):
    with live_server.app.app_context():
        make_user(email="staff@example.org", role="staff")
        parent = make_user(email="parent@example.org")
        from portal.board.services import ask_the_board

        ask_the_board(
            QUESTION, kind="question", theme="support", show_name=False, user=parent, now=utcnow()
        )
        db.session.commit()
        db.session.remove()

    staff = open_page(width=1280)
    page = staff.page
    sign_in(staff, live_server, "staff@example.org")
    staff.goto("/staff")
    page.get_by_role("link", name=re.compile(r"^Autism board \(")).click()
    staff.check()
    page.get_by_role("link", name="A question sent").click()
    staff.check()
    page.get_by_role("button", name="Publish with the answer").click()  # no answer yet
    page.get_by_text("There is a problem").wait_for()
    staff.check()
    page.get_by_label("The question, as it will be published").fill(
        "Could the board visit a parents' coffee morning?"
    )
    page.get_by_label("The board's answer").fill("Yes: the chair will come in May.")
    page.get_by_role("button", name="Publish with the answer").click()
    page.get_by_text("Published. We have emailed the person.").wait_for()
    staff.check()

    staff.goto("/you-said-we-did")
    page.get_by_text("Yes: the chair will come in May.").wait_for()
    staff.goto("/board/questions")
    page.get_by_text("Could the board visit a parents' coffee morning?").wait_for()
    assert page.get_by_text("Penge").count() == 0
