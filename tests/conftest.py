"""Fixtures: an app on a fresh database (SQLite, then PostgreSQL), a client that sends CSRF
tokens the way a browser does, factories for people, and a real SMTP server."""

from __future__ import annotations

import os
import re
import socket
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller
from flask import has_app_context
from flask.testing import FlaskClient
from hypothesis import settings

from portal import create_app
from portal.config import from_environment
from portal.extensions import db
from portal.pledges.catalogue import ensure_catalogue
from portal.search import create_indexes as create_search_indexes
from tests.databases import drop_postgres_database, empty_all_tables, postgres_url
from tests.factories import make_user
from tests.s3 import new_bucket, s3_endpoint, s3_settings  # noqa: F401 - fixtures
from tests.two_step import fresh_code

# Property-based tests stay bounded: each runs in well under a minute per database. Set
# HYPOTHESIS_PROFILE=thorough to look harder (before a release, or after changing a rule).
# No example database: a failure prints the steps that reproduce it.
settings.register_profile(
    "portal", max_examples=30, stateful_step_count=20, deadline=None, database=None
)
settings.register_profile(
    "thorough", max_examples=300, stateful_step_count=40, deadline=None, database=None
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "portal"))

CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def make_config(database_url: str, instance_path, **overrides) -> dict:
    """The configuration a developer's environment would give, plus test speed-ups."""
    config = from_environment(
        {"PORTAL_ENV": "development", "SECRET_KEY": "test-secret", "DATABASE_URL": database_url},
        instance_path=instance_path,
    )
    config.update(
        TESTING=True,
        # argon2's cheapest settings: the algorithm is the same, the tests stay quick.
        ARGON2_TIME_COST=1,
        ARGON2_MEMORY_COST=8,
        ARGON2_PARALLELISM=1,
    )
    config.update(overrides)
    return config


class PortalClient(FlaskClient):
    """A test client that fills in the CSRF token from the page, as a browser form would.

    Each request runs in its own app context, as in production: otherwise `g` (the CSRF token,
    the signed-in user, the CSP nonce) would leak from one request to the next through the
    context the `app` fixture holds open for the test.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        # The test's own session must not answer from objects the request has since changed.
        if has_app_context():
            db.session.expire_all()
        return response

    def csrf_token(self) -> str:
        page = self.get("/privacy").get_data(as_text=True)
        return CSRF_META.search(page).group(1)

    def post_form(self, url: str, data: dict | None = None, **kwargs):
        data = {"csrf_token": self.csrf_token(), **(data or {})}
        return self.post(url, data=data, **kwargs)


@pytest.fixture(
    scope="session",
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def database_url(request, tmp_path_factory, _schema_made):
    # pytest may tear this fixture down and set it up again between tests (it does when test
    # files run in another order, as under pytest-xdist): a database made again is empty.
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'portal.db'}"
        return
    url = postgres_url()
    _schema_made.discard(url)
    yield url
    if not os.environ.get("TEST_DATABASE_URL"):
        from sqlalchemy import make_url

        drop_postgres_database(make_url(url).database)


@pytest.fixture(scope="session")
def _schema_made() -> set[str]:
    return set()


@pytest.fixture
def app_config(database_url, tmp_path) -> dict:
    """Overrides for one test; change it before the `app` fixture is first used."""
    return make_config(database_url, tmp_path / "instance")


@pytest.fixture
def app(app_config, database_url, _schema_made):
    app = create_app(app_config)
    app.test_client_class = PortalClient
    with app.app_context():
        if database_url not in _schema_made:
            db.drop_all()
            db.create_all()
            with db.engine.begin() as connection:
                create_search_indexes(connection)
            _schema_made.add(database_url)
        # What the migrations seed: the pledge commitments catalogue.
        ensure_catalogue()
        db.session.commit()
        yield app
        db.session.rollback()
        empty_all_tables()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def make_app(database_url, tmp_path):
    """Make extra apps on the test database (a second worker, production settings...)."""
    apps = []

    def _make(**overrides):
        config = make_config(database_url, tmp_path / f"instance-{len(apps)}", **overrides)
        extra = create_app(config)
        extra.test_client_class = PortalClient
        apps.append(extra)
        return extra

    yield _make
    for extra in apps:
        with extra.app_context():
            db.engine.dispose()


@pytest.fixture
def client(app) -> PortalClient:
    return app.test_client()


@dataclass
class Auth:
    client: PortalClient

    def login(
        self, email: str, password: str = "correct horse battery", *, code: bool = True, **extra
    ):
        """Sign in; when the portal asks for a code (staff), type the app's code unless
        `code=False`. Returns the last response."""
        response = self.client.post_form("/login", {"email": email, "password": password, **extra})
        if code and response.headers.get("Location") == "/login/code":
            response = self.enter_code(email)
        return response

    def enter_code(self, email: str, code: str | None = None):
        """Type a code (by default a fresh one from the person's app) after the password."""
        if code is None:
            with self.client.application.app_context():  # tests may hold none open
                code = fresh_code(email)
        return self.client.post_form("/login/code", {"code": code})

    def logout(self):
        return self.client.post_form("/logout")


@pytest.fixture
def auth(client) -> Auth:
    return Auth(client)


@pytest.fixture
def member(app):
    return make_user(email="parent@example.org", role="member")


@pytest.fixture
def staff_user(app):
    return make_user(email="staff@example.org", role="staff", full_name="Sam Staff")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Inbox:
    """What a real local SMTP server received."""

    messages: list = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server():
    """An aiosmtpd server on 127.0.0.1; yields (inbox, port)."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()
