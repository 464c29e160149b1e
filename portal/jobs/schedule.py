"""Which jobs there are, and when each is due.

A schedule is a cron expression (croniter reads it) in Bromley's time, Europe/London, so
"0 3 * * *" means 3am all year, summer time included. A job is due at the latest time its
schedule names that is not in the future; it has run for that time when a `JobRun` says so.
Missed times are not made up one by one: a worker that was stopped for a day runs each job
once when it starts again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from croniter import croniter

from portal.batches import fail_if_any
from portal.dates import LONDON

# Each job does every item it can (portal/batches.py), then raises ItemsFailed if any item
# failed, so the run is recorded as failed and flagged while the other items are done.


def _reminders(now: datetime, config: Mapping) -> list[str]:
    from portal.events.follow_up import send_feedback_requests, send_reminders

    reminders = send_reminders(now=now, days_before=config["REMINDER_DAYS_BEFORE"])
    requests = send_feedback_requests(now=now)
    fail_if_any(reminders, requests)
    lines = [f"Queued {reminders.done} reminders and {requests.done} feedback requests"]
    # Peer support groups ride on the same hourly run: their meet-ups' reminders to followers,
    # and the next dates of meet-ups with limited places opened for booking. Said only when
    # there was something to do.
    from portal.groups.services import materialise_all, send_meetup_reminders

    opened, told = materialise_all(now=now), send_meetup_reminders(now=now)
    if opened or told:
        lines.append(f"Opened {opened} group meet-up dates; queued {told} meet-up reminders")
    return lines


def _retention_purge(now: datetime, config: Mapping) -> list[str]:
    from portal.jobs.services import JOB_RUNS_KEPT_DAYS, prune_job_runs
    from portal.retention import purge_all

    lines, report = purge_all(now=now, config=config)
    pruned = prune_job_runs(now=now)
    lines.append(
        f"Deleted {pruned} records of scheduled job runs older than {JOB_RUNS_KEPT_DAYS} days"
    )
    fail_if_any(report)
    return lines


def _pledge_reminders(now: datetime, config: Mapping) -> list[str]:
    from portal.pledges.services import send_pledge_reminders

    reminders, notices = send_pledge_reminders(now=now)
    fail_if_any(reminders, notices)
    return [f"Queued {reminders.done} reminders and {notices.done} expiry notices"]


def _films(now: datetime, config: Mapping) -> list[str]:
    from portal.library.films import prepare_films

    report = prepare_films()
    fail_if_any(report)
    return [f"Prepared {report.done} films (their other format and poster)"]


@dataclass(frozen=True)
class Job:
    """A periodic job: `run(now, config)` flushes its changes and returns its report lines."""

    name: str
    title: str
    schedule_key: str
    run: Callable[[datetime, Mapping], list[str]]


JOBS: list[Job] = [
    Job("reminders", "Reminders and feedback requests", "JOB_SCHEDULE_REMINDERS", _reminders),
    Job(
        "retention-purge",
        "Deleting data past its time",
        "JOB_SCHEDULE_RETENTION_PURGE",
        _retention_purge,
    ),
    Job(
        "pledge-reminders",
        "Pledge renewal reminders",
        "JOB_SCHEDULE_PLEDGE_REMINDERS",
        _pledge_reminders,
    ),
    Job("films", "Films in every format, with a poster", "JOB_SCHEDULE_FILMS", _films),
]


def is_valid_schedule(expression: str) -> bool:
    return croniter.is_valid(expression)


def latest_due(expression: str, now: datetime) -> datetime:
    """The latest time the schedule names that is not after `now` (in UTC)."""
    local = now.astimezone(LONDON)
    previous = croniter(expression, local).get_prev(datetime)
    # get_prev is strictly before `now`: `now` itself may be a scheduled time.
    following = croniter(expression, previous).get_next(datetime)
    due = following if following <= local else previous
    return due.astimezone(UTC)


def next_due(expression: str, now: datetime) -> datetime:
    """The first time the schedule names after `now` (in UTC)."""
    return croniter(expression, now.astimezone(LONDON)).get_next(datetime).astimezone(UTC)
