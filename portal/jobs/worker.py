"""The worker process: send email continuously, run each scheduled job when it is due.

Every WORKER_INTERVAL_SECONDS it sends the email that is due and runs the jobs that are due.
SIGTERM (or Ctrl-C) asks it to stop: it finishes the message or job in hand, then returns.
It outlives a database or mail server that is down: the failure is logged and tried again.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable

from flask import current_app

from portal.dates import utcnow
from portal.extensions import db
from portal.jobs.services import run_due_jobs


def _send_email(stop: threading.Event, echo: Callable[[str], None]) -> None:
    from portal.outbox.services import deliver_due

    report = deliver_due(stopping=stop.is_set)
    if report.sent or report.retrying or report.failed:
        echo(f"Sent {report.sent}, will retry {report.retrying}, failed {report.failed}")


def run_worker(
    *, interval: float, stop: threading.Event, echo: Callable[[str], None] = print
) -> None:
    """Loop until `stop` is set. Commits as it goes."""
    logger = current_app.logger
    mail = bool(current_app.config["MAIL_SERVER"])
    if not mail:
        echo("MAIL_SERVER is not set: email stays in the outbox (staff can read it there)")
    while not stop.is_set():
        if mail:
            try:
                _send_email(stop, echo)
            except Exception:
                db.session.rollback()
                logger.exception("Sending the outbox failed; trying again in %ss", interval)
        if not stop.is_set():
            try:
                for report in run_due_jobs(now=utcnow()):
                    if report.result != "skipped":
                        echo(f"{report.job}: {report.result}")
                        for line in report.lines:
                            echo(f"  {line}")
            except Exception:
                db.session.rollback()
                logger.exception(
                    "Checking for scheduled jobs failed; trying again in %ss", interval
                )
        db.session.remove()
        stop.wait(interval)


def stop_on_signals(stop: threading.Event) -> None:
    """Make SIGTERM and SIGINT set `stop` instead of killing the process mid-message."""

    def _handler(signum, frame):
        stop.set()

    signal.signal(signal.SIGTERM, _handler)
    signal.signal(signal.SIGINT, _handler)
