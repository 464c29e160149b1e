"""The deployment files work together: nginx with the site in deploy/nginx/ (TLS, the proxy
headers), the web server and the worker started by deploy/Procfile's own commands, on
PostgreSQL and Redis. A parent books a session in Chromium through nginx, and the worker (not
the web server) delivers the confirmation to a local SMTP server."""

from __future__ import annotations

import os
import re
import shutil
import ssl
import sys
import time
import urllib.request
from email import message_from_bytes, policy
from pathlib import Path

import pytest
import redis
import trustme

from portal import create_app
from portal.config import PROJECT_ROOT
from portal.extensions import db
from tests.conftest import make_config
from tests.databases import drop_postgres_database, postgres_url
from tests.factories import make_event, make_user
from tests.served import free_port, procfile, start, wait_until_answering

pytestmark = pytest.mark.slow

DEPLOY = PROJECT_ROOT / "deploy"
REDIS_URL = "redis://127.0.0.1:6379/0"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def _require(what: str, present: bool, flag: str) -> None:
    if present:
        return
    message = f"The deployment smoke test needs {what}"
    if os.environ.get(flag) == "1":
        pytest.fail(f"{message} ({flag}=1, so this is an error)", pytrace=False)
    pytest.skip(message)


def _nginx_config(folder: Path, *, https_port: int, http_port: int, web_port: int) -> Path:
    """deploy/nginx/bromley-portal.conf with this machine's ports and a test certificate,
    inside the smallest nginx.conf that runs it in the foreground."""
    authority = trustme.CA()
    certificate = authority.issue_cert("127.0.0.1")
    certificate.private_key_and_cert_chain_pem.write_to_path(str(folder / "portal.pem"))
    site = (DEPLOY / "nginx" / "bromley-portal.conf").read_text()
    site = re.sub(r"^\s*listen \[::\].*\n", "", site, flags=re.MULTILINE)  # no IPv6 here
    for before, after in {
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{web_port};",
        "server_name portal.example.org;": "server_name 127.0.0.1;",
        "/etc/letsencrypt/live/portal.example.org/fullchain.pem": str(folder / "portal.pem"),
        "/etc/letsencrypt/live/portal.example.org/privkey.pem": str(folder / "portal.pem"),
        "/var/log/nginx/bromley-portal.access.log": str(folder / "access.log"),
    }.items():
        assert before in site, f"deploy/nginx/bromley-portal.conf no longer has {before!r}"
        site = site.replace(before, after)
    (folder / "site.conf").write_text(site)
    temp = {name: folder / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    main = folder / "nginx.conf"
    main.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"daemon off;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'} warn;\n"
        + "worker_processes 1;\nevents {}\nhttp {\n"
        + "".join(f"  {name}_temp_path {path};\n" for name, path in temp.items()).replace(
            "body_temp", "client_body_temp"
        )
        + f"  include {folder / 'site.conf'};\n}}\n"
    )
    return main


@pytest.fixture
def postgres_database():
    name = f"portal_smoke_{os.getpid()}"
    url = postgres_url(name)
    yield url
    drop_postgres_database(name)


