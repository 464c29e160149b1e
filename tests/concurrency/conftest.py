"""A live threaded server on the test database, for tests of requests that arrive at the
same moment."""

from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server


@pytest.fixture
def live_portal(app, make_app):
    """A second app on the test database, served by a threaded server on 127.0.0.1."""
    servers = []

    def _serve(**overrides):
        portal = make_app(RATELIMIT_ENABLED=False, **overrides)
        server = make_server("127.0.0.1", 0, portal, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        servers.append((server, thread))
        return f"http://127.0.0.1:{server.server_port}"

    yield _serve
    for server, thread in servers:
        server.shutdown()
        thread.join(timeout=10)
