"""The public list of groups with its filters, and what a visitor sees without an account."""

from __future__ import annotations

from datetime import timedelta

from portal.dates import utcnow
from portal.extensions import db
from portal.groups.services import post_update
from tests.factories import make_user
from tests.integration.groups.factories import make_group, make_meetup


def test_groups_are_filtered_by_who_they_are_for_area_and_day(app, client):
    lead = make_user()
    parents = make_group(name="Bromley Parents", lead=lead)
    make_group(name="Orpington Young People", audience="young-people", area="orpington")
    make_meetup(parents, lead, starts_at=utcnow() + timedelta(days=3), repeat="weekly")
    day = parents_day = (utcnow() + timedelta(days=3)).weekday()

    assert "Orpington Young People" not in client.get("/groups?audience=parents").text
    assert "Bromley Parents" not in client.get("/groups?area=orpington").text
    assert "Bromley Parents" in client.get(f"/groups?day={parents_day}").text
    assert "Bromley Parents" not in client.get(f"/groups?day={(day + 1) % 7}").text


def test_htmx_filters_get_only_the_results(app, client):
    make_group()

    response = client.get("/groups?audience=parents", headers={"HX-Request": "true"})

    assert 'id="group-results"' in response.text
    assert "<html" not in response.text


def test_a_visitor_reads_a_group_its_updates_and_its_feed_without_an_account(app, client):
    lead = make_user(full_name="Priya Lead")
    group = make_group(lead=lead)
    post_update(group, title="Fish & chips <night>", body="Join us", actor=lead, now=utcnow())
    db.session.commit()

    page = client.get(f"/groups/{group.slug}")
    feed = client.get(f"/groups/{group.slug}/updates.atom")

    assert page.status_code == 200
    assert "Priya Lead" in page.text
    assert "sign in" in page.text
    assert feed.mimetype == "application/atom+xml"
    assert "<title>Fish &amp; chips &lt;night&gt;</title>" in feed.text
