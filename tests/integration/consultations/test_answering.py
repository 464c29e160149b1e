"""Answering a consultation: one question per page, kept until "check your answers", sent in
one go; drafts are not public, closed ones refuse answers, and the limits per account and per
address hold."""

from __future__ import annotations

import re
import secrets

import pytest
from sqlalchemy import func, select

from portal.consultations import services
from portal.consultations.models import AddressCount, Answer, Response
from portal.consultations.services import (
    AlreadyAnswered,
    QuestionDetails,
    close,
    submit_answers,
)
from portal.dates import utcnow
from portal.extensions import db
from tests.factories import make_user
from tests.integration.consultations.answering import answer_all
from tests.integration.consultations.factories import make_consultation


def _responses() -> int:
    return db.session.scalar(select(func.count(Response.id)))


def test_a_draft_consultation_is_not_public(client):
    draft = make_consultation(published=False)

    assert client.get(f"/have-your-say/{draft.slug}").status_code == 404
    assert client.get(f"/have-your-say/{draft.slug}/questions/1").status_code == 404
    assert draft.title not in client.get("/have-your-say").get_data(as_text=True)


def test_the_list_shows_open_consultations_before_closed_ones(client):
    staff = make_user(role="staff")
    closed = make_consultation(title="Closed one about films", staff=staff)
    close(closed, actor=staff, now=utcnow())
    make_consultation(title="Open one about training", staff=staff)
    db.session.commit()

    page = client.get("/have-your-say").get_data(as_text=True)

    assert page.index("Open one about training") < page.index("Closed one about films")


def test_nothing_chosen_on_a_required_question_keeps_the_page_with_an_error(client):
    consultation = make_consultation()

    response = client.post_form(f"/have-your-say/{consultation.slug}/questions/1", {})

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is a problem" in page
    assert "Choose an answer" in page
    assert "When could you come to a session?" in page


def test_nothing_ticked_on_a_required_checkbox_question_shows_an_error(client):
    consultation = make_consultation()

    response = client.post_form(f"/have-your-say/{consultation.slug}/questions/2", {})

    assert response.status_code == 400
    assert "Choose at least one answer" in response.get_data(as_text=True)


def test_a_long_answer_that_is_too_long_keeps_what_was_typed(client):
    consultation = make_consultation()
    typed = "Quiet rooms please. " * 60

    response = client.post_form(
        f"/have-your-say/{consultation.slug}/questions/4", {"answer": typed}
    )

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Keep this to" in page or "must be" in page
    assert "Quiet rooms please." in page


def test_answers_are_kept_until_check_your_answers_then_sent_in_one_go(client):
    consultation = make_consultation()

    answer_all(client, consultation.slug, short="Calm club", long="A quiet room", send=False)
    assert _responses() == 0
    check = client.get(f"/have-your-say/{consultation.slug}/check").get_data(as_text=True)
    assert "Saturday mornings" in check and "Sensory needs" in check and "Sleep" in check
    assert "Calm club" in check
    sent = client.post_form(f"/have-your-say/{consultation.slug}/check")

    assert sent.headers["Location"].endswith(f"/have-your-say/{consultation.slug}/sent")
    assert "Answers sent" in client.get(sent.headers["Location"]).get_data(as_text=True)
    assert _responses() == 1
    chosen = db.session.scalars(select(Answer.choice).where(Answer.choice.is_not(None))).all()
    assert sorted(chosen) == [0, 0, 2]
    texts = db.session.scalars(select(Answer.text).where(Answer.text.is_not(None))).all()
    assert sorted(texts) == ["A quiet room", "Calm club"]


def test_check_your_answers_sends_people_back_to_a_required_question_they_skipped(client):
    consultation = make_consultation()
    client.post_form(f"/have-your-say/{consultation.slug}/questions/1", {"answer": "1"})

    response = client.get(f"/have-your-say/{consultation.slug}/check")

    assert response.headers["Location"].endswith("/questions/2")


def test_an_account_answers_once_and_a_second_attempt_gets_a_clear_page(client, auth, member):
    consultation = make_consultation(audience="signed-in")
    auth.login(member.email)
    answer_all(client, consultation.slug)
    auth.logout()
    auth.login(member.email)  # a fresh session: as from another browser

    again = client.get(f"/have-your-say/{consultation.slug}/questions/1")

    assert again.status_code == 409
    assert "You have already answered" in again.get_data(as_text=True)
    assert _responses() == 1


def test_two_answers_from_one_account_sent_together_make_one(app, member, monkeypatch):
    consultation = make_consultation(audience="signed-in")
    answers = {q.id: [0] if q.is_choice else None for q in consultation.questions}
    submit_answers(consultation, answers, person=member, hashed="x", now=utcnow())
    db.session.commit()
    # Skip the friendly check before the insert, as when two requests pass it at once: the
    # unique constraint must still refuse the second.
    monkeypatch.setattr(services, "has_answered", lambda *args: False)

    with pytest.raises(AlreadyAnswered):
        submit_answers(consultation, answers, person=member, hashed="x", now=utcnow())
    db.session.rollback()

    assert _responses() == 1


