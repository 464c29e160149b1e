"""The staff console's board pages open for staff, keep what was typed, and refuse members."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.board.models import BoardMember
from portal.extensions import db
from tests.factories import make_library_item
from tests.integration.board.factories import (
    make_decision,
    make_meeting,
    make_member,
    make_question,
)


def test_every_board_page_of_the_console_opens(client, auth, staff_user):
    member = make_member()
    paper = make_library_item(title="Linked paper", kind="board-paper")
    meeting = make_meeting(starts_in=timedelta(days=-3), items=[paper])
    decision = make_decision()
    question = make_question()
    auth.login(staff_user.email)

    for url in (
        "/staff/board",
        "/staff/board/members/new",
        f"/staff/board/members/{member.id}",
        "/staff/board/meetings/new",
        f"/staff/board/decisions/{decision.id}",
        "/staff/board/decisions/new",
        f"/staff/board/questions/{question.id}",
    ):
        assert client.get(url).status_code == 200, url
    page = client.get(f"/staff/board/meetings/{meeting.id}").get_data(as_text=True)
    assert "Linked paper" in page and "checked" in page


def test_a_member_form_with_a_mistake_keeps_what_was_typed(client, auth, staff_user):
    auth.login(staff_user.email)
    response = client.post_form(
        "/staff/board/members/new", {"name": "Nadia New", "role": "", "kind": "health"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'value="Nadia New"' in page and "Enter their role" in page
    assert db.session.query(BoardMember).count() == 0


@pytest.mark.parametrize("url", ["/staff/board", "/staff/board/members/new"])
def test_members_of_the_public_cannot_open_the_console(client, auth, member, url):
    auth.login(member.email)
    assert client.get(url).status_code == 403
