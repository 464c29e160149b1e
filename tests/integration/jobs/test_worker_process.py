"""`flask --app wsgi worker` as it runs on a server: it sends email, runs the jobs that are due,
and on SIGTERM finishes the message it is sending, then exits 0."""

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from portal.extensions import db
from portal.jobs.models import JobRun
from portal.outbox.models import OutboxMessage
from tests.conftest import Inbox, free_port

pytestmark = pytest.mark.slow
PROJECT = Path(__file__).resolve().parents[3]


class SlowInbox(Inbox):
    """An SMTP server that takes two seconds to accept each message, and says when one starts."""

    def __init__(self):
        super().__init__()
        self.receiving = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.receiving.set()
        await asyncio.sleep(2)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def slow_smtp():
    inbox = SlowInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()


def _start_worker(app, port: int) -> subprocess.Popen:
    environ = {
        **os.environ,
        "PORTAL_ENV": "development",
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(port),
        "WORKER_INTERVAL_SECONDS": "1",
        "PYTHONPATH": str(PROJECT),
        "PYTHONUNBUFFERED": "1",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "worker"],
        cwd=PROJECT,
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_sigterm_stops_the_worker_after_the_message_it_is_sending(app, slow_smtp):
    inbox, port = slow_smtp
    db.session.add(
        OutboxMessage(
            recipient="priya@example.org",
            subject="Your booking",
            body_text="See you on Tuesday.",
            body_html="<p>See you on Tuesday.</p>",
        )
    )
    db.session.commit()

    worker = _start_worker(app, port)
    try:
        assert inbox.receiving.wait(timeout=90), "the worker never started sending"
        worker.send_signal(signal.SIGTERM)
        started = time.monotonic()
        output, _ = worker.communicate(timeout=20)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()

    assert worker.returncode == 0, output
    assert time.monotonic() - started < 10
    assert "Worker stopped" in output
    db.session.expire_all()
    message = db.session.scalars(select(OutboxMessage)).one()
    assert message.status == "sent"
    assert len(inbox.messages) == 1


def test_the_worker_runs_the_due_jobs_then_stops_at_once_on_sigterm_while_waiting(app, smtp_server):
    _, port = smtp_server
    worker = _start_worker(app, port)
    seen = []
    try:
        for line in worker.stdout:  # each job reports as it finishes; films go last
            seen.append(line)
            if line.startswith("films:"):
                break
        worker.send_signal(signal.SIGTERM)
        started = time.monotonic()
        output, _ = worker.communicate(timeout=20)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()

    assert worker.returncode == 0, "".join(seen) + output
    assert time.monotonic() - started < 5
    assert "Worker stopped" in output
    db.session.expire_all()
    runs = db.session.scalars(select(JobRun)).all()
    assert {(run.job, run.outcome) for run in runs} == {
        ("reminders", "ok"),
        ("retention-purge", "ok"),
        ("pledge-reminders", "ok"),
        ("films", "ok"),
    }
