"""The decisions log: newest first, status changes recorded with their dates, filter by status."""

from __future__ import annotations

import re
from datetime import date, timedelta

from portal.board.models import DecisionStatus
from portal.board.queries import DECISIONS_PER_PAGE
from portal.board.services import change_decision_status
from portal.dates import utcnow
from portal.extensions import db
from tests.integration.board.factories import make_decision


def test_each_status_change_is_recorded_with_its_date_in_order(app):
    start = utcnow()
    decision = make_decision(now=start)
    change_decision_status(
        decision,
        DecisionStatus.IN_PROGRESS,
        note="Two schools booked",
        actor=None,
        now=start + timedelta(days=10),
    )
    change_decision_status(
        decision, DecisionStatus.DONE, note="", actor=None, now=start + timedelta(days=40)
    )
    db.session.commit()

    db.session.expire_all()
    changes = [(c.status, c.changed_at) for c in decision.changes]
    assert changes == [
        ("agreed", start),
        ("in-progress", start + timedelta(days=10)),
        ("done", start + timedelta(days=40)),
    ]
    assert decision.status == "done"


def test_the_same_status_again_records_nothing(app):
    decision = make_decision()
    assert change_decision_status(decision, "agreed", note="", actor=None, now=utcnow()) is None
    assert len(decision.changes) == 1


def test_the_log_is_newest_first_and_filters_by_status(client):
    make_decision(decision="Oldest decision.", decided_on=date(2026, 1, 5))
    newest = make_decision(decision="Newest decision.", decided_on=date(2026, 9, 5))
    make_decision(decision="Middle decision.", decided_on=date(2026, 5, 5))
    change_decision_status(newest, "done", note="", actor=None, now=utcnow())
    db.session.commit()

    page = client.get("/board/decisions").get_data(as_text=True)
    assert page.index("Newest decision.") < page.index("Middle decision.") < page.index("Oldest")

    done = client.get("/board/decisions?status=done").get_data(as_text=True)
    assert "Newest decision." in done and "Middle decision." not in done
    assert "1 decision: done" in done


def test_the_filter_button_adds_nothing_to_the_address(client):
    page = client.get("/board/decisions").get_data(as_text=True)
    form = page[page.index('class="portal-filters"') :]
    form = form[: form.index("</form>")]
    assert "Show decisions" in form
    assert re.findall(r'name="([^"]+)"', form) == ["status"]


def test_an_unknown_status_shows_every_decision(client):
    make_decision(decision="Only decision.")
    response = client.get("/board/decisions?status=nonsense")
    assert response.status_code == 200
    assert "Only decision." in response.get_data(as_text=True)


def test_the_log_is_paginated(client):
    for n in range(DECISIONS_PER_PAGE + 1):
        make_decision(
            decision=f"Decision number {n:02d}.", decided_on=date(2026, 1, 1) + timedelta(days=n)
        )
    first = client.get("/board/decisions").get_data(as_text=True)
    second = client.get("/board/decisions?page=2").get_data(as_text=True)
    assert "Decision number 00." not in first
    assert "Decision number 00." in second
    assert client.get("/board/decisions?page=99999999999").status_code == 200


def test_staff_change_a_status_with_a_note(client, auth, staff_user):
    decision = make_decision()
    auth.login(staff_user.email)
    response = client.post_form(
        f"/staff/board/decisions/{decision.id}", {"status": "in-progress", "note": "Started"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert [c.status for c in decision.changes] == ["agreed", "in-progress"]
    assert decision.changes[-1].note == "Started"


def test_staff_add_a_decision_and_it_is_public_at_once(client, auth, staff_user):
    auth.login(staff_user.email)
    response = client.post_form(
        "/staff/board/decisions/new",
        {
            "decided_on": ["3", "11", "2026"],
            "decision": "Add a quiet room to the Civic Centre.",
            "why": "Parents said meetings there are too loud.",
            "who_acts": "Council facilities team",
            "theme": "places",
            "meeting": "0",
        },
    )
    assert response.status_code == 302
    auth.logout()
    assert "Add a quiet room" in client.get("/board/decisions").get_data(as_text=True)
