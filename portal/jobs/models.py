"""The record of every scheduled run, which is also what stops two workers running it twice."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.dates import UTCDateTime
from portal.extensions import db


class RunOutcome(StrEnum):
    RUNNING = "running"
    OK = "ok"
    FAILED = "failed"


class JobRun(db.Model):
    """One run of a scheduled job for one due time. No personal data: the summary holds counts
    ("Queued 3 reminders"), the error only its kind and where it happened."""

    __tablename__ = "job_runs"
    __table_args__ = (
        # The worker inserts this row before it starts the job: a second worker's insert for
        # the same due time fails, and it skips. The lock around it only saves that failure.
        UniqueConstraint("job", "due_at", name="uq_job_runs_job_due_at"),
        CheckConstraint("outcome IN ('running', 'ok', 'failed')", name="outcome_is_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(50))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str] = mapped_column(String(10), default=RunOutcome.RUNNING)
    summary: Mapped[str] = mapped_column(Text, default="")
    error: Mapped[str | None] = mapped_column(String(500))

    def __repr__(self) -> str:
        return f"<JobRun {self.job} {self.due_at:%Y-%m-%d %H:%M} {self.outcome}>"
