"""Migrations: one head, an empty database upgrades to it, and the models match it."""

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import upgrade
from sqlalchemy import inspect

from portal import create_app
from portal.config import PROJECT_ROOT
from portal.extensions import db, include_in_migrations, render_migration_item
from tests.conftest import make_config
from tests.databases import drop_postgres_database, postgres_url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_database(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    name = f"portal_migrations_test_{os.getpid()}"
    yield postgres_url(name)
    drop_postgres_database(name)


def test_there_is_one_head():
    scripts = ScriptDirectory(str(PROJECT_ROOT / "migrations"))
    assert len(scripts.get_heads()) == 1


def test_an_empty_database_upgrades_to_head_and_matches_the_models(empty_database, tmp_path):
    app = create_app(make_config(empty_database, tmp_path))
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            context = MigrationContext.configure(
                connection,
                opts={
                    "compare_type": True,
                    "render_item": render_migration_item,
                    "include_object": include_in_migrations,
                },
            )
            differences = compare_metadata(context, db.metadata)
        db.engine.dispose()
    assert {"users", "outbox_messages", "alembic_version"} <= tables
    assert differences == []


SEED_A_PLEDGE_WITH_A_COMMITMENT = [
    "INSERT INTO businesses (id, slug, name, address, postcode, postcode_district, sector,"
    " website, description, opening_hours, created_at) VALUES (1, 'corner-shop', 'Corner shop',"
    " '1 High Street', 'BR1 1AA', 'BR1', 'Shop', '', '', '', '2026-11-01 10:00:00')",
    "INSERT INTO pledges (id, business_id, status, quiet_hour_day, quiet_hour_start,"
    " quiet_hour_end, signatory_name, signatory_role, created_at, staff_message, business_reply)"
    " VALUES (1, 1, 'draft', 'Tuesday', '09:00', '10:00', 'Sam', 'Owner',"
    " '2026-11-01 10:00:00', '', '')",
    "INSERT INTO pledge_commitments (pledge_id, commitment_id)"
    " SELECT 1, id FROM commitments ORDER BY id LIMIT 1",
]


def test_upgrading_sqlite_keeps_the_rows_that_refer_to_a_rebuilt_table(tmp_path):
    """Batch mode rebuilds a SQLite table by copying it and dropping the old one. With foreign
    keys on, the drop would delete every row that refers to it (a pledge's commitments here,
    when the quiet-hour migration rebuilds `pledges`): migrations/env.py turns them off."""
    from flask_migrate import downgrade
    from sqlalchemy import text

    app = create_app(make_config(f"sqlite:///{tmp_path / 'portal.db'}", tmp_path))
    with app.app_context():
        upgrade(revision="e735ad419653")
        downgrade(revision="-1")  # just before the migration that rebuilds `pledges`
        with db.engine.begin() as connection:
            for statement in SEED_A_PLEDGE_WITH_A_COMMITMENT:
                connection.execute(text(statement))
        upgrade()
        with db.engine.connect() as connection:
            kept = connection.execute(text("SELECT count(*) FROM pledge_commitments")).scalar()
            enforced = connection.execute(text("PRAGMA foreign_keys")).scalar()
        db.engine.dispose()
    assert kept == 1
    assert enforced == 1  # the app's connections still check references
