"""Two hosts started at the same moment both run `db upgrade` (each host's migrations unit runs
before its web server). One migrates; the other waits for it and finds nothing left to do.
Before migrations/env.py took a lock, the second failed (it created a table the first had just
made), and its host's web server did not start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from portal.config import PROJECT_ROOT
from tests.databases import drop_postgres_database, postgres_url
from tests.served import procfile

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


@pytest.fixture
def empty_database():
    name = f"portal_twohost_migrate_{os.getpid()}"
    yield postgres_url(name)
    drop_postgres_database(name)


def test_two_hosts_migrating_at_once_both_succeed_and_migrate_once(empty_database, tmp_path):
    release = procfile(PROJECT_ROOT / "deploy" / "Procfile")["release"]
    environment = {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "PYTHONPATH": str(PROJECT_ROOT),
        "PORTAL_ENV": "production",
        "SECRET_KEY": "a-test-secret-that-is-long-enough-0123456789",
        "PUBLIC_URL": "http://127.0.0.1",
        "DATABASE_URL": empty_database,
        "RATELIMIT_PER_PROCESS": "1",
    }
    hosts = [
        subprocess.Popen(  # noqa: S602 - the Procfile's own line, as a Procfile runner runs it
            release,
            shell=True,
            env={**environment, "INSTANCE_PATH": str(tmp_path / host)},
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for host in ("a", "b")
    ]
    outputs = [host.communicate(timeout=180)[0] for host in hosts]

    assert [host.returncode for host in hosts] == [0, 0], outputs
    ran = sorted(output.count("Running upgrade") for output in outputs)
    assert ran[0] == 0 and ran[1] > 0, outputs  # one host migrated, the other found it done
    engine = create_engine(empty_database)
    with engine.connect() as connection:
        version = connection.scalar(text("SELECT version_num FROM alembic_version"))
    engine.dispose()
    assert version == ScriptDirectory(str(PROJECT_ROOT / "migrations")).get_current_head()
