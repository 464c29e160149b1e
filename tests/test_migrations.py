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
