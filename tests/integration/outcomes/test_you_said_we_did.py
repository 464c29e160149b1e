"""“You said, we did”: every published outcome on one page, and only published ones."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.dates import utcnow
from portal.extensions import db
from portal.library.services import answer_suggestion, send_suggestion
from portal.pledges.models import VisitComment
from portal.pledges.services import add_comment, moderate, record_acted_on
from tests.factories import make_business, make_pledge, make_user


@pytest.fixture
def business(app):
    business = make_business(name="Orpington Books")
    make_pledge(business)
    return business


def comment_on(business, *, did_not_help="The music was loud.", publish=True, when=None):
    family = make_user(email=f"family{db.session.query(VisitComment).count()}@example.org")
    comment = add_comment(
        business, family, helped="", did_not_help=did_not_help, now=when or utcnow()
    )
    if publish:
        moderate(comment, publish=True, actor=None, now=when or utcnow())
    db.session.commit()
    return comment


def test_a_comment_shows_only_once_staff_say_what_was_done(client, auth, staff_user, business):
    comment = comment_on(business, did_not_help="The tills beep very loudly.")
    assert "The tills beep very loudly." not in client.get("/you-said-we-did").text

    auth.login(staff_user.email)
    response = client.post_form(
        f"/staff/comments/{comment.id}/acted-on",
        {"acted_on": "The shop turned the till sounds down."},
    )
    assert response.status_code == 302
    auth.logout()

    page = client.get("/you-said-we-did").text
    assert "The tills beep very loudly." in page
    assert "The shop turned the till sounds down." in page
    assert "Orpington Books" in page
    # The business's own page says what changed under the comment.
    assert "The shop turned the till sounds down." in client.get(f"/pledges/{business.slug}").text


def test_staff_must_say_what_was_done_and_keep_what_they_typed_otherwise(
    client, auth, staff_user, business
):
    comment = comment_on(business)
    auth.login(staff_user.email)
    response = client.post_form(f"/staff/comments/{comment.id}/acted-on", {"acted_on": "  "})
    assert response.status_code == 200
    assert "Say what was done because of this comment" in response.text
    too_long = "x" * 1001
    response = client.post_form(f"/staff/comments/{comment.id}/acted-on", {"acted_on": too_long})
    assert too_long in response.text
    db.session.refresh(comment)
    assert comment.acted_on_at is None


def test_only_a_published_comment_can_say_what_was_done(client, auth, staff_user, business):
    waiting = comment_on(business, publish=False)
    auth.login(staff_user.email)
    assert client.get(f"/staff/comments/{waiting.id}/acted-on").status_code == 404
    assert client.get("/staff/comments/999999/acted-on").status_code == 404


def test_families_cannot_say_what_was_done(client, auth, member, business):
    comment = comment_on(business)
    auth.login(member.email)
    response = client.post_form(f"/staff/comments/{comment.id}/acted-on", {"acted_on": "Hacked"})
    assert response.status_code == 403
    assert "Hacked" not in client.get("/you-said-we-did").text


def test_outcomes_from_the_library_and_businesses_are_filtered_by_theme(
    client, staff_user, member, business
):
    now = utcnow()
    suggestion = send_suggestion("A leaflet about haircuts, please", user=member, now=now)
    answer_suggestion(
        suggestion, publish=True, response="We wrote one with a barber.", actor=staff_user, now=now
    )
    comment = comment_on(business, did_not_help="No quiet place to wait.")
    record_acted_on(comment, "They made a quiet corner.", actor=staff_user, now=now)
    db.session.commit()

    everything = client.get("/you-said-we-did").text
    assert "haircuts" in everything and "quiet corner" in everything

    places = client.get("/you-said-we-did?theme=places").text
    assert "quiet corner" in places and "haircuts" not in places

    information = client.get("/you-said-we-did?theme=information").text
    assert "haircuts" in information and "quiet corner" not in information

    # An unknown theme is not an error: it shows everything.
    unknown = client.get("/you-said-we-did?theme=nonsense")
    assert unknown.status_code == 200 and "quiet corner" in unknown.text


def test_outcomes_come_newest_first_twenty_to_a_page(client, staff_user, business):
    start = utcnow() - timedelta(days=30)
    for number in range(21):
        comment = comment_on(business, did_not_help=f"Comment number {number:02}.")
        record_acted_on(
            comment,
            f"Change number {number:02}.",
            actor=staff_user,
            now=start + timedelta(days=number),
        )
    db.session.commit()

    first = client.get("/you-said-we-did").text
    assert first.index("Change number 20.") < first.index("Change number 19.")
    assert "Change number 00." not in first
    second = client.get("/you-said-we-did?page=2").text
    assert "Change number 00." in second and "Change number 20." not in second
    # A page past the end shows the last page rather than failing.
    assert "Change number 00." in client.get("/you-said-we-did?page=99").text


def test_the_library_page_for_answers_moved_to_you_said_we_did(client):
    response = client.get("/library/you-said-we-did")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/you-said-we-did?theme=information")


def test_saying_again_changes_the_words_and_keeps_the_first_date(staff_user, business):
    comment = comment_on(business)
    first = utcnow() - timedelta(days=3)
    record_acted_on(comment, "First words.", actor=staff_user, now=first)
    record_acted_on(comment, "Better words.", actor=staff_user, now=utcnow())
    db.session.commit()
    db.session.refresh(comment)
    assert comment.acted_on == "Better words."
    assert comment.acted_on_at.replace(tzinfo=None) == first.replace(tzinfo=None)


def test_a_board_decision_says_we_did_only_once_it_is_done(client, staff_user):
    from portal.board.services import change_decision_status, record_decision

    now = utcnow()
    decision = record_decision(
        decided_on=now.date(),
        decision="Every surgery will offer a quiet waiting time.",
        why="Parents said waiting rooms are too loud.",
        who_acts="The health lead",
        theme="health",
        meeting=None,
        actor=staff_user,
        now=now,
    )
    db.session.commit()
    page = client.get("/you-said-we-did?theme=health").text
    assert "We will:</strong> Every surgery will offer a quiet waiting time." in page
    assert "We did:</strong> Every surgery" not in page
    assert ">Agreed<" in page

    change_decision_status(decision, "done", note="", actor=staff_user, now=utcnow())
    db.session.commit()
    page = client.get("/you-said-we-did?theme=health").text
    assert "We did:</strong> Every surgery will offer a quiet waiting time." in page
    assert ">Agreed<" not in page


def test_an_empty_theme_says_so_once_and_offers_everything(client):
    page = client.get("/you-said-we-did?theme=education").text
    assert "Nothing here yet about schools and education." in page
    assert "0 things" not in page
