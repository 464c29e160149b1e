"""Redis (the shared rate-limit store) going away never fails a family's request: each process
counts on its own meanwhile, a warning is logged, and /readyz says Redis is down while /healthz
stays well. The test starts and stops its own Redis on a free port."""

import logging
import shutil
import subprocess
import time

import pytest
import redis

from portal.extensions import limiter
from tests.conftest import free_port
from tests.factories import DEFAULT_PASSWORD, make_event

REDIS_SERVER = shutil.which("redis-server")
pytestmark = pytest.mark.skipif(REDIS_SERVER is None, reason="needs redis-server")


@pytest.fixture
def own_redis():
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - our own fixed arguments
        [
            REDIS_SERVER,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    connection = redis.Redis.from_url(url)
    for _ in range(50):
        try:
            connection.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.1)
    connection.close()

    def stop():
        process.terminate()
        process.wait(timeout=10)

    yield url, stop
    if process.poll() is None:
        stop()
    # The limiter is one object for the whole test process: the next test starts on its store.
    limiter._storage_dead = False


@pytest.fixture
def redis_app(app, make_app, own_redis):
    # After `app`: the limiter is one object, and the last app made chooses its store.
    url, stop = own_redis
    app = make_app(
        REDIS_URL=url,
        RATELIMIT_STORAGE_URI=url,
        RATELIMIT_STORAGE_OPTIONS={"socket_connect_timeout": 1, "socket_timeout": 1},
    )
    return app, stop


def _sign_in(client, email, password=DEFAULT_PASSWORD):
    return client.post_form("/login", {"email": email, "password": password})


def test_with_redis_down_families_still_sign_in_register_reset_and_book(redis_app, member, caplog):
    app, stop_redis = redis_app
    event = make_event()
    client = app.test_client()
    assert client.get("/readyz").json["redis"] == "ok"

    stop_redis()
    with caplog.at_level(logging.WARNING):
        signed_in = _sign_in(client, member.email)
        client.post_form(
            f"/events/{event.id}/book/who", {"adults": "1", "children": "0", "carer": "no"}
        )
        client.post_form(f"/events/{event.id}/book/needs", {})
        booked = client.post_form(f"/events/{event.id}/book/check", {"choice": "book"})
        someone_else = app.test_client()
        registered = someone_else.post_form(
            "/register",
            {"full_name": "New Family", "email": "new@example.org", "password": DEFAULT_PASSWORD},
        )
        reset = someone_else.post_form("/password-reset", {"email": member.email})

    assert signed_in.status_code == 302
    assert booked.status_code == 302 and "/confirmed" in booked.headers["Location"]
    assert registered.status_code == 200 and reset.status_code == 200
    assert "falling back to in-memory storage" in caplog.text


def test_with_redis_down_limits_still_hold_in_each_process(redis_app, member):
    app, stop_redis = redis_app
    stop_redis()
    client = app.test_client()

    statuses = [_sign_in(client, member.email, "wrong").status_code for _ in range(7)]

    # Six tries per address per ten minutes, counted in this process while Redis is away.
    assert statuses[:6] == [200] * 6
    assert statuses[6] == 429


def test_readyz_says_redis_is_down_while_healthz_stays_well(redis_app):
    app, stop_redis = redis_app
    client = app.test_client()
    stop_redis()

    ready = client.get("/readyz")
    healthy = client.get("/healthz")

    assert ready.status_code == 503
    assert ready.json["status"] == "unavailable"
    assert ready.json["redis"] == "unreachable"
    assert ready.json["database"] == "ok"
    assert healthy.status_code == 200
