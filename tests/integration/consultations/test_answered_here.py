"""A browser that has sent answers is remembered (in its session): the consultation's page
thanks it instead of offering "Start now", Back after "Answers sent" does not open a blank
question 1, and someone else on the same device can still answer within the address limit."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.consultations.models import Response
from portal.consultations.services import close
from portal.dates import utcnow
from portal.extensions import db
from tests.factories import make_user
from tests.integration.consultations.answering import answer_all
from tests.integration.consultations.factories import make_consultation


def _responses() -> int:
    return db.session.scalar(select(func.count(Response.id)))


def test_back_after_sending_goes_to_the_thank_you_not_a_blank_question_1(client):
    consultation = make_consultation()
    answer_all(client, consultation.slug)

    # Back from "Answers sent" reloads "check your answers", which used to send people to a
    # blank question 1; any question page does the same.
    for path in ("check", "questions/1", "questions/3"):
        back = client.get(f"/have-your-say/{consultation.slug}/{path}")
        assert back.status_code == 302
        assert back.headers["Location"].endswith(f"/have-your-say/{consultation.slug}")
    assert _responses() == 1


def test_sending_again_from_a_stale_check_page_sends_nothing(client):
    consultation = make_consultation()
    answer_all(client, consultation.slug)

    again = client.post_form(f"/have-your-say/{consultation.slug}/check")

    assert again.headers["Location"].endswith(f"/have-your-say/{consultation.slug}")
    assert _responses() == 1


def test_the_page_thanks_a_browser_that_answered_instead_of_offering_start_now(client):
    consultation = make_consultation()
    page = f"/have-your-say/{consultation.slug}"
    assert "Start now" in client.get(page).get_data(as_text=True)  # kept for visitors

    answer_all(client, consultation.slug)
    after = client.get(page).get_data(as_text=True)

    assert "You have answered this. Thank you." in after
    assert "What happens next" in after
    assert "Start now" not in after
    assert "Someone else using this device? Answer as them" in after
    assert f'href="{page}/someone-else"' in after


def test_other_visitors_still_see_start_now(app, client):
    consultation = make_consultation()
    answer_all(client, consultation.slug)
    client.get(f"/have-your-say/{consultation.slug}")

    other = app.test_client().get(f"/have-your-say/{consultation.slug}").get_data(as_text=True)

    assert "Start now" in other and "You have answered this" not in other


def test_someone_else_on_the_device_can_answer_as_themselves(client):
    consultation = make_consultation()
    answer_all(client, consultation.slug)

    start = client.get(f"/have-your-say/{consultation.slug}/someone-else")
    assert start.headers["Location"].endswith(f"/have-your-say/{consultation.slug}/questions/1")
    question = client.get(start.headers["Location"])
    assert question.status_code == 200
    assert "When could you come to a session?" in question.get_data(as_text=True)
    sent = answer_all(client, consultation.slug)

    assert sent.headers["Location"].endswith("/sent")
    assert _responses() == 2
    # Once they have sent theirs, Back again leads to the thank you.
    back = client.get(f"/have-your-say/{consultation.slug}/questions/1")
    assert back.headers["Location"].endswith(f"/have-your-say/{consultation.slug}")


def test_a_signed_in_account_that_answered_is_thanked_and_told_to_sign_out(client, auth, member):
    consultation = make_consultation()
    auth.login(member.email)
    answer_all(client, consultation.slug)

    page = client.get(f"/have-your-say/{consultation.slug}").get_data(as_text=True)

    assert "You have answered this. Thank you." in page
    assert "Start now" not in page
    assert "Sign out first" in page


def test_the_thank_you_is_not_shown_once_it_has_closed(client):
    consultation = make_consultation()
    answer_all(client, consultation.slug)
    close(consultation, actor=make_user(role="staff", email="c@example.org"), now=utcnow())
    db.session.commit()

    page = client.get(f"/have-your-say/{consultation.slug}").get_data(as_text=True)

    assert "This closed on" in page and "You have answered this" not in page


def test_the_thank_you_comes_first_and_says_nothing_about_reading_answers_yet(client):
    consultation = make_consultation()
    answer_all(client, consultation.slug)

    page = client.get(f"/have-your-say/{consultation.slug}").get_data(as_text=True)

    assert page.index("You have answered this") < page.index("Why we are asking")
    assert "We are reading the answers now" not in page
