"""Safeguarding: anyone reports a concern to staff; staff hide an update or a group."""

from __future__ import annotations

from sqlalchemy import select

from portal.dates import utcnow
from portal.extensions import db
from portal.groups.models import ConcernReport
from portal.groups.services import hide_group, hide_update, post_update
from tests.factories import make_user
from tests.integration.groups.factories import make_group


def test_a_visitor_reports_a_concern_about_an_update_and_staff_see_it(
    app, client, auth, staff_user
):
    lead = make_user()
    group = make_group(lead=lead)
    update = post_update(group, title="News", body="Our news", actor=lead, now=utcnow())
    db.session.commit()
    assert f"/groups/{group.slug}/report?update={update.id}" in client.get(
        f"/groups/{group.slug}/updates/{update.id}"
    ).text.replace("&amp;", "&")

    sent = client.post_form(
        f"/groups/{group.slug}/report?update={update.id}",
        {"message": "Someone's child is named here", "contact_email": "worried@example.org"},
    )

    assert "Concern sent to staff" in sent.text
    report = db.session.scalar(select(ConcernReport))
    assert (report.update_id, report.reporter_id) == (update.id, None)
    auth.login(staff_user.email)
    page = client.get("/staff/groups/concerns")
    assert "Someone&#39;s child is named here" in page.text
    assert "worried@example.org" in page.text


def test_an_empty_concern_keeps_the_email_and_says_what_is_missing(app, client):
    group = make_group()

    page = client.post_form(
        f"/groups/{group.slug}/report", {"message": " ", "contact_email": "me@example.org"}
    )

    assert "Tell us what is worrying you" in page.text
    assert 'value="me@example.org"' in page.text
    assert db.session.scalar(select(ConcernReport.id)) is None


def test_every_group_page_links_to_report_a_concern_and_the_code_of_conduct(app, client):
    group = make_group()

    page = client.get(f"/groups/{group.slug}")

    assert f"/groups/{group.slug}/report" in page.text
    assert "/groups/code-of-conduct" in page.text
    assert client.get("/groups/code-of-conduct").status_code == 200


def test_a_hidden_update_leaves_the_page_and_the_feed(app, client):
    lead = make_user()
    group = make_group(lead=lead)
    update = post_update(group, title="Odd post", body="Remove me", actor=lead, now=utcnow())
    hide_update(update, actor=make_user(role="staff"), now=utcnow())
    db.session.commit()

    assert "Odd post" not in client.get(f"/groups/{group.slug}").text
    assert "Odd post" not in client.get(f"/groups/{group.slug}/updates.atom").text
    assert client.get(f"/groups/{group.slug}/updates/{update.id}").status_code == 404


def test_a_hidden_group_is_gone_for_visitors_but_its_lead_and_staff_still_see_it(app, client, auth):
    lead = make_user(email="lead@example.org")
    group = make_group(lead=lead)
    hide_group(group, reason="Checking a report", actor=make_user(role="staff"), now=utcnow())
    db.session.commit()

    assert client.get(f"/groups/{group.slug}").status_code == 404
    assert group.name not in client.get("/groups").text
    auth.login("lead@example.org")
    assert "Staff have hidden this group" in client.get(f"/groups/{group.slug}").text


def test_staff_hide_an_update_from_the_console(app, client, auth, staff_user):
    lead = make_user()
    group = make_group(lead=lead)
    update = post_update(group, title="Odd post", body="Remove me", actor=lead, now=utcnow())
    db.session.commit()
    auth.login(staff_user.email)

    response = client.post_form(f"/staff/groups/updates/{update.id}/hide")

    assert response.status_code == 302
    db.session.expire_all()
    assert update.is_hidden
    assert "Hidden" in client.get(f"/staff/groups/{group.id}").text


def test_hiding_a_group_takes_its_bookable_dates_off_the_sessions_list_until_shown(
    app, client, staff_user
):
    from portal.events.models import EventStatus
    from portal.groups.models import MeetupSession
    from portal.groups.services import materialise_sessions, show_group
    from tests.factories import make_venue
    from tests.integration.groups.factories import make_meetup

    lead = make_user()
    group = make_group(lead=lead)
    meetup = make_meetup(group, lead, repeat="weekly", places=8, venue=make_venue())
    db.session.commit()
    events = [s.event for s in db.session.scalars(select(MeetupSession)).all()]
    assert events and all(e.status == EventStatus.PUBLISHED for e in events)
    first = events[0]
    assert client.get(f"/events/{first.id}").status_code == 200

    assert hide_group(group, reason="Under review", actor=staff_user, now=utcnow()) == len(events)
    db.session.commit()

    assert all(e.status == EventStatus.DRAFT for e in events)
    assert client.get(f"/events/{first.id}").status_code == 404
    assert meetup.title not in client.get("/events").text
    assert materialise_sessions(meetup, now=utcnow()) == []  # and opens no new ones

    show_group(group, actor=staff_user, now=utcnow())
    db.session.commit()
    assert all(e.status == EventStatus.PUBLISHED for e in events)
    assert client.get(f"/events/{first.id}").status_code == 200
