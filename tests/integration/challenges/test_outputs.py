"""A challenge's outputs link to what the portal holds; something hidden or deleted since
drops off the page rather than breaking it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.challenges.models import Output
from portal.challenges.services import UnknownOutput, add_output
from portal.dates import utcnow
from portal.extensions import db
from portal.groups.services import hide_group
from portal.library.services import archive
from tests.factories import make_business, make_event, make_library_item, make_pledge, make_user
from tests.integration.challenges.factories import make_challenge
from tests.integration.groups.factories import make_group


@pytest.fixture
def made(app, staff_user):
    """A challenge with one output of each kind."""
    challenge = make_challenge(staff=staff_user)
    event = make_event(title="Through their eyes")
    business = make_business(name="Bromley Bean Café")
    make_pledge(business)
    leaflet = make_library_item(title="Our autism leaflet")
    group = make_group(name="Bromley Parents Together")
    for kind, target in (
        ("session", event),
        ("pledge", business),
        ("library", leaflet),
        ("group", group),
    ):
        add_output(challenge, kind, target.id, actor=staff_user, now=utcnow())
    db.session.commit()
    return challenge, event, business, leaflet, group


def test_each_output_links_to_its_own_page(made, client):
    challenge, event, business, leaflet, group = made

    page = client.get(f"/challenges/{challenge.slug}").text
    assert f'href="/events/{event.id}"' in page
    assert f'href="/pledges/{business.slug}"' in page
    assert f'href="/library/{leaflet.slug}"' in page
    assert f'href="/groups/{group.slug}"' in page
    for url in (f"/events/{event.id}", f"/pledges/{business.slug}", f"/library/{leaflet.slug}"):
        assert client.get(url).status_code == 200, url


def test_a_hidden_or_archived_output_drops_off_the_page(made, client, staff_user):
    challenge, event, business, leaflet, group = made
    hide_group(group, reason="Safeguarding", actor=staff_user, now=utcnow())
    archive(leaflet, note="Replaced.", actor=staff_user, now=utcnow())
    event.status = "draft"
    db.session.commit()

    page = client.get(f"/challenges/{challenge.slug}")
    assert page.status_code == 200
    assert "Bromley Parents Together" not in page.text
    assert "Our autism leaflet" not in page.text
    assert "Through their eyes" not in page.text
    assert f'href="/pledges/{business.slug}"' in page.text


def test_a_deleted_output_drops_off_the_page(made, client):
    challenge, *_, group = made
    db.session.delete(group)
    db.session.commit()

    page = client.get(f"/challenges/{challenge.slug}")
    assert page.status_code == 200
    assert "Bromley Parents Together" not in page.text
    assert "Our autism leaflet" in page.text


def test_the_team_page_still_lists_a_hidden_output_so_it_can_be_taken_off(
    made, auth, client, staff_user
):
    challenge, *_, group = made
    hide_group(group, reason="Safeguarding", actor=staff_user, now=utcnow())
    db.session.commit()
    auth.login(staff_user.email)

    assert "Something no longer public" in client.get(f"/challenges/{challenge.slug}/manage").text
    output_id = db.session.scalar(select(Output.id).where(Output.kind == "group"))
    client.post_form(f"/challenges/{challenge.slug}/manage/outputs/{output_id}/remove")
    assert db.session.scalar(select(Output.kind).where(Output.kind == "group")) is None


def test_only_things_the_public_can_see_can_be_added(app, staff_user):
    challenge = make_challenge(staff=staff_user)
    draft = make_library_item(title="Not ready", status="draft")
    with pytest.raises(UnknownOutput):
        add_output(challenge, "library", draft.id, actor=staff_user, now=utcnow())
    with pytest.raises(UnknownOutput):
        add_output(challenge, "consultation", 1, actor=staff_user, now=utcnow())


def test_outputs_are_chosen_from_a_list_on_the_team_page(app, auth, client):
    parent = make_user(email="parent@example.org")
    challenge = make_challenge(team_account=parent)
    leaflet = make_library_item(title="Our autism leaflet")
    auth.login("parent@example.org")

    form = client.get(f"/challenges/{challenge.slug}/manage/outputs").text
    assert f'value="library:{leaflet.id}"' in form
    assert "Film or leaflet: Our autism leaflet" in form
    client.post_form(
        f"/challenges/{challenge.slug}/manage/outputs", {"thing": f"library:{leaflet.id}"}
    )
    assert db.session.scalar(select(Output.target_id)) == leaflet.id
    refused = client.post_form(f"/challenges/{challenge.slug}/manage/outputs", {"thing": "x:y"})
    assert refused.status_code == 200
    assert "Choose something the public can see." in refused.text
