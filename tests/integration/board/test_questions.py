"""Ask the board: a signed-in person sends a question; nothing is public until staff publish it
with the board's answer; the name shows only when chosen; the person is emailed."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEntry
from portal.board.models import BoardQuestion, QuestionStatus
from portal.board.services import (
    MAX_QUESTIONS_PER_DAY,
    AlreadyModerated,
    AnswerMissing,
    NothingAsked,
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
    assert response.status_code == 302
    assert response.headers["Location"] == "/board/asked"
    assert "Sent to the board" in client.get("/board/asked").get_data(as_text=True)
    question = db.session.scalar(select(BoardQuestion))
    assert question.status == QuestionStatus.WAITING
    assert question.show_name is False  # unchecked unless the person ticks it
    auth.logout()
    for page in ("/board/questions", "/board", "/you-said-we-did"):
        assert ASKED not in client.get(page).get_data(as_text=True)


def test_reloading_the_confirmation_sends_nothing_again(client, auth, member):
    auth.login(member.email)
    _ask(client, show_name="y")
    for _ in range(2):
        page = client.get("/board/asked").get_data(as_text=True)
        assert "Sent to the board" in page and "with your name" in page
    assert len(db.session.scalars(select(BoardQuestion)).all()) == 1


def test_the_confirmation_shows_nothing_to_someone_who_did_not_ask(client, auth, member):
    auth.login(member.email)
    _ask(client)
    auth.logout()
    other = make_user(email="other@example.org")
    auth.login(other.email)
    response = client.get("/board/asked")
    assert response.status_code == 302
    assert response.headers["Location"] == "/board/ask"


def test_the_question_or_issue_radios_have_their_question_as_a_legend(client, auth, member):
    auth.login(member.email)
    page = client.get("/board/ask").get_data(as_text=True)
    legend = re.search(r"<legend[^>]*>(.*?)</legend>", page, re.S)
    assert legend is not None
    assert legend.group(1).strip() == "Are you asking a question or raising an issue?"


def test_the_board_page_says_asking_needs_an_account(client, auth, member):
    sign_in_note = "You need to sign in to ask. It is free."
    assert sign_in_note in client.get("/board").get_data(as_text=True)
    auth.login(member.email)
    assert sign_in_note not in client.get("/board").get_data(as_text=True)


def test_the_account_page_lists_what_you_sent_and_where_it_stands(client, auth, member):
    waiting = make_question(text="Waiting words", user=member)
    answered = answer(make_question(text="Answered words", user=member), "Board reply")
    refused = make_question(text="Refused words", user=member, kind="issue")
    turn_down(refused, reason="It is about one person.", actor=None, now=utcnow())
    make_question(text="Someone else's words")
    db.session.commit()
    auth.login(member.email)

    page = client.get("/account").get_data(as_text=True)

    section = page[page.index("What you sent the autism board") :]
    assert "Someone else's words" not in page
    assert "Waiting words" in section and "Waiting" in section
    assert f'href="/board/questions#question-{answered.id}"' in section
    assert "Turned down" in section and "It is about one person." in section
    assert waiting.id != answered.id


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


@pytest.mark.parametrize(
    ("kind", "words"),
    [("question", "the question you sent"), ("issue", "the issue you raised")],
)
def test_the_emails_name_what_was_sent_in_plain_words(app, kind, words):
    answer(make_question(kind=kind), "Here is the answer.")
    turn_down(make_question(kind=kind), reason="Not for the board.", actor=None, now=utcnow())
    db.session.commit()

    answered, refused = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
    assert f"The autism board has answered {words}." in answered.body_text
    assert f"The autism board has answered {words}." in answered.body_html
    assert f"The board cannot take {words}, so we will not show it." in refused.body_text
    assert f"The board cannot take {words}, so we will not show it." in refused.body_html


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
        {"text": question.text, "answer": "Yes, from April.", "theme": "support"},
    )

    assert response.status_code == 302
    assert db.session.get(BoardQuestion, question.id).status == QuestionStatus.PUBLISHED
    assert db.session.get(BoardQuestion, question.id).theme == "support"
    assert "Can meetings be in the evening?" not in client.get("/staff/board").get_data(True)


def test_staff_edit_the_words_before_publishing_and_the_audit_says_so(client, auth, staff_user):
    question = make_question(text="My son Tom Smith at Hillside cannot get help.")
    auth.login(staff_user.email)
    page = client.get(f"/staff/board/questions/{question.id}").get_data(as_text=True)
    assert re.search(r"<textarea[^>]*>\s*My son Tom Smith at Hillside", page)

    response = client.post_form(
        f"/staff/board/questions/{question.id}/publish",
        {"text": "My son cannot get help.", "answer": "We will look at this.", "theme": "health"},
    )

    assert response.status_code == 302
    assert db.session.get(BoardQuestion, question.id).text == "My son cannot get help."
    auth.logout()
    public = client.get("/board/questions").get_data(as_text=True)
    assert "My son cannot get help." in public and "Tom Smith" not in public
    edited = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "board question edited")
    ).all()
    assert [(e.target_id, e.summary) for e in edited] == [(question.id, "")]
    assert "Tom Smith" not in " ".join(db.session.scalars(select(AuditEntry.summary)))


def test_publishing_unedited_words_records_no_edit(app):
    question = make_question()
    publish_answer(
        question, text=question.text, answer="An answer.", theme="health", actor=None, now=utcnow()
    )
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert "board question edited" not in actions
    assert "board question published" in actions


def test_staff_cannot_publish_a_question_emptied_of_words(client, auth, staff_user):
    question = make_question()
    auth.login(staff_user.email)
    response = client.post_form(
        f"/staff/board/questions/{question.id}/publish",
        {"text": "  ", "answer": "An answer.", "theme": "health"},
    )
    assert response.status_code == 400
    assert "Keep the question" in response.get_data(as_text=True)
    assert db.session.get(BoardQuestion, question.id).status == QuestionStatus.WAITING
    with pytest.raises(NothingAsked):
        publish_answer(question, text=" ", answer="x", theme="health", actor=None, now=utcnow())


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
