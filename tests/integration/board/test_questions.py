"""Ask the board: a signed-in person sends a question; nothing is public until staff publish it
with the board's answer; the name shows only when chosen; the person is emailed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.board.models import BoardQuestion, QuestionStatus
from portal.board.services import (
    MAX_QUESTIONS_PER_DAY,
    AlreadyModerated,
    AnswerMissing,
    TooManyQuestions,
    ask_the_board,
    publish_answer,
    turn_down,
)
from portal.dates import utcnow
from portal.extensions import db
from portal.outbox.models import OutboxMessage
from portal.outbox.services import deliver_due
from tests.factories import make_user
from tests.integration.board.factories import answer, make_question

ASKED = "Could the library open a quiet hour on Saturdays?"


def _ask(client, **fields):
    data = {"kind": "question", "theme": "places", "text": ASKED, **fields}
    return client.post_form("/board/ask", data)


def test_asking_needs_an_account(client):
    response = client.get("/board/ask")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_a_question_sent_is_confirmed_and_not_shown_anywhere(client, auth, member):
    auth.login(member.email)
    response = _ask(client)
    assert response.status_code == 200
    assert "Sent to the board" in response.get_data(as_text=True)
    question = db.session.scalar(select(BoardQuestion))
    assert question.status == QuestionStatus.WAITING
    assert question.show_name is False  # unchecked unless the person ticks it
    auth.logout()
    for page in ("/board/questions", "/board", "/you-said-we-did"):
        assert ASKED not in client.get(page).get_data(as_text=True)


def test_the_form_keeps_what_was_typed_when_something_is_missing(client, auth, member):
    auth.login(member.email)
    response = _ask(client, text="   ", theme="health")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Write your question or issue" in page
    assert 'value="health" selected' in page
    assert db.session.scalar(select(BoardQuestion.id)) is None


def test_published_question_shows_with_its_answer_and_no_name_unless_chosen(client, app):
    hidden = make_question(
        text="Who funds the parent leaflet?", user=make_user(full_name="Hana Hidden")
    )
    shown = make_question(
        text="When is the next theatre session?",
        user=make_user(full_name="Sam Shown"),
        show_name=True,
    )
    answer(hidden, "The council funds it.")
    answer(shown, "In March, at the Churchill Theatre.")

    page = client.get("/board/questions").get_data(as_text=True)

    assert "Who funds the parent leaflet?" in page and "The council funds it." in page
    assert "Hana Hidden" not in page
    assert "When is the next theatre session?" in page and "Sam Shown" in page


def test_publishing_emails_the_asker_with_the_answer(app, smtp_server):
    question = make_question(user=make_user(email="asker@example.org"))
    answer(question, "We have asked the NHS trust to publish waiting times.")

    message = db.session.scalar(select(OutboxMessage))
    assert message.recipient == "asker@example.org"
    assert "We have asked the NHS trust" in message.body_text
    assert f"/board/questions#question-{question.id}" in message.body_text
    inbox, port = smtp_server
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    assert deliver_due().sent == 1
    assert inbox.messages[0].rcpt_tos == ["asker@example.org"]


def test_a_question_turned_down_is_never_shown_and_the_reason_is_emailed(client, app):
    question = make_question(text="Please fire my child's teacher.")
    turn_down(
        question, reason="The board cannot deal with one person's case.", actor=None, now=utcnow()
    )
    db.session.commit()

    assert "fire my child" not in client.get("/board/questions").get_data(as_text=True)
    message = db.session.scalar(select(OutboxMessage))
    assert "cannot deal with one person" in message.body_text


def test_publishing_needs_an_answer_and_happens_once(app):
    question = make_question()
    with pytest.raises(AnswerMissing):
        publish_answer(question, answer="  ", theme="health", actor=None, now=utcnow())
    answer(question)
    with pytest.raises(AlreadyModerated):
        turn_down(question, reason="no", actor=None, now=utcnow())


def test_one_account_can_send_only_so_many_questions_a_day(app):
    person = make_user()
    for n in range(MAX_QUESTIONS_PER_DAY):
        ask_the_board(
            f"q{n}", kind="issue", theme="other", show_name=False, user=person, now=utcnow()
        )
    with pytest.raises(TooManyQuestions):
        ask_the_board(
            "one more", kind="issue", theme="other", show_name=False, user=person, now=utcnow()
        )


def test_staff_publish_from_the_console_and_the_question_leaves_the_queue(client, auth, staff_user):
    question = make_question(text="Can meetings be in the evening?")
    auth.login(staff_user.email)
    assert "Can meetings be in the evening?" in client.get("/staff/board").get_data(as_text=True)

    response = client.post_form(
        f"/staff/board/questions/{question.id}/publish",
        {"answer": "Yes, from April.", "theme": "support"},
    )

    assert response.status_code == 302
    assert db.session.get(BoardQuestion, question.id).status == QuestionStatus.PUBLISHED
    assert db.session.get(BoardQuestion, question.id).theme == "support"
    assert "Can meetings be in the evening?" not in client.get("/staff/board").get_data(True)


def test_staff_must_give_a_reason_to_turn_down(client, auth, staff_user):
    question = make_question()
    auth.login(staff_user.email)
    response = client.post_form(
        f"/staff/board/questions/{question.id}/turn-down", {"down-reason": ""}
    )
    assert response.status_code == 400
    assert "Say briefly why" in response.get_data(as_text=True)
    assert db.session.get(BoardQuestion, question.id).status == QuestionStatus.WAITING


def test_members_cannot_moderate(client, auth, member):
    question = make_question()
    auth.login(member.email)
    response = client.post_form(f"/staff/board/questions/{question.id}/publish", {"answer": "x"})
    assert response.status_code == 403
    assert db.session.get(BoardQuestion, question.id).status == QuestionStatus.WAITING


@pytest.mark.parametrize(
    "url", ["/staff/board/questions/999", "/staff/board/decisions/999", "/staff/board/meetings/999"]
)
def test_unknown_ids_in_the_console_are_404(client, auth, staff_user, url):
    auth.login(staff_user.email)
    assert client.get(url).status_code == 404
