"""With REDIS_URL set, rate limits hold across workers: two app instances share one count."""

import os

import pytest
import redis

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


# Flask-Limiter keeps the first key prefix it is given for the life of the process, so use one
# fixed prefix and clear its keys before and after.
PREFIX = "portal-test-ratelimit"


def _clear(connection) -> None:
    for key in connection.scan_iter(f"*{PREFIX}*"):
        connection.delete(key)


@pytest.fixture
def redis_url():
    connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        connection.ping()
    except redis.RedisError as error:
        message = f"Redis rate-limit tests need Redis at {REDIS_URL}: {error}"
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(message + " (REQUIRE_REDIS=1, so this is an error)", pytrace=False)
        pytest.skip(message)
    _clear(connection)
    yield REDIS_URL
    _clear(connection)
    connection.close()


def test_failed_sign_ins_are_counted_across_two_workers(app, make_app, redis_url):
    settings = {"RATELIMIT_STORAGE_URI": redis_url, "RATELIMIT_KEY_PREFIX": PREFIX}
    clients = [make_app(**settings).test_client(), make_app(**settings).test_client()]

    statuses = []
    for attempt in range(10):
        client = clients[attempt % 2]  # the load balancer alternates
        response = client.post_form("/login", {"email": "a@example.org", "password": "wrong"})
        statuses.append(response.status_code)

    assert statuses[0] == 200
    assert statuses[-1] == 429
    # The count really lives in Redis (the two apps share one Limiter object in this process,
    # so the statuses alone would pass with in-memory storage too).
    connection = redis.Redis.from_url(redis_url)
    assert any(connection.scan_iter(f"*{PREFIX}*"))
    connection.close()
