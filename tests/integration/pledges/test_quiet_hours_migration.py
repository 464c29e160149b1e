"""The migration to several quiet hours keeps each pledge's one quiet hour, and leaves each
business one open pledge, on SQLite and PostgreSQL."""

import os
from datetime import time

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from portal import create_app
from portal.extensions import db
from tests.conftest import make_config
from tests.databases import drop_postgres_database, postgres_url

BEFORE = "53650b3197c1"
AFTER = "2dc36755e12d"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_before(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'before.db'}"
    else:
        name = f"portal_quiet_hours_migration_{os.getpid()}"
        url = postgres_url(name)
    app = create_app(make_config(url, tmp_path))
    with app.app_context():
        upgrade(revision=BEFORE)
        yield app
        db.session.remove()
        db.engine.dispose()
    if request.param == "postgresql":
        drop_postgres_database(name)


def _pledge(connection, business_id, status, day="", start="", end=""):
    return connection.execute(
        text(
            "INSERT INTO pledges (business_id, status, quiet_hour_day, quiet_hour_start, "
            "quiet_hour_end, signatory_name, signatory_role, created_at, staff_message, "
            "business_reply) VALUES (:b, :s, :d, :st, :e, '', '', '2026-01-01', '', '') "
            "RETURNING id"
        ),
        {"b": business_id, "s": status, "d": day, "st": start, "e": end},
    ).scalar_one()


def test_each_quiet_hour_becomes_a_row_and_each_business_keeps_one_open_pledge(database_before):
    with db.engine.begin() as connection:
        for business_id in (1, 2):
            connection.execute(
                text(
                    "INSERT INTO businesses (id, slug, name, address, postcode, "
                    "postcode_district, sector, website, description, opening_hours, "
                    "created_at) VALUES (:id, :slug, 'Shop', '1 High St', 'BR1 1AA', 'BR1', "
                    "'Café', '', '', '', '2026-01-01')"
                ),
                {"id": business_id, "slug": f"shop-{business_id}"},
            )
        typed = _pledge(connection, 1, "approved", "Tuesday", "9:00", "10:30am")
        unreadable = _pledge(connection, 1, "replaced", "Friday", "soon", "later")
        old_draft = _pledge(connection, 2, "draft", "Monday", "9am", "10am")
        old_sent = _pledge(connection, 2, "submitted")
        newest = _pledge(connection, 2, "draft", "Saturday", "8am", "9am")

    upgrade(revision=AFTER)

    with db.engine.connect() as connection:
        hours = connection.execute(
            text("SELECT pledge_id, weekday, starts_at, ends_at FROM quiet_hours ORDER BY id")
        ).all()
        statuses = dict(connection.execute(text("SELECT id, status FROM pledges")).all())
    as_times = [
        (p, d, *(time.fromisoformat(t) if isinstance(t, str) else t for t in (s, e)))
        for p, d, s, e in hours
    ]
    assert as_times == [(typed, 1, time(9), time(10, 30)), (newest, 5, time(8), time(9))]
    assert unreadable in statuses  # the pledge stays; only its unreadable quiet hour is lost
    assert old_draft not in statuses
    assert statuses[old_sent] == "declined" and statuses[newest] == "draft"

    downgrade(revision=BEFORE)
    with db.engine.connect() as connection:
        back = connection.execute(
            text(
                "SELECT quiet_hour_day, quiet_hour_start, quiet_hour_end "
                "FROM pledges WHERE id = :id"
            ),
            {"id": typed},
        ).one()
    assert tuple(back) == ("Tuesday", "9am", "10:30am")