def test_a_booking_through_nginx_is_confirmed_by_the_worker(
    browser, smtp_server, postgres_database, tmp_path
):
    _require(
        f"nginx at {NGINX} (apt-get install nginx-light)", Path(NGINX).exists(), "REQUIRE_NGINX"
    )
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
        redis_up = True
    except redis.RedisError:
        redis_up = False
    _require(f"Redis at {REDIS_URL}", redis_up, "REQUIRE_REDIS")

    inbox, smtp_port = smtp_server
    web_port, https_port, http_port = free_port(), free_port(), free_port()
    public_url = f"https://127.0.0.1:{https_port}"
    commands = procfile(DEPLOY / "Procfile")
    assert set(commands) == {"release", "web", "worker"}

    environment = {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "PORTAL_ENV": "production",
        "SECRET_KEY": "a-test-secret-that-is-long-enough-0123456789",
        "PUBLIC_URL": public_url,
        "DATABASE_URL": postgres_database,
        "REDIS_URL": REDIS_URL,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp_port),
        "PROXY_FIX_X_FOR": "1",
        "PROXY_FIX_X_PROTO": "1",
        "PORT": str(web_port),
        "WORKER_INTERVAL_SECONDS": "1",
    }
    release = start("release", commands["release"], env=environment, cwd=tmp_path, logs=tmp_path)
    assert release.process.wait(timeout=120) == 0, release.output()

    app = create_app(make_config(postgres_database, tmp_path / "setup"))
    with app.app_context():
        try:
            make_user(email="priya@example.org", full_name="Priya Shah")
            event = make_event(capacity=10, title="Through their eyes")
            db.session.commit()
            event_id = event.id
        finally:
            db.session.remove()
            db.engine.dispose()

    nginx_config = _nginx_config(
        tmp_path, https_port=https_port, http_port=http_port, web_port=web_port
    )
    served = [
        start("web", commands["web"], env=environment, cwd=tmp_path, logs=tmp_path),
        start("worker", commands["worker"], env=environment, cwd=tmp_path, logs=tmp_path),
        start("nginx", [NGINX, "-c", str(nginx_config)], env={}, cwd=tmp_path, logs=tmp_path),
    ]
    web, worker, nginx = served
    insecure = ssl.create_default_context()
    insecure.check_hostname = False
    insecure.verify_mode = ssl.CERT_NONE
    try:
        wait_until_answering(web, f"http://127.0.0.1:{web_port}/healthz")
        wait_until_answering(nginx, f"{public_url}/healthz", context=insecure)

        # Plain HTTP is sent to HTTPS; the fingerprinted files are kept for a year.
        plain = urllib.request.Request(f"http://127.0.0.1:{http_port}/events")
        with pytest.raises(urllib.error.HTTPError) as moved:
            urllib.request.build_opener(NoRedirect).open(plain)
        assert moved.value.code == 301
        assert moved.value.headers["Location"] == "https://127.0.0.1/events"

        context = browser.new_context(
            ignore_https_errors=True, viewport={"width": 390, "height": 844}
        )
        page = context.new_page()
        page.goto(f"{public_url}/login")
        page.get_by_label("Email address").fill("priya@example.org")
        page.get_by_label("Password", exact=True).fill("correct horse battery")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: not url.endswith("/login"))
        assert page.get_by_role("button", name="Sign out").count() == 1, page.content()

        response = page.goto(f"{public_url}/events/{event_id}")
        assert response.ok
        # Signed-in pages are never compressed (BREACH), by the portal or by nginx.
        assert "content-encoding" not in response.headers
        assert re.fullmatch(r"[0-9a-f]{32}", response.headers["x-request-id"])
        stylesheet = page.locator("link[rel=stylesheet]").get_attribute("href")
        asset = context.request.get(f"{public_url}{stylesheet}", headers={"Accept-Encoding": "br"})
        assert "immutable" in asset.headers["cache-control"]
        assert "max-age=31536000" in asset.headers["cache-control"]

        page.get_by_role("button", name="Book a place").click()
        page.get_by_label("How many adults are coming?").fill("1")
        page.get_by_label("How many children or young people are coming?").fill("1")
        page.get_by_label("No", exact=True).check()
        page.get_by_role("button", name="Continue").click()
        page.get_by_role("heading", name="What would help on the day?").wait_for()
        page.get_by_role("button", name="Continue").click()
        page.get_by_role("button", name="Confirm booking").click()
        page.get_by_role("heading", name="Booking confirmed").wait_for()
        context.close()

        deadline = time.monotonic() + 60
        while not inbox.messages and time.monotonic() < deadline:
            assert worker.process.poll() is None, worker.output()
            time.sleep(0.25)
        assert inbox.messages, f"the worker delivered nothing:\n{worker.output()}"
        message = message_from_bytes(inbox.messages[0].content, policy=policy.default)
        assert message["To"] == "priya@example.org"
        assert "Through their eyes" in message.get_body(preferencelist=("plain",)).get_content()
        assert public_url in message.get_body(preferencelist=("plain",)).get_content()
    finally:
        for process in served:
            process.stop()
    assert '"request_id"' in web.output()  # JSON lines in production


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
