"""Board pages: members by what they bring, meetings with papers and minutes from the library
(found by library search), and 404 for unknown meetings."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.board.models import BoardMeeting
from portal.board.services import NotABoardPaper, save_meeting
from portal.dates import utcnow
from portal.extensions import db
from portal.library.queries import LibraryFilters, library_page
from tests.factories import make_library_item
from tests.integration.board.factories import make_meeting, make_member


def test_the_board_page_names_the_chair_and_groups_members(client):
    make_member(name="Priya Parent", is_chair=True)
    make_member(name="Dr Hugh Health", kind="health", role="Consultant paediatrician")
    make_member(name="Gone Member", left_on=utcnow().date())

    page = client.get("/board").get_data(as_text=True)

    assert "Who chairs it" in page and "Priya Parent" in page
    assert page.index("Parents and carers") < page.index("Health services")
    assert "Gone Member" not in page


def test_a_new_chair_takes_over_from_the_old_one(app):
    old = make_member(name="Old Chair", is_chair=True)
    make_member(name="New Chair", is_chair=True)
    assert old.is_chair is False


def test_board_papers_and_minutes_are_found_by_library_search(app):
    make_library_item(
        title="Autism board papers, March", kind="board-paper", body="Budget for training."
    )
    make_library_item(title="Autism board minutes, March", kind="minutes", body="The board agreed.")
    make_library_item(title="A leaflet about shops", summary="Shops.")

    found = library_page(LibraryFilters(q="board minutes"), page=1)
    titles = [item.title for item in found.items.items]
    assert titles[0] == "Autism board minutes, March"
    assert "A leaflet about shops" not in titles


def test_a_meeting_shows_its_published_papers_and_minutes_only(client):
    paper = make_library_item(title="Training budget paper", kind="board-paper")
    minutes = make_library_item(title="Minutes of the March meeting", kind="minutes")
    draft = make_library_item(title="Draft paper", kind="board-paper", status="draft")
    meeting = make_meeting(starts_in=timedelta(days=-7), items=[paper, minutes, draft])

    page = client.get(f"/board/meetings/{meeting.id}").get_data(as_text=True)

    assert "Training budget paper" in page and "Minutes of the March meeting" in page
    assert "Draft paper" not in page
    assert page.index("Training budget paper") < page.index("Minutes of the March meeting")


def test_a_meeting_links_only_board_papers_and_minutes(app):
    leaflet = make_library_item(title="A leaflet")
    with pytest.raises(NotABoardPaper):
        save_meeting(
            None,
            starts_at=utcnow(),
            place="Here",
            online=False,
            agenda="",
            item_ids=[leaflet.id],
            actor=None,
            now=utcnow(),
        )


def test_meetings_are_split_into_upcoming_and_past(client):
    make_meeting(starts_in=timedelta(days=-30), place="Past Hall")
    make_meeting(starts_in=timedelta(days=30), place="Future Hall")
    page = client.get("/board/meetings").get_data(as_text=True)
    assert page.index("Future Hall") < page.index("Past meetings") < page.index("Past Hall")
    assert "Future Hall" in client.get("/board").get_data(as_text=True)  # the next meeting


@pytest.mark.parametrize("url", ["/board/meetings/999", "/board/meetings/abc"])
def test_unknown_meetings_are_404(client, url):
    assert client.get(url).status_code == 404


def test_staff_add_a_meeting_with_its_papers(client, auth, staff_user):
    paper = make_library_item(title="Budget paper", kind="board-paper")
    auth.login(staff_user.email)
    response = client.post_form(
        "/staff/board/meetings/new",
        {
            "date": ["12", "3", "2027"],
            "start_time": "6pm",
            "place": "",
            "online": "y",
            "how_to_join": "Join at https://meet.example.org/board-march-2027-meeting",
            "agenda": "Welcome\nBudget",
            "items": [str(paper.id)],
        },
    )
    assert response.status_code == 302
    auth.logout()

    meeting = db.session.scalar(select(BoardMeeting))
    assert meeting.where == "Online"
    page = client.get(f"/board/meetings/{meeting.id}").get_data(as_text=True)
    assert "Budget paper" in page and "6pm" in page
    assert meeting.how_to_join == "Join at https://meet.example.org/board-march-2027-meeting"
    assert 'href="https://meet.example.org/board-march-2027-meeting"' in page


def test_a_meeting_page_says_who_can_come_how_to_join_and_who_helps(client):
    meeting = make_meeting(
        online=True, how_to_join="Use the side door.\nThe online link is on the agenda."
    )
    page = client.get(f"/board/meetings/{meeting.id}").get_data(as_text=True)
    assert "Anyone can come and listen." in page
    assert '<p class="govuk-body">Use the side door.</p>' in page
    assert "The online link is on the agenda." in page
    assert re.search(r'If you need help to take part, <a [^>]*href="/contact">contact us</a>', page)


def test_a_meeting_needs_a_place_or_online(client, auth, staff_user):
    auth.login(staff_user.email)
    response = client.post_form(
        "/staff/board/meetings/new",
        {"date": ["12", "3", "2027"], "start_time": "6pm"},
    )
    assert response.status_code == 400
    assert "Enter the place, or say people can join online" in response.get_data(as_text=True)
