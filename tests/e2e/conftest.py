"""Browser tests: the portal served for real on 127.0.0.1, driven in Debian's Chromium.

Every page the browser lands on is checked with axe-core and must have no violations.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from werkzeug.serving import make_server

from portal import create_app
from portal.extensions import db
from portal.pledges.catalogue import ensure_catalogue
from portal.search import create_indexes as create_search_indexes
from tests.conftest import make_config

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"


def pytest_collection_modifyitems(items):
    for item in items:
        if "e2e" in item.path.parts:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"Browser tests need Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message + " (REQUIRE_BROWSER=1, so this is an error)", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class LiveServer:
    app: object
    url: str


@pytest.fixture
def live_server(tmp_path, smtp_server):
    """The portal on a SQLite file, served by Werkzeug in a thread, mailing a real SMTP server."""
    _, smtp_port = smtp_server
    config = make_config(
        f"sqlite:///{tmp_path / 'portal.db'}",
        tmp_path / "instance",
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=smtp_port,
    )
    app = create_app(config)
    with app.app_context():
        db.create_all()
        with db.engine.begin() as connection:
            create_search_indexes(connection)  # made by the migrations in a real database
        ensure_catalogue()  # seeded by the migrations in a real database
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    app.config["PUBLIC_URL"] = url
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveServer(app=app, url=url)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        with app.app_context():
            db.engine.dispose()


class CheckedPage:
    """A Playwright page whose every visit is checked by axe-core and for CSP errors."""

    axe = Axe()

    def __init__(self, page, base_url: str, javascript: bool, name: str):
        self.page = page
        self.base_url = base_url
        self.javascript = javascript
        self.name = name
        self.console_errors: list[str] = []
        self.checked: list[str] = []
        page.on("console", self._on_console)
        page.on("response", self._on_response)

    def _on_console(self, message) -> None:
        # A page's own 4xx status (the 404 page, say) is logged too: that one is expected, and
        # failed sub-resources are caught by _on_response instead.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.console_errors.append(message.text)

    def _on_response(self, response) -> None:
        if response.headers.get("x-portal-page") == "error":
            return  # the portal's own error page, answering htmx: shown whole, like a document
        if response.request.resource_type != "document" and response.status >= 400:
            self.console_errors.append(f"{response.status} for {response.url}")

    def goto(self, path: str):
        response = self.page.goto(self.base_url + path)
        self.check()
        return response

    def check(self) -> None:
        """Run axe on the page as it is now; fail with axe's own report if anything is wrong."""
        self.page.wait_for_load_state("load")
        results = self.axe.run(self.page) if self.javascript else self._axe_without_page_scripts()
        self.checked.append(self.page.url)
        assert results.violations_count == 0, results.generate_report()
        assert self.console_errors == [], self.console_errors

    def _axe_without_page_scripts(self):
        # With JavaScript off the page cannot run axe itself, so load the same HTML into a
        # scripts-on page that blocks the portal's own scripts, and check that instead.
        html = self.page.content()
        context = self.page.context.browser.new_context(
            viewport=self.page.viewport_size, base_url=self.base_url
        )
        try:
            twin = context.new_page()
            twin.route("**/*.js", lambda route: route.abort())
            twin.route(
                self.base_url + "/",
                lambda route: route.fulfill(body=html, content_type="text/html"),
            )
            twin.goto(self.base_url + "/")
            return self.axe.run(twin)
        finally:
            context.close()

    def screenshot(self, label: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=SCREENSHOTS / f"{self.name}-{label}.png", full_page=True)


@pytest.fixture
def open_page(browser, live_server, request):
    """Make a checked page at a given width, with JavaScript on or off."""
    contexts = []

    def _open(*, width: int = 1280, javascript: bool = True) -> CheckedPage:
        context = browser.new_context(
            viewport={"width": width, "height": 900}, java_script_enabled=javascript
        )
        contexts.append(context)
        name = f"{request.node.name}-{width}px-{'js' if javascript else 'nojs'}"
        return CheckedPage(context.new_page(), live_server.url, javascript, name)

    yield _open
    for context in contexts:
        context.close()
