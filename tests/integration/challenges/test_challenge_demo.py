"""The demo data holds the first, historical challenge: finished, its report published, its
outputs the demo's theatre sessions, leaflet (and film), shop pledges and parents' group."""

from __future__ import annotations

from sqlalchemy import select

from portal.challenges.models import Challenge, ChallengeStatus, ChallengeUpdate
from portal.challenges.queries import visible_outputs
from portal.extensions import db


def test_demo_data_has_the_first_challenge_finished_with_its_outputs(app, client):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo-data"]).exit_code == 0
    assert runner.invoke(args=["demo-data"]).exit_code == 0  # twice makes one challenge

    [challenge] = db.session.scalars(select(Challenge)).all()
    assert challenge.title == "Autism awareness and training"
    assert challenge.status == ChallengeStatus.CLOSED
    assert len(challenge.actions) == 10
    assert {a.status for a in challenge.actions} == {"done"}
    assert {m.bringing for m in challenge.team} == {"parent", "professional", "young-person"}
    assert any(m.user and m.user.email == "parent@example.org" for m in challenge.team)
    assert len(db.session.scalars(select(ChallengeUpdate)).all()) >= 3
    with app.test_request_context():
        titles = {link.kind_label: link.title for _, link in visible_outputs(challenge)}
    assert set(titles) == {
        "Training session",
        "Film or leaflet",
        "Business pledge",
        "Peer support group",
    }
    report = client.get(f"/challenges/{challenge.slug}/report")
    assert report.status_code == 200
    assert "Our autism leaflet, by Bromley parents" in report.text
    assert "The Glades Shopping Centre" in report.text
    assert "Finished" in client.get(f"/challenges/{challenge.slug}").text
