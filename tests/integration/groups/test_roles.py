"""Group leads: a role staff give a member for one group. A lead is not staff, and a lead of
one group cannot touch another."""

from __future__ import annotations

import pytest

from portal.dates import utcnow
from portal.groups.models import GroupUpdate
from portal.groups.services import NotALead, NotAllowed, appoint_lead, post_update
from tests.factories import make_user
from tests.integration.groups.factories import make_group


def test_a_lead_manages_their_own_group_but_not_another(app, auth, client):
    lead = make_user(email="lead@example.org")
    mine = make_group(name="Beckenham Parents", lead=lead)
    theirs = make_group(name="Orpington Parents", lead=make_user())
    auth.login("lead@example.org")

    assert client.get(f"/groups/{mine.slug}/updates/new").status_code == 200
    for path in ("updates/new", "meetups/new", "edit", "followers"):
        assert client.get(f"/groups/{theirs.slug}/{path}").status_code == 403, path
    refused = client.post_form(
        f"/groups/{theirs.slug}/updates/new", {"title": "Hello", "body": "Not my group"}
    )
    assert refused.status_code == 403
    assert GroupUpdate.query.filter_by(group_id=theirs.id).count() == 0


def test_a_lead_is_not_staff(app, auth, client):
    lead = make_user(email="lead@example.org")
    group = make_group(lead=lead)
    auth.login("lead@example.org")

    assert not lead.is_staff
    assert client.get("/staff/groups").status_code == 403
    assert client.get(f"/staff/groups/{group.id}").status_code == 403
    assert client.get("/staff/groups/concerns").status_code == 403


def test_a_member_who_is_not_a_lead_cannot_manage_a_group(app, member, auth, client):
    group = make_group()
    auth.login(member.email)

    assert client.get(f"/groups/{group.slug}/meetups/new").status_code == 403
    with pytest.raises(NotAllowed):
        post_update(group, title="Hi", body="Hello", actor=member, now=utcnow())


def test_visitors_are_sent_to_sign_in_from_lead_pages(app, client):
    group = make_group()

    response = client.get(f"/groups/{group.slug}/updates/new")

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_only_staff_appoint_leads_and_only_member_accounts_can_lead(app):
    group = make_group()
    lead = make_user()
    with pytest.raises(NotAllowed):
        appoint_lead(group, make_user(), actor=lead, now=utcnow())
    with pytest.raises(NotALead):
        appoint_lead(group, make_user(role="business"), actor=make_user(role="staff"), now=utcnow())


def test_staff_appoint_a_lead_by_email_and_remove_them(app, staff_user, auth, client):
    group = make_group()
    parent = make_user(email="newlead@example.org", full_name="Ama Mensah")
    auth.login(staff_user.email)

    added = client.post_form(f"/staff/groups/{group.id}/leads", {"email": "newlead@example.org"})
    assert added.status_code == 302
    app.extensions["sqlalchemy"].session.expire_all()
    assert group.is_led_by(parent)

    [lead] = group.leads
    removed = client.post_form(f"/staff/groups/{group.id}/leads/{lead.id}/remove")
    assert removed.status_code == 302
    app.extensions["sqlalchemy"].session.expire_all()
    assert not group.is_led_by(parent)


def test_staff_are_told_when_no_account_has_that_email(app, staff_user, auth, client):
    group = make_group()
    auth.login(staff_user.email)

    page = client.post_form(f"/staff/groups/{group.id}/leads", {"email": "nobody@example.org"})

    assert page.status_code == 200
    assert "There is no account with that email address" in page.text
    assert 'value="nobody@example.org"' in page.text
