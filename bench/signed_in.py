"""Pages for signed-in people, in-process: server time p50 and SQL statements per page.

    DATABASE_URL=... .venv/bin/python bench/signed_in.py [--requests 40]

Signed-in pages are never kept by the page cache, so each request renders. The pages: the
account of the family with the most bookings, that family's next booking, the staff dashboard,
and the register of the session with the most bookings. Each is requested a few times first
(templates compile, the pool fills), then timed with `time.perf_counter` around the test
client's request: the server's own time, without a network or gunicorn. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import secrets
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import event, func, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's portal

from portal import create_app
from portal.accounts.models import User
from portal.demo.scale.common import STAFF_EMAIL
from portal.events.models import Booking, BookingStatus, Event
from portal.extensions import db

WARM_UP = 5


def sign_in(client, user: User, base: str) -> None:
    """What `sign_in_now` leaves in the session cookie (staff have typed their code)."""
    with client.session_transaction(base_url=base) as session:
        session.clear()
        session["_user_id"] = user.session_token
        session["_fresh"] = True
        session["password_confirmed_at"] = time.time()


def pages(now) -> tuple[dict[str, str], User, User]:
    """The pages to measure, with the family and the member of staff who see them."""
    family_id = db.session.scalar(
        select(Booking.user_id)
        .group_by(Booking.user_id)
        .order_by(func.count(Booking.id).desc(), Booking.user_id)
        .limit(1)
    )
    family = db.session.get(User, family_id)
    reference = db.session.scalar(
        select(Booking.reference)
        .join(Event)
        .where(Booking.user_id == family_id, Booking.status == BookingStatus.CONFIRMED)
        .order_by((Event.starts_at > now).desc(), Event.starts_at)
        .limit(1)
    )
    busiest = db.session.scalar(
        select(Booking.event_id)
        .group_by(Booking.event_id)
        .order_by(func.count(Booking.id).desc(), Booking.event_id)
        .limit(1)
    )
    staff = db.session.scalar(select(User).where(User.email == STAFF_EMAIL))
    return (
        {
            "account": "/account",
            "a booking": f"/bookings/{reference}",
            "staff dashboard": "/staff",
            "a session's register": f"/staff/sessions/{busiest}/register",
        },
        family,
        staff,
    )


def measure(app, requests: int) -> dict[str, dict]:
    from portal.dates import utcnow

    with app.app_context():
        paths, family, staff = pages(utcnow())
        engine = db.engine
    base = app.config["PUBLIC_URL"]
    family_client, staff_client = app.test_client(), app.test_client()
    sign_in(family_client, family, base)
    sign_in(staff_client, staff, base)
    results = {}
    for name, path in paths.items():
        client = staff_client if path.startswith("/staff") else family_client
        for _ in range(WARM_UP):
            response = client.get(path, base_url=base)
            assert response.status_code == 200, (path, response.status_code)
        statements: list[str] = []

        def record(conn, cursor, statement, *args, sink=statements):
            sink.append(statement)

        event.listen(engine, "before_cursor_execute", record)
        client.get(path, base_url=base)
        event.remove(engine, "before_cursor_execute", record)
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(path, base_url=base)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        results[name] = {
            "path": path,
            "queries": len(statements),
            "p50_ms": statistics.median(times),
            "p90_ms": statistics.quantiles(times, n=10)[-1],
        }
    return results


def signed_in_families(app, count: int, prefix: str) -> dict:
    """`count` new families, each with the session cookie that signing in would give them, so
    a burst of bookings needs no password checks first (each costs tens of ms by design).
    Every family shares one password hash: made once, as hashing is slow on purpose."""
    from portal.accounts.passwords import hash_password

    with app.app_context():
        password_hash = hash_password(secrets.token_urlsafe(16))
        users = [
            User(
                email=f"{prefix}-{n}@example.org",
                full_name=f"Burst Family {n}",
                password_hash=password_hash,
                email_confirmed_at=datetime.now(UTC),
            )
            for n in range(count)
        ]
        db.session.add_all(users)
        db.session.commit()
        tokens = [user.session_token for user in users]
    serializer = app.session_interface.get_signing_serializer(app)
    stamp = time.time()
    return {
        "cookie_name": app.config["SESSION_COOKIE_NAME"],
        "cookies": [
            serializer.dumps({"_user_id": token, "_fresh": True, "password_confirmed_at": stamp})
            for token in tokens
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--families", type=int, help="only make this many signed-in families")
    parser.add_argument("--prefix", default="burst")
    args = parser.parse_args()
    app = create_app()
    if args.families:
        print(json.dumps(signed_in_families(app, args.families, args.prefix)))
    else:
        print(json.dumps(measure(app, args.requests)))


if __name__ == "__main__":
    main()
