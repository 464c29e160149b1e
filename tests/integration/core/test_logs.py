"""Logs: every request has an id (in the response, on the error page, in every log line), the
request line says method, path, status and time, and never a name, an address or a token."""

import json
import logging

from portal.logs import RequestContext, _handler
from tests.factories import make_user


def _access_lines(caplog):
    return [r for r in caplog.records if r.name == "portal.access"]


def test_every_response_carries_a_request_id(client):
    first = client.get("/privacy").headers["X-Request-ID"]
    second = client.get("/privacy").headers["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_a_request_id_from_a_trusted_proxy_is_kept_and_one_from_anyone_else_is_not(
    make_app,
):
    direct = make_app(PROXY_FIX_X_FOR=0).test_client()
    behind_proxy = make_app(PROXY_FIX_X_FOR=1).test_client()
    offered = {"X-Request-ID": "lb-7f3a9c21-0001"}

    assert direct.get("/privacy", headers=offered).headers["X-Request-ID"] != "lb-7f3a9c21-0001"
    assert behind_proxy.get("/privacy", headers=offered).headers["X-Request-ID"] == (
        "lb-7f3a9c21-0001"
    )
    sneaky = {"X-Request-ID": "<script>alert(1)</script>"}
    assert "<" not in behind_proxy.get("/privacy", headers=sneaky).headers["X-Request-ID"]


def test_the_error_page_shows_the_reference_a_family_can_quote(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    reference = response.headers["X-Request-ID"]
    assert f"quote the reference <strong>{reference}</strong>" in response.get_data(as_text=True)


def test_each_request_is_logged_once_with_its_id_method_path_status_and_time(client, caplog):
    with caplog.at_level(logging.INFO, logger="portal.access"):
        caplog.clear()  # only this request's lines (signing in logged its own)
        response = client.get("/events")
    [line] = _access_lines(caplog)
    assert (line.method, line.path, line.status) == ("GET", "/events", 200)
    assert line.duration_ms >= 0
    assert RequestContext().filter(line) and line.request_id == response.headers["X-Request-ID"]


def test_the_token_in_an_emailed_link_never_reaches_the_log(client, caplog):
    with caplog.at_level(logging.INFO, logger="portal.access"):
        caplog.clear()  # only this request's lines (signing in logged its own)
        client.get("/password-reset/a-secret-reset-token-123")
    [line] = _access_lines(caplog)
    assert line.path == "/password-reset/[token]"
    assert "a-secret-reset-token-123" not in caplog.text


def test_production_lines_are_json_with_the_user_id_and_never_the_name_or_email(
    app, client, auth, caplog
):
    person = make_user(email="jo.private@example.org", full_name="Jo Private")
    auth.login(person.email)
    handler = _handler(json_lines=True)
    with caplog.at_level(logging.INFO, logger="portal.access"):
        caplog.clear()  # only this request's lines (signing in logged its own)
        client.get("/account")
    [record] = _access_lines(caplog)
    line = json.loads(handler.format(record)) if handler.filter(record) else None

    assert line["logger"] == "portal.access" and line["level"] == "INFO"
    assert line["path"] == "/account" and line["status"] == 200
    assert line["user_id"] == person.id
    assert len(line["request_id"]) == 32
    assert "timestamp" in line
    assert "jo.private" not in json.dumps(line) and "Jo Private" not in json.dumps(line)


def test_an_unexpected_error_reaches_sentry_without_personal_data(make_app, caplog):
    import gzip
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    import brotli
    import sentry_sdk

    received: list[bytes] = []

    class Collector(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            encoding = self.headers.get("Content-Encoding")
            if encoding == "gzip":
                body = gzip.decompress(body)
            elif encoding == "br":
                body = brotli.decompress(body)
            received.append(body)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        app = make_app(
            SENTRY_DSN=f"http://publickey@127.0.0.1:{server.server_port}/1",
            PROPAGATE_EXCEPTIONS=False,  # answer with the error page, as in production
        )

        @app.route("/boom")
        def boom():
            raise RuntimeError("kaboom")

        # Built here, so that the source lines Sentry sends for context do not hold them.
        email, cookie, agent = (
            "-".join(["jo", "private@example.org"]),
            "-".join(["secret", "cookie"]),
            " ".join(["Jo's", "phone"]),
        )
        with caplog.at_level(logging.CRITICAL):
            response = app.test_client().get(
                f"/boom?email={email}",
                headers={"Cookie": f"session={cookie}", "User-Agent": agent},
            )
        sentry_sdk.flush(timeout=5)
    finally:
        sentry_sdk.init(dsn=None)  # the next tests report nowhere
        server.shutdown()

    assert response.status_code == 500
    sent = b"".join(received).decode()
    assert "kaboom" in sent
    assert response.headers["X-Request-ID"] in sent  # the reference links the two
    for private in (email, cookie, agent):
        assert private not in sent