def test_signed_in_only_sends_visitors_to_sign_in(client):
    consultation = make_consultation(audience="signed-in")

    response = client.get(f"/have-your-say/{consultation.slug}/questions/1")

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_one_address_may_answer_a_few_times_then_sees_a_clear_page(client):
    """The first answer, then four more by “Someone else using this device? Answer as them”."""
    consultation = make_consultation()
    answer_all(client, consultation.slug)
    for _ in range(4):
        answer_all(client, consultation.slug, someone_else=True)

    client.get(f"/have-your-say/{consultation.slug}/someone-else")
    refused = client.get(f"/have-your-say/{consultation.slug}/questions/1")

    assert refused.status_code == 409
    assert "You have already answered" in refused.get_data(as_text=True)
    assert _responses() == 5
    # Someone elsewhere may still answer.
    elsewhere = client.get(
        f"/have-your-say/{consultation.slug}/questions/1",
        environ_base={"REMOTE_ADDR": "192.0.2.40"},
    )
    assert elsewhere.status_code == 200


def test_the_address_is_kept_only_as_a_keyed_hash(client):
    consultation = make_consultation()
    answer_all(client, consultation.slug)

    kept = db.session.scalar(select(AddressCount.address_hash))

    assert kept is not None and "127.0.0.1" not in kept and len(kept) == 64


def test_the_address_limit_is_guarded_in_the_database(app):
    consultation = make_consultation()
    answers = {q.id: [1] if q.is_choice else None for q in consultation.questions}
    for _ in range(2):
        submit_answers(consultation, answers, person=None, hashed="h", now=utcnow(), limit=2)
        db.session.commit()

    with pytest.raises(AlreadyAnswered):
        submit_answers(consultation, answers, person=None, hashed="h", now=utcnow(), limit=2)
    db.session.rollback()

    assert _responses() == 2
    assert db.session.scalar(select(AddressCount.answers)) == 2


def test_a_closed_consultation_refuses_answers_with_a_clear_page(client):
    consultation = make_consultation()
    answer_all(client, consultation.slug, send=False)
    staff = make_user(role="staff", email="closer@example.org")
    close(consultation, actor=staff, now=utcnow())
    db.session.commit()

    refused = client.post_form(f"/have-your-say/{consultation.slug}/check")

    assert refused.status_code == 410
    assert "This has closed" in refused.get_data(as_text=True)
    assert _responses() == 0
    assert client.get(f"/have-your-say/{consultation.slug}/questions/1").status_code == 410
    page = client.get(f"/have-your-say/{consultation.slug}").get_data(as_text=True)
    assert "This closed on" in page and "Start now" not in page


def test_a_question_number_out_of_range_is_not_found(client):
    consultation = make_consultation()

    assert client.get(f"/have-your-say/{consultation.slug}/questions/9").status_code == 404
    assert client.get(f"/have-your-say/{consultation.slug}/questions/0").status_code == 404


def test_a_doctored_option_number_is_refused_not_a_500(client):
    consultation = make_consultation()

    response = client.post_form(f"/have-your-say/{consultation.slug}/questions/1", {"answer": "7"})

    assert response.status_code == 400


def test_answers_too_long_to_keep_in_the_session_are_refused_not_lost(client):
    long_questions = [
        QuestionDetails("long", f"Tell us more, part {n}", "", [], True) for n in range(1, 7)
    ]
    consultation = make_consultation(questions=long_questions)
    base = f"/have-your-say/{consultation.slug}/questions"

    statuses, kept = [], []
    for number in range(1, 7):
        typed = secrets.token_hex(450)  # 900 characters that do not compress
        kept.append(typed)
        response = client.post_form(f"{base}/{number}", {"answer": typed})
        statuses.append(response.status_code)
        if response.status_code == 400:
            page = response.get_data(as_text=True)
            assert "Your answers are too long for us to keep" in page
            assert typed in page
            break

    assert statuses[0] == 302 and statuses[-1] == 400
    # What was kept before is still there.
    assert kept[0] in client.get(f"{base}/1").get_data(as_text=True)


def test_an_optional_question_says_so_in_its_heading(client):
    consultation = make_consultation()

    required = client.get(f"/have-your-say/{consultation.slug}/questions/1").get_data(as_text=True)
    optional = client.get(f"/have-your-say/{consultation.slug}/questions/4").get_data(as_text=True)

    assert "(optional)" not in required
    heading = re.search(r"<h1.*?</h1>", optional, re.S).group(0)
    assert "What else would help? (optional)" in heading


def test_text_questions_say_their_limit_before_anyone_reaches_it(client):
    consultation = make_consultation()

    short = client.get(f"/have-your-say/{consultation.slug}/questions/3").get_data(as_text=True)
    long = client.get(f"/have-your-say/{consultation.slug}/questions/4").get_data(as_text=True)

    assert "govuk-hint" in short and "Up to 150 characters." in short
    assert "Up to 1,000 characters." in long
    # The GOV.UK character count (in the portal's script) counts down as people type.
    assert 'data-module="govuk-character-count"' in long and 'data-maxlength="1000"' in long
