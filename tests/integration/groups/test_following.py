"""Following a group: updates and meet-up reminders by email; stop at any time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.dates import utcnow
from portal.extensions import db
from portal.groups.models import GroupFollower
from portal.groups.services import (
    CannotFollow,
    follow,
    post_update,
    send_meetup_reminders,
)
from portal.outbox.models import OutboxMessage
from tests.factories import make_user
from tests.integration.groups.factories import make_group, make_meetup


def _mail_to(address: str) -> list[OutboxMessage]:
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == address)).all()


def test_following_and_unfollowing_through_the_group_page(app, member, auth, client):
    group = make_group()
    auth.login(member.email)

    client.post_form(f"/groups/{group.slug}/follow")
    client.post_form(f"/groups/{group.slug}/follow")  # a double-click follows once
    assert db.session.scalar(select(db.func.count()).select_from(GroupFollower)) == 1
    assert "Stop following" in client.get(f"/groups/{group.slug}").text

    client.post_form(f"/groups/{group.slug}/unfollow")
    assert db.session.scalar(select(db.func.count()).select_from(GroupFollower)) == 0
    assert "Follow Bromley Parents Together" in client.get(f"/groups/{group.slug}").text


def test_following_needs_a_confirmed_email_address(app):
    group = make_group()
    with pytest.raises(CannotFollow):
        follow(group, make_user(email_confirmed=False), now=utcnow())


def test_an_update_is_queued_for_every_follower_and_nobody_else(app):
    lead = make_user()
    group = make_group(lead=lead)
    follower = make_user(email="follower@example.org")
    follow(group, follower, now=utcnow())
    gone = make_user(email="gone@example.org")
    follow(group, gone, now=utcnow())
    db.session.commit()
    from portal.groups.services import unfollow

    unfollow(group, gone)
    post_update(group, title="Half-term picnic", body="Bring a blanket.", actor=lead, now=utcnow())
    db.session.commit()

    [mail] = _mail_to("follower@example.org")
    assert mail.subject == "Bromley Parents Together: Half-term picnic"
    assert "Bring a blanket." in mail.body_text
    assert _mail_to("gone@example.org") == []


def test_followers_are_reminded_of_each_meetup_date_once(app):
    lead = make_user()
    group = make_group(lead=lead)
    follow(group, make_user(email="follower@example.org"), now=utcnow())
    make_meetup(group, lead, starts_at=utcnow() + timedelta(hours=20), repeat="weekly")

    assert send_meetup_reminders(now=utcnow()) == 1
    assert send_meetup_reminders(now=utcnow()) == 0
    db.session.commit()
    [mail] = _mail_to("follower@example.org")
    assert mail.subject == "Reminder: Coffee morning"


def test_the_follower_list_is_for_the_groups_leads_and_staff_only(app, auth, client):
    lead = make_user(email="lead@example.org")
    group = make_group(lead=lead)
    follow(group, make_user(full_name="Nia Follower"), now=utcnow())
    db.session.commit()

    assert client.get(f"/groups/{group.slug}/followers").status_code == 302  # sign in first
    make_user(email="other@example.org")
    auth.login("other@example.org")
    assert client.get(f"/groups/{group.slug}/followers").status_code == 403
    auth.logout()
    auth.login("lead@example.org")
    page = client.get(f"/groups/{group.slug}/followers")
    assert page.status_code == 200
    assert "Nia Follower" in page.text
    assert page.headers["Cache-Control"] == "no-store"
    assert "Nia Follower" not in client.get(f"/groups/{group.slug}").text
