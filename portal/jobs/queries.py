"""How each scheduled job is doing: for the staff dashboard and `/readyz`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from portal.extensions import db
from portal.jobs.models import JobRun, RunOutcome
from portal.jobs.schedule import JOBS, Job, latest_due, next_due


@dataclass(frozen=True)
class JobStatus:
    job: Job
    last_run: JobRun | None
    last_success_due_at: datetime | None
    next_due_at: datetime
    overdue: bool

    @property
    def failed(self) -> bool:
        return self.last_run is not None and self.last_run.outcome == RunOutcome.FAILED


def job_statuses(*, now: datetime, config: Mapping) -> list[JobStatus]:
    """Every job with its latest run and whether it is overdue: its latest due time at least
    JOB_OVERDUE_GRACE_MINUTES ago has no successful run (a job that never ran is overdue too).
    One query whatever the number of runs: each job's latest run, with its latest success
    (a job that has succeeded has run, so it has a latest run)."""
    names = [job.name for job in JOBS]
    latest_ids = (
        select(func.max(JobRun.id)).where(JobRun.job.in_(names)).group_by(JobRun.job)
    ).scalar_subquery()
    succeeded = aliased(JobRun)
    last_success = (
        select(func.max(succeeded.due_at))
        .where(succeeded.job == JobRun.job, succeeded.outcome == RunOutcome.OK)
        .correlate(JobRun)
        .scalar_subquery()
    )
    rows = db.session.execute(select(JobRun, last_success).where(JobRun.id.in_(latest_ids)))
    last_runs, successes = {}, {}
    for run, success in rows:
        last_runs[run.job] = run
        successes[run.job] = success
    grace = timedelta(minutes=config["JOB_OVERDUE_GRACE_MINUTES"])
    statuses = []
    for job in JOBS:
        schedule = config[job.schedule_key]
        last_success = successes.get(job.name)
        if last_success is not None and last_success.tzinfo is None:
            last_success = last_success.replace(tzinfo=UTC)  # SQLite's MAX() of a timestamp
        should_have_run = latest_due(schedule, now - grace)
        statuses.append(
            JobStatus(
                job=job,
                last_run=last_runs.get(job.name),
                last_success_due_at=last_success,
                next_due_at=next_due(schedule, now),
                overdue=last_success is None or last_success < should_have_run,
            )
        )
    return statuses
