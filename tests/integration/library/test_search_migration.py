"""The migration that changed the library's search index indexes the items already there."""

import os

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from portal import create_app
from portal.extensions import db
from portal.library.queries import LibraryFilters, library_page
from tests.conftest import make_config
from tests.databases import drop_postgres_database, postgres_url

BEFORE = "53650b3197c1"  # the last revision with the old index


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_database(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'search-migration.db'}"
        return
    name = f"portal_search_migration_test_{os.getpid()}"
    yield postgres_url(name)
    drop_postgres_database(name)


def test_upgrading_indexes_existing_items_by_kind_and_format(empty_database, tmp_path):
    app = create_app(make_config(empty_database, tmp_path))
    with app.app_context():
        upgrade(revision=BEFORE)
        db.session.execute(
            text(
                "INSERT INTO library_items (id, slug, kind, title, summary, body, transcript, "
                "audience, age_band, topics, language, credits, status, archived_note, "
                "published_at, review_note, views, downloads, created_at) VALUES (1, 'shops', "
                "'film', 'A day at the shops', 'A busy shop.', '', 'Beeping tills.', '', '', "
                "'', 'English', '', 'published', '', '2026-11-01 10:00:00', '', 0, 0, "
                "'2026-11-01 10:00:00')"
            )
        )
        db.session.execute(
            text(
                "INSERT INTO library_files (item_id, role, format_label, language, filename, "
                "original_name, mimetype, size, created_at) VALUES (1, 'alternative', "
                "'Easy read', 'English', 'x.pdf', 'x.pdf', 'application/pdf', 1, "
                "'2026-11-01 10:00:00')"
            )
        )
        db.session.commit()
        upgrade()
        found = {
            query: [item.title for item in library_page(LibraryFilters(q=query)).items]
            for query in ("the film", "video", "easy read", "beeping")
        }
        db.session.remove()
        db.engine.dispose()
    assert found == {query: ["A day at the shops"] for query in found}
