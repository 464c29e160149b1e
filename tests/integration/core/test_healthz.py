"""The load balancers' health check."""

import pytest

from portal import create_app
from tests.conftest import make_config


def test_healthz_is_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_healthz_is_503_when_the_database_cannot_be_reached(tmp_path):
    unreachable = f"sqlite:///{tmp_path / 'no-such-folder' / 'portal.db'}"
    app = create_app(make_config(unreachable, tmp_path))
    with app.app_context():
        response = app.test_client().get("/healthz")
        from portal.extensions import db

        db.engine.dispose()
    assert response.status_code == 503
    assert response.json["status"] == "unavailable"


def test_readyz_is_ok_when_every_part_is_well(client):
    from portal.dates import utcnow
    from portal.jobs.services import run_due_jobs

    run_due_jobs(now=utcnow())  # what the worker does when it starts

    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json["database"] == "ok"
    assert response.json["outbox"] == {"status": "ok", "waiting": 0, "oldest_waiting_minutes": 0}
    assert {job["status"] for job in response.json["jobs"].values()} == {"ok"}


def test_readyz_is_503_when_the_outbox_has_fallen_behind(app, client):
    from datetime import timedelta

    from portal.dates import utcnow
    from portal.extensions import db
    from portal.outbox.models import OutboxMessage

    long_ago = utcnow() - timedelta(minutes=app.config["OUTBOX_BACKLOG_MINUTES"] + 5)
    db.session.add(
        OutboxMessage(
            recipient="parent@example.org",
            subject="Your booking",
            body_text="text",
            body_html="<p>html</p>",
            created_at=long_ago,
            next_attempt_at=long_ago,
        )
    )
    db.session.commit()

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json["outbox"]["status"] == "behind"
    assert response.json["outbox"]["waiting"] == 1
    assert response.json["outbox"]["oldest_waiting_minutes"] >= 35


def test_the_load_balancers_readyz_leaves_out_what_every_host_shares(app, client):
    """A late outbox makes /readyz 503 for monitoring, but /readyz?scope=host (the load
    balancer's check) stays 200: a late email must not take every host out of the pool."""
    from datetime import timedelta

    from portal.dates import utcnow
    from portal.extensions import db
    from portal.outbox.models import OutboxMessage

    long_ago = utcnow() - timedelta(minutes=app.config["OUTBOX_BACKLOG_MINUTES"] + 5)
    db.session.add(
        OutboxMessage(
            recipient="parent@example.org",
            subject="Your booking",
            body_text="text",
            body_html="<p>html</p>",
            created_at=long_ago,
            next_attempt_at=long_ago,
        )
    )
    db.session.commit()

    assert client.get("/readyz").status_code == 503
    response = client.get("/readyz?scope=host")
    assert response.status_code == 200
    assert response.json["database"] == "ok" and response.json["storage"] == "ok"
    assert "outbox" not in response.json and "jobs" not in response.json


def test_readyz_says_the_file_storage_is_ok(client):
    response = client.get("/readyz")

    assert response.json["storage"] == "ok"


@pytest.fixture
def s3_app_config(app_config, s3_settings):
    app_config.update(s3_settings)
    return app_config


def test_readyz_is_503_when_the_bucket_does_not_answer(s3_app_config, app, client, monkeypatch):
    from portal import readiness
    from portal.dates import utcnow
    from portal.jobs.services import run_due_jobs
    from portal.storage import storage

    run_due_jobs(now=utcnow())  # every other part is well
    monkeypatch.setattr(readiness, "STORAGE_CHECK_SECONDS", 3600)
    assert client.get("/readyz").status_code == 200

    storage().client.delete_bucket(Bucket=app.config["S3_BUCKET"])
    # The answer is kept for a few seconds: the bucket is not asked on every request.
    assert client.get("/readyz").json["storage"] == "ok"

    monkeypatch.setattr(readiness, "STORAGE_CHECK_SECONDS", 0)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["storage"] == "unreachable"
    # The load balancer's check takes this host out too: it cannot serve files.
    assert client.get("/readyz?scope=host").status_code == 503
