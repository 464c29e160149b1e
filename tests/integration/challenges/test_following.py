"""Following a challenge: each weekly update is emailed once to each follower, with a link to
stop following that works without signing in."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from portal.challenges.models import ChallengeFollower
from portal.challenges.services import follow, post_update, unfollow
from portal.dates import utcnow
from portal.extensions import db
from portal.outbox.models import OutboxMessage
from tests.factories import make_user
from tests.integration.challenges.factories import days_ago, make_challenge


def _mail_to(address: str) -> list[OutboxMessage]:
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == address)).all()


def test_following_and_unfollowing_through_the_page(app, member, auth, client):
    challenge = make_challenge()
    auth.login(member.email)

    client.post_form(f"/challenges/{challenge.slug}/follow")
    client.post_form(f"/challenges/{challenge.slug}/follow")  # a double-click follows once
    assert db.session.scalar(select(func.count()).select_from(ChallengeFollower)) == 1
    assert "Stop following" in client.get(f"/challenges/{challenge.slug}").text

    client.post_form(f"/challenges/{challenge.slug}/unfollow")
    assert db.session.scalar(select(func.count()).select_from(ChallengeFollower)) == 0


def test_an_update_emails_every_follower_once_and_nobody_else(app):
    parent = make_user(email="team@example.org")
    challenge = make_challenge(starts_on=days_ago(8), team_account=parent)  # day 9: week 2
    people = [make_user(email=f"{n}@example.org") for n in ("one", "two", "gone")]
    for person in people:
        follow(challenge, person, now=utcnow())
    follow(challenge, people[0], now=utcnow())  # following twice follows once
    db.session.commit()
    unfollow(challenge, people[2].id)
    make_user(email="bystander@example.org")

    post_update(challenge, body="The leaflet is at the printers.", actor=parent, now=utcnow())
    db.session.commit()

    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 2
    for address in ("one@example.org", "two@example.org"):
        [mail] = _mail_to(address)
        assert mail.subject == "Autism awareness and training: week 2 update"
        assert "The leaflet is at the printers." in mail.body_text
        assert "/stop-following/" in mail.body_text
    assert _mail_to("gone@example.org") == []
    assert _mail_to("team@example.org") == []


def test_the_stop_following_link_in_the_email_works_without_signing_in(app, client):
    parent = make_user()
    challenge = make_challenge(team_account=parent)
    follow(challenge, make_user(email="one@example.org"), now=utcnow())
    follow(challenge, make_user(email="two@example.org"), now=utcnow())
    post_update(challenge, body="News.", actor=parent, now=utcnow())
    db.session.commit()
    [mail] = _mail_to("one@example.org")
    path = re.search(r"https?://[^/\s]+(/challenges/\S+/stop-following/\S+)", mail.body_text)[1]

    page = client.get(path)
    assert page.status_code == 200
    assert db.session.scalar(select(func.count()).select_from(ChallengeFollower)) == 2  # GET
    done = client.post_form(path)
    assert "You have stopped following" in done.text
    assert [f.user.email for f in db.session.scalars(select(ChallengeFollower))] == [
        "two@example.org"
    ]


def test_a_forged_or_other_challenges_stop_link_is_404(app, client):
    challenge = make_challenge()
    other = make_challenge(title="Other one")
    from portal.challenges.services import unfollow_token

    assert client.get(f"/challenges/{challenge.slug}/stop-following/nonsense").status_code == 404
    token = unfollow_token(other, 1)
    assert client.get(f"/challenges/{challenge.slug}/stop-following/{token}").status_code == 404


def test_an_update_to_a_draft_is_refused(app, auth, client, staff_user):
    challenge = make_challenge(public=False)
    auth.login(staff_user.email)
    page = client.post_form(f"/challenges/{challenge.slug}/manage/update", {"body": "Hello"})
    assert "Make the challenge public before you post updates." in page.text
