"""The database connection killed during a booking, on PostgreSQL: a real fault, not a mock.

A second connection ends the booking request's server process with `pg_terminate_backend`,
either at the moment of the booking's guarded UPDATE or between two requests (the pooled
connection dies while it waits). The family always sees a page saying nothing was booked, with
their answers kept; nothing is half booked; and the next request works.
"""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import func, make_url, select

from portal.events.models import Booking, BookingDraft, Event
from portal.extensions import db
from portal.outbox.models import OutboxMessage
from tests.databases import postgres_admin_url
from tests.factories import DEFAULT_PASSWORD, make_event

GUARDED_UPDATE = "UPDATE events SET places_booked="


@pytest.fixture
def postgres(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a server process to kill: PostgreSQL only (SQLite has no connection)")
    return make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database


def _terminate(where: str, *args) -> list[int]:
    """End the server processes `where` picks, from a separate connection; wait till gone."""
    url = make_url(postgres_admin_url()).set(drivername="postgresql")
    with psycopg.connect(url.render_as_string(hide_password=False), autocommit=True) as killer:
        rows = killer.execute(
            "SELECT pid, pg_terminate_backend(pid, 5000) FROM pg_stat_activity "  # noqa: S608
            f"WHERE pid <> pg_backend_pid() AND {where}",
            args,
        ).fetchall()
    assert all(ended for _, ended in rows), rows
    return [pid for pid, _ in rows]


def _terminate_idle_connections(database: str) -> list[int]:
    """Kill every pooled connection to the test database (the test's own is checked in)."""
    db.session.close()
    return _terminate("datname = %s", database)


class KillAt:
    """Kill the connection running the first statement that starts with `prefix` ("" for the
    very first statement), just before it is sent."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.killed: list[int] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        if not self.killed and statement.startswith(self.prefix):
            pid = cursor.connection.info.backend_pid
            self.killed = _terminate("pid = %s", pid)


@pytest.fixture
def kill_at(app):
    hooks = []

    def _arm(prefix: str, target_app=None) -> KillAt:
        hook = KillAt(prefix)
        with (target_app or app).app_context():
            engine = db.engine
        sa_event.listen(engine, "before_cursor_execute", hook)
        hooks.append((engine, hook))
        return hook

    yield _arm
    for engine, hook in hooks:
        sa_event.remove(engine, "before_cursor_execute", hook)


def _sign_in_and_answer(client, email: str, event_id: int) -> str:
    client.post_form("/login", {"email": email, "password": DEFAULT_PASSWORD})
    who = {"adults": 2, "children": 1, "children_ages": "7", "carer": "no"}
    assert client.post_form(f"/events/{event_id}/book/who", who).status_code == 302
    assert client.post_form(f"/events/{event_id}/book/needs", {}).status_code == 302
    return client.csrf_token()


def _nothing_booked(event_id: int) -> None:
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Booking)) == 0
    assert db.session.get(Event, event_id).places_booked == 0
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
    # The answers are kept for the next try.
    assert db.session.scalar(select(func.count()).select_from(BookingDraft)) == 1


def test_a_connection_killed_at_the_booking_books_nothing_and_keeps_the_answers(
    postgres, client, member, kill_at
):
    event = make_event(capacity=5)
    event_id = event.id
    token = _sign_in_and_answer(client, member.email, event_id)

    hook = kill_at(GUARDED_UPDATE)
    response = client.post(
        f"/events/{event_id}/book/check", data={"csrf_token": token, "choice": "book"}
    )

    assert hook.killed, "the booking's UPDATE never ran, so nothing was killed"
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Nothing has been booked yet" in page
    assert "2 adults, 1 child (age 7) (3 places)" in page  # the answers, ready to try again
    assert "Traceback" not in page
    _nothing_booked(event_id)

    again = client.post_form(f"/events/{event_id}/book/check", {"choice": "book"})
    assert again.status_code == 302
    assert db.session.get(Event, event_id).places_booked == 3


def test_a_pooled_connection_killed_between_requests_is_replaced_by_pre_ping(
    postgres, client, member
):
    event = make_event(capacity=5)
    event_id = event.id
    _sign_in_and_answer(client, member.email, event_id)

    assert _terminate_idle_connections(postgres), "no pooled connection to kill"
    response = client.post_form(f"/events/{event_id}/book/check", {"choice": "book"})

    assert response.status_code == 302
    assert db.session.get(Event, event_id).places_booked == 3


def test_when_the_first_query_of_the_booking_fails_nothing_is_booked_and_it_says_so(
    postgres, client, member, kill_at
):
    # The connection dies after the pool checked it (a restart between the ping and the
    # query): the first query, loading who is signed in, fails before the booking starts.
    event = make_event(capacity=5)
    event_id = event.id
    token = _sign_in_and_answer(client, member.email, event_id)
    db.session.close()

    hook = kill_at("")
    response = client.post(
        f"/events/{event_id}/book/check", data={"csrf_token": token, "choice": "book"}
    )

    assert hook.killed
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert "Nothing has been booked" in page
    assert "Your answers are kept" in page
    assert f'href="/events/{event_id}/book/check"' in page  # try again, answers and all
    assert "Traceback" not in page
    _nothing_booked(event_id)

    check = client.get(f"/events/{event_id}/book/check")
    assert check.status_code == 200
    assert "2 adults, 1 child (age 7) (3 places)" in check.get_data(as_text=True)
    assert client.post_form(f"/events/{event_id}/book/check", {"choice": "book"}).status_code == 302


@pytest.fixture
def no_ping_client(postgres, make_app):
    """A client of a portal whose pool hands out connections without checking them first."""
    return make_app(SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": False}).test_client()


def test_without_pre_ping_a_connection_killed_between_requests_books_nothing_and_says_so(
    postgres, no_ping_client, member
):
    # The dead pooled connection is only found by the request's first query.
    client = no_ping_client
    event_id = make_event(capacity=5).id
    token = _sign_in_and_answer(client, member.email, event_id)

    assert _terminate_idle_connections(postgres)
    response = client.post(
        f"/events/{event_id}/book/check", data={"csrf_token": token, "choice": "book"}
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Nothing has been booked" in page and "Your answers are kept" in page
    assert "Traceback" not in page
    _nothing_booked(event_id)
    assert client.post_form(f"/events/{event_id}/book/check", {"choice": "book"}).status_code == 302


def test_without_pre_ping_any_page_whose_connection_died_says_try_again_not_500(
    postgres, no_ping_client, member
):
    client = no_ping_client
    client.post_form("/login", {"email": member.email, "password": DEFAULT_PASSWORD})
    assert client.get("/account").status_code == 200

    assert _terminate_idle_connections(postgres)
    response = client.get("/account?tab=bookings")

    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Sorry, the service is busy" in page
    assert 'href="/account?tab=bookings">Try again' in page
    assert "Sign out" not in page  # drawn without the database: who is signed in is unknown
    assert "Traceback" not in page
    assert client.get("/account").status_code == 200
