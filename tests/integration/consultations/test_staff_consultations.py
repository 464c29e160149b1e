"""Staff write a consultation and its questions, publish it, close it, and publish what they
heard and will do; it then appears on “You said, we did”."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from portal.consultations.models import Consultation, Question
from portal.consultations.services import QuestionDetails, close, submit_answers
from portal.dates import LONDON, utcnow
from portal.extensions import db
from tests.integration.consultations.factories import make_consultation


def _details(**overrides) -> dict:
    closes = utcnow().astimezone(LONDON).date() + timedelta(days=10)
    data = {
        "title": "Our leaflet",
        "why": "Parents wrote the leaflet. We want to make it better.",
        "what_will_change": "We will print a new leaflet.",
        "closes_on": [closes.day, closes.month, closes.year],
        "audience": "anyone",
        "theme": "information",
    }
    data.update(overrides)
    return data


def test_staff_write_a_draft_add_questions_and_publish(client, auth, staff_user):
    auth.login(staff_user.email)

    made = client.post_form("/staff/consultations/new", _details())
    consultation = db.session.scalar(select(Consultation))
    assert made.headers["Location"].endswith(f"/staff/consultations/{consultation.id}")
    assert consultation.is_draft and consultation.slug == "our-leaflet"
    page = client.get(f"/staff/consultations/{consultation.id}").get_data(as_text=True)
    assert "You cannot publish it yet: add at least one question first." in page

    client.post_form(
        f"/staff/consultations/{consultation.id}/questions/new",
        {
            "kind": "one",
            "text": "Is the leaflet clear?",
            "options": "Yes\nMostly\nNo",
            "required": "yes",
        },
    )
    client.post_form(
        f"/staff/consultations/{consultation.id}/questions/new",
        {"kind": "long", "text": "What would you change?", "required": "no"},
    )
    client.post_form(f"/staff/consultations/{consultation.id}/publish")

    db.session.refresh(consultation)
    assert not consultation.is_draft
    assert [q.text for q in consultation.questions] == [
        "Is the leaflet clear?",
        "What would you change?",
    ]
    assert consultation.questions[0].option_list == ["Yes", "Mostly", "No"]
    assert client.get("/have-your-say/our-leaflet").status_code == 200


def test_a_form_with_mistakes_keeps_what_was_typed(client, auth, staff_user):
    auth.login(staff_user.email)

    response = client.post_form(
        "/staff/consultations/new", _details(why="", closes_on=[40, 1, 2027])
    )

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Say why you are asking" in page
    assert "Enter a real date" in page
    assert 'value="Our leaflet"' in page


def test_a_choice_question_needs_at_least_two_options(client, auth, staff_user):
    consultation = make_consultation(questions=[], published=False)
    auth.login(staff_user.email)

    response = client.post_form(
        f"/staff/consultations/{consultation.id}/questions/new",
        {"kind": "several", "text": "Which?", "options": "Only one", "required": "yes"},
    )

    assert response.status_code == 400
    assert "Give from 2 to 12 options" in response.get_data(as_text=True)
    assert db.session.scalar(select(Question.id)) is None


def test_questions_move_and_are_removed(client, auth, staff_user):
    consultation = make_consultation(published=False)
    auth.login(staff_user.email)
    first, second = consultation.questions[0], consultation.questions[1]

    client.post_form(f"/staff/consultations/{consultation.id}/questions/{second.id}/up")
    client.post_form(f"/staff/consultations/{consultation.id}/questions/{first.id}/remove")

    db.session.refresh(consultation)
    assert [q.text for q in consultation.questions] == [
        "What should sessions cover?",
        "What should we call the new session?",
        "What else would help?",
    ]
    assert [q.position for q in consultation.questions] == [1, 2, 3]


def test_questions_cannot_change_once_anyone_has_answered(client, auth, staff_user):
    consultation = make_consultation()
    questions = consultation.questions
    submit_answers(
        consultation,
        {questions[0].id: [0], questions[1].id: [1]},
        person=None,
        hashed="h",
        now=utcnow(),
    )
    db.session.commit()
    auth.login(staff_user.email)

    page = client.get(f"/staff/consultations/{consultation.id}").get_data(as_text=True)
    added = client.post_form(
        f"/staff/consultations/{consultation.id}/questions/new",
        {"kind": "short", "text": "One more?", "required": "no"},
        follow_redirects=True,
    )

    assert "People have already answered, so the questions cannot change" in page
    assert "Add a question" not in page
    assert "cannot change" in added.get_data(as_text=True)
    db.session.refresh(consultation)
    assert len(consultation.questions) == 4


def test_what_we_heard_waits_until_it_closes(client, auth, staff_user):
    consultation = make_consultation()
    auth.login(staff_user.email)

    client.post_form(
        f"/staff/consultations/{consultation.id}/outcome",
        {"heard": "Evenings suit most.", "will_do": "More evening sessions."},
    )

    db.session.refresh(consultation)
    assert not consultation.outcome_published


def test_staff_close_it_publish_what_they_heard_and_it_is_on_you_said_we_did(
    client, auth, staff_user
):
    consultation = make_consultation()
    auth.login(staff_user.email)

    client.post_form(f"/staff/consultations/{consultation.id}/close")
    client.post_form(
        f"/staff/consultations/{consultation.id}/outcome",
        {"heard": "Evenings suit most parents.", "will_do": "Half the sessions will be evenings."},
    )
    auth.logout()

    page = client.get("/you-said-we-did").get_data(as_text=True)
    assert "Evenings suit most parents." in page
    assert "Half the sessions will be evenings." in page
    assert "Consultation" in page and "Training and awareness" in page
    shown = client.get(f"/have-your-say/{consultation.slug}").get_data(as_text=True)
    assert "What we heard" in shown and "Evenings suit most parents." in shown
    themed = client.get("/you-said-we-did?theme=training").get_data(as_text=True)
    assert "Evenings suit most parents." in themed


def test_an_empty_outcome_is_refused_with_errors(client, auth, staff_user):
    consultation = make_consultation()
    close(consultation, actor=staff_user, now=utcnow())
    db.session.commit()
    auth.login(staff_user.email)

    response = client.post_form(
        f"/staff/consultations/{consultation.id}/outcome", {"heard": "", "will_do": ""}
    )

    assert response.status_code == 400
    assert "Say what you heard" in response.get_data(as_text=True)


def test_it_closes_at_the_end_of_its_closing_day_in_bromley_in_summer_and_winter(app):
    consultation = make_consultation(published=False)
    for closing in (date(2027, 6, 30), date(2027, 12, 1)):
        consultation.closes_on = closing
        consultation.published_at = datetime(2027, 1, 1, tzinfo=UTC)
        last_minute = datetime.combine(closing, datetime.max.time(), tzinfo=LONDON)
        midnight = datetime.combine(closing + timedelta(days=1), datetime.min.time(), tzinfo=LONDON)

        assert consultation.is_open(last_minute.astimezone(UTC))
        assert consultation.is_closed(midnight.astimezone(UTC))


def test_the_last_question_of_a_published_consultation_stays(client, auth, staff_user):
    only = [QuestionDetails("short", "Anything to add?", "", [], True)]
    consultation = make_consultation(questions=only)
    auth.login(staff_user.email)

    page = client.post_form(
        f"/staff/consultations/{consultation.id}/questions/{consultation.questions[0].id}/remove",
        follow_redirects=True,
    ).get_data(as_text=True)

    assert "It is published, so it needs at least one question" in page
    db.session.refresh(consultation)
    assert len(consultation.questions) == 1


def test_close_it_now_asks_first_and_only_the_confirmation_closes_it(client, auth, staff_user):
    consultation = make_consultation()
    auth.login(staff_user.email)
    staff_page = client.get(f"/staff/consultations/{consultation.id}").get_data(as_text=True)
    assert f'href="/staff/consultations/{consultation.id}/close"' in staff_page

    asked = client.get(f"/staff/consultations/{consultation.id}/close")

    assert asked.status_code == 200
    page = asked.get_data(as_text=True)
    assert "Close this consultation now?" in page
    assert "People will no longer be able to answer. You cannot reopen it." in page
    assert "govuk-button--warning" in page and "Yes, close it now" in page
    assert f'href="/staff/consultations/{consultation.id}">Cancel</a>' in page
    db.session.refresh(consultation)
    assert consultation.closed_at is None

    done = client.post_form(f"/staff/consultations/{consultation.id}/close")

    assert done.headers["Location"].endswith(f"/staff/consultations/{consultation.id}")
    db.session.refresh(consultation)
    assert consultation.closed_at is not None
    # Once closed, the confirmation page is not offered again.
    again = client.get(f"/staff/consultations/{consultation.id}/close")
    assert again.headers["Location"].endswith(f"/staff/consultations/{consultation.id}")


def test_closing_without_the_form_token_is_refused(client, auth, staff_user):
    consultation = make_consultation()
    auth.login(staff_user.email)

    refused = client.post(f"/staff/consultations/{consultation.id}/close", data={})

    assert refused.status_code == 400
    db.session.refresh(consultation)
    assert consultation.closed_at is None


def test_the_staff_list_fits_a_phone_with_the_status_under_the_title(client, auth, staff_user):
    consultation = make_consultation(staff=staff_user)
    auth.login(staff_user.email)

    page = client.get("/staff/consultations").get_data(as_text=True)

    assert page.count('<th scope="col"') == 2  # Consultation and Answers: no sideways scroll
    assert "scrolls sideways" not in page
    assert consultation.title in page
    assert f"Open. Closes at the end of {consultation.closes_on_label}." in page
