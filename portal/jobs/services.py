"""Run the jobs that are due, each once per due time however many workers are running.

For each due job a worker takes a lock (PostgreSQL: `pg_try_advisory_xact_lock`; SQLite: an
exclusive `flock` on a file beside the database), checks that no run is recorded for the due
time, and inserts the run's row before it starts. The row is the real guarantee (a unique
(job, due_at) constraint); the lock only spares the second worker a failed insert. A worker that
does not get the lock skips: the other one is dealing with it.

Each job runs in its own transaction, so a failing job is recorded as failed and the next one
still runs. The error recorded is the exception's kind and where it happened, never its message,
which could hold an address or a name (the full traceback goes to the log).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import traceback
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, func, select, text
from sqlalchemy.exc import IntegrityError

from portal.dates import utcnow
from portal.extensions import db
from portal.jobs.models import JobRun, RunOutcome
from portal.jobs.schedule import JOBS, Job, latest_due


@dataclass(frozen=True)
class DueJob:
    job: Job
    due_at: datetime


@dataclass(frozen=True)
class RunReport:
    """What one worker did with one due job: "ok", "failed", or "skipped" (another worker
    holds it, or it has already run for this due time)."""

    job: str
    due_at: datetime
    result: str
    lines: tuple[str, ...] = ()


def due_jobs(*, now: datetime, config: Mapping, jobs: list[Job] | None = None) -> list[DueJob]:
    """The jobs whose latest due time has no run recorded yet."""
    due = []
    for job in JOBS if jobs is None else jobs:
        due_at = latest_due(config[job.schedule_key], now)
        ran = db.session.scalar(
            select(JobRun.id).where(JobRun.job == job.name, JobRun.due_at >= due_at).limit(1)
        )
        if ran is None:
            due.append(DueJob(job, due_at))
    return due


def _advisory_key(name: str) -> int:
    digest = hashlib.sha256(f"portal job {name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextlib.contextmanager
def _file_lock(name: str) -> Iterator[bool]:
    """An exclusive lock on a file beside the SQLite database (every worker on one SQLite
    database shares its folder: by default the instance folder). Yields whether we got it."""
    database = db.engine.url.database
    folder = Path(database).resolve().parent if database else Path(current_app.instance_path)
    path = folder / f".job-{name}.lock"
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _claim(due: DueJob, now: datetime) -> JobRun | None:
    """Record that this worker is running the job for its due time, or None if another worker
    is running it or has run it. Commits (which ends a PostgreSQL advisory lock)."""
    name = due.job.name
    postgres = db.engine.dialect.name == "postgresql"
    with contextlib.ExitStack() as stack:
        if postgres:
            locked = db.session.scalar(
                text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": _advisory_key(name)}
            )
        else:
            locked = stack.enter_context(_file_lock(name))
        if not locked:
            db.session.rollback()
            return None
        exists = db.session.scalar(
            select(JobRun.id).where(JobRun.job == name, JobRun.due_at >= due.due_at).limit(1)
        )
        if exists is not None:
            db.session.rollback()
            return None
        run = JobRun(job=name, due_at=due.due_at, started_at=now, outcome=RunOutcome.RUNNING)
        db.session.add(run)
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            return None
    return run


def _where(error: BaseException) -> str:
    """The exception's kind and where it happened: the last line of the portal's own code it
    passed through (not this module's), else the line that raised it."""
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if not frame.filename.endswith("portal/jobs/services.py")
    ]
    ours = [frame for frame in frames if "/portal/" in frame.filename] or frames
    if not ours:
        return type(error).__name__
    frame = ours[-1]
    path = frame.filename
    path = path[path.rfind("/portal/") + 1 :] if "/portal/" in path else Path(path).name
    return f"{type(error).__name__} in {path}, line {frame.lineno}"


def run_job(due: DueJob, *, now: datetime, config: Mapping) -> RunReport:
    """Run one due job if no other worker has it, and record how it went. Commits."""
    run = _claim(due, now)
    if run is None:
        return RunReport(due.job.name, due.due_at, "skipped")
    run_id = run.id
    try:
        lines = due.job.run(now, config)
        db.session.commit()
    except Exception as error:  # any failure is recorded; the other jobs still run
        db.session.rollback()
        current_app.logger.exception("Scheduled job %s failed", due.job.name)
        run = db.session.get(JobRun, run_id)
        run.outcome = RunOutcome.FAILED
        run.error = _where(error)[:500]
        run.finished_at = utcnow()
        db.session.commit()
        return RunReport(due.job.name, due.due_at, "failed", (run.error,))
    run = db.session.get(JobRun, run_id)
    run.outcome = RunOutcome.OK
    run.summary = "\n".join(lines)
    run.finished_at = utcnow()
    db.session.commit()
    return RunReport(due.job.name, due.due_at, "ok", tuple(lines))


def run_due_jobs(
    *, now: datetime, config: Mapping | None = None, jobs: list[Job] | None = None
) -> list[RunReport]:
    """Run every job that is due at `now`, each at most once per due time across all workers.

    A job that raises is recorded as failed and the others still run. Commits after each job.
    Raises only what the database raises while recording (it is unreachable, say).
    """
    config = current_app.config if config is None else config
    return [
        run_job(due, now=now, config=config) for due in due_jobs(now=now, config=config, jobs=jobs)
    ]


# How long the record of each run is kept: the staff console shows the latest, and a worker that
# runs every five minutes would otherwise add a hundred thousand rows a year.
JOB_RUNS_KEPT_DAYS = 90


def prune_job_runs(*, now: datetime, keep_days: int = JOB_RUNS_KEPT_DAYS) -> int:
    """Delete runs that started more than `keep_days` ago, but never a job's latest run or its
    latest successful one (whether a job is overdue is read from that). Returns how many."""
    latest = select(func.max(JobRun.id)).group_by(JobRun.job)
    latest_ok = latest.where(JobRun.outcome == RunOutcome.OK)
    result = db.session.execute(
        delete(JobRun).where(
            JobRun.started_at < now - timedelta(days=keep_days),
            JobRun.id.not_in(latest),
            JobRun.id.not_in(latest_ok),
        )
    )
    return result.rowcount
