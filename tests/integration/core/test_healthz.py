"""The load balancers' health check."""

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
