"""Is every part the portal needs working? `/readyz` answers from this.

`/healthz` asks only whether this process reaches its database. `/readyz?scope=host`, the load
balancer's check, asks what this host needs to serve: the database, Redis and the storage.
Plain `/readyz`, for monitoring, also asks whether the outbox is keeping up and whether every
scheduled job has run when it should (is the worker running?), so that someone is told before
families notice missing emails or data is kept past its time. The storage's answer is kept for
STORAGE_CHECK_SECONDS in each process, so a load balancer asking every second costs the bucket
one HEAD every few seconds.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

import redis
from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from portal.extensions import db
from portal.jobs.queries import job_statuses
from portal.outbox.queries import backlog
from portal.storage import storage

STORAGE_CHECK_SECONDS = 5


def _database() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return False
    return True


def _redis(url: str) -> bool:
    connection = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    try:
        return bool(connection.ping())
    except redis.RedisError:
        return False
    finally:
        connection.close()


def _storage() -> bool:
    """Whether the file storage answers, asked at most once per STORAGE_CHECK_SECONDS."""
    checked_at, answered = current_app.extensions.get("storage_checked", (None, False))
    if checked_at is None or time.monotonic() - checked_at >= STORAGE_CHECK_SECONDS:
        answered = storage().reachable()
        current_app.extensions["storage_checked"] = (time.monotonic(), answered)
    return answered


def readiness(*, now: datetime, host_only: bool = False) -> tuple[bool, dict]:
    """(whether every part is working, what each part said).

    `host_only` asks only what this host needs to serve a page (the database, Redis, the
    storage): the load balancer's question. The outbox and the jobs are shared by every host,
    so a late email must not take every host out of the pool at once."""
    report: dict = {}
    if not _database():
        report["database"] = "unreachable"
        return False, report  # the outbox lives in the database: nothing more to ask
    report["database"] = "ok"

    url = current_app.config.get("REDIS_URL")
    redis_ok = _redis(url) if url else True
    report["redis"] = ("ok" if redis_ok else "unreachable") if url else "not used"

    storage_ok = _storage()
    report["storage"] = "ok" if storage_ok else "unreachable"
    if host_only:
        return redis_ok and storage_ok, report

    waiting, oldest = backlog(now)
    allowed = timedelta(minutes=current_app.config["OUTBOX_BACKLOG_MINUTES"])
    age = now - oldest if oldest else timedelta(0)
    outbox_ok = age <= allowed
    report["outbox"] = {
        "status": "ok" if outbox_ok else "behind",
        "waiting": waiting,
        "oldest_waiting_minutes": int(age.total_seconds() // 60),
    }

    jobs_ok = True
    report["jobs"] = {}
    for status in job_statuses(now=now, config=current_app.config):
        jobs_ok = jobs_ok and not status.overdue
        last = status.last_success_due_at
        report["jobs"][status.job.name] = {
            "status": "overdue" if status.overdue else "ok",
            "last_successful_run_due_at": last.isoformat() if last else None,
        }
    return redis_ok and storage_ok and outbox_ok and jobs_ok, report
