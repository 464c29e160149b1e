"""Results: counts for choice questions worked out from the answer rows every time, written
answers a page at a time, and a spreadsheet that never runs a formula."""

from __future__ import annotations

import csv
import io

from sqlalchemy import delete, select

from portal.consultations.models import Response
from portal.consultations.queries import choice_results, public_list
from portal.consultations.services import answer_count, submit_answers
from portal.dates import utcnow
from portal.demo.consultations import LEAFLET_TITLE
from portal.extensions import db
from portal.library.models import LibraryItem
from tests.integration.consultations.factories import make_consultation


def _answer(consultation, *, one: int, several: list[int], long: str | None = None, n: int = 0):
    questions = consultation.questions
    answers = {questions[0].id: [one], questions[1].id: several, questions[3].id: long}
    return submit_answers(consultation, answers, person=None, hashed=f"address-{n}", now=utcnow())


def _counts(consultation) -> dict[str, list[int]]:
    return {r.question.text: [o.count for o in r.options] for r in choice_results(consultation)}


def test_counts_are_worked_out_from_the_answer_rows(app):
    consultation = make_consultation()
    _answer(consultation, one=0, several=[0, 1], n=1)
    _answer(consultation, one=0, several=[1], n=2)
    gone = _answer(consultation, one=2, several=[1, 2], n=3)
    db.session.commit()
    assert _counts(consultation) == {
        "When could you come to a session?": [2, 0, 1],
        "What should sessions cover?": [1, 3, 1],
    }

    # No total is stored anywhere: take a set of answers away and the counts follow the rows.
    db.session.execute(delete(Response).where(Response.id == gone.id))
    db.session.commit()

    assert _counts(consultation) == {
        "When could you come to a session?": [2, 0, 0],
        "What should sessions cover?": [1, 2, 0],
    }


def test_the_results_page_shows_a_chart_and_a_table_of_counts(client, auth, staff_user):
    consultation = make_consultation()
    _answer(consultation, one=1, several=[2], long="More evening sessions", n=1)
    db.session.commit()
    auth.login(staff_user.email)

    url = f"/staff/consultations/{consultation.id}/results"
    page = client.get(url).get_data(as_text=True)
    written = client.get(f"{url}?question={consultation.questions[3].id}").get_data(as_text=True)

    assert "<svg" in page and "portal-chart__bar" in page
    assert "How many chose each option" in page
    assert "More evening sessions" in written


def test_written_answers_are_shown_a_page_at_a_time(client, auth, staff_user):
    consultation = make_consultation()
    for n in range(23):
        _answer(consultation, one=0, several=[0], long=f"Written answer number {n:02d}", n=n)
    db.session.commit()
    auth.login(staff_user.email)
    url = f"/staff/consultations/{consultation.id}/results?question={consultation.questions[3].id}"

    first = client.get(url).get_data(as_text=True)
    second = client.get(url + "&page=2").get_data(as_text=True)

    assert "Written answer number 00" in first and "Written answer number 20" not in first
    assert "Written answer number 20" in second and "Written answer number 00" not in second


def test_the_spreadsheet_neutralises_an_answer_that_looks_like_a_formula(client, auth, staff_user):
    consultation = make_consultation()
    _answer(consultation, one=0, several=[0, 2], long="=cmd|' /C calc'!A0", n=1)
    db.session.commit()
    auth.login(staff_user.email)

    response = client.get(f"/staff/consultations/{consultation.id}/results.csv")

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][2:] == [q.text for q in consultation.questions]
    assert rows[1][2] == "Saturday mornings"
    assert rows[1][3] == "Sensory needs; Sleep"
    assert rows[1][5] == "'=cmd|' /C calc'!A0"
    assert not any(cell.startswith("=") for row in rows for cell in row)


def test_counts_and_the_spreadsheet_hold_no_names(client, auth, staff_user, member):
    consultation = make_consultation()
    questions = consultation.questions
    submit_answers(
        consultation,
        {questions[0].id: [0], questions[1].id: [0]},
        person=member,
        hashed="h",
        now=utcnow(),
    )
    db.session.commit()
    auth.login(staff_user.email)

    body = client.get(f"/staff/consultations/{consultation.id}/results.csv").get_data(as_text=True)

    assert member.full_name not in body and member.email not in body
    assert db.session.scalar(select(Response.user_id)) == member.id


def test_demo_data_has_an_open_consultation_with_answers_and_a_closed_one_with_its_outcome(app):
    result = app.test_cli_runner().invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output

    open_now, closed = public_list(now=utcnow())

    assert [c.title for c in open_now] == ["Training sessions next year"]
    assert len(open_now[0].questions) == 4
    assert answer_count(open_now[0]) == 30
    assert closed[0].outcome_published


def test_the_demo_leaflet_outcome_names_the_leaflet_people_can_find_in_the_library(app, client):
    assert app.test_cli_runner().invoke(args=["demo-data"]).exit_code == 0
    _, [closed] = public_list(now=utcnow())
    leaflet = db.session.scalar(select(LibraryItem).where(LibraryItem.title == LEAFLET_TITLE))

    page = client.get(f"/have-your-say/{closed.slug}").get_data(as_text=True)

    assert f"Find it in the library: search for “{leaflet.title}”." in page
    found = client.get("/library", query_string={"q": leaflet.title}).get_data(as_text=True)
    assert f'href="/library/{leaflet.slug}"' in found
