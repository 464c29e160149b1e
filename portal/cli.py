"""Command-line tasks: `flask --app wsgi users create`, `demo-data`, `worker` (which runs the
scheduled jobs), and each job on its own: `outbox send`, `retention purge` and the others."""

from __future__ import annotations

import time
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from portal.accounts.models import Role
from portal.accounts.services import AccountError, register_user
from portal.batches import error_report, failures
from portal.dates import utcnow
from portal.extensions import db

users_cli = AppGroup("users", help="Manage accounts.")
outbox_cli = AppGroup("outbox", help="Send queued email.")
reminders_cli = AppGroup("reminders", help="Remind people before sessions; ask for feedback after.")
retention_cli = AppGroup("retention", help="Delete personal data we no longer need.")
pledges_cli = AppGroup("pledges", help="Keep business pledges current.")
backup_cli = AppGroup("backup", help="Back up the database and media files, and restore them.")


@backup_cli.command("create")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def create_backup_command(file: Path) -> None:
    """Write FILE (a .tar.gz): the database, every stored file and a manifest with checksums."""
    from portal.backups.services import BackupError, create_backup

    try:
        report = create_backup(
            file,
            database_url=db.engine.url,
            storage=current_app.extensions["storage"],
            migrations=Path(current_app.extensions["migrate"].directory),
            portal_version=portal_version(),
            now=utcnow(),
            postgres_bin_dir=current_app.config["POSTGRES_BIN_DIR"],
        )
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    manifest = report.manifest
    click.echo(
        f"Backed up {manifest['database']['kind']} ({sum(manifest['row_counts'].values())} rows "
        f"in {len(manifest['row_counts'])} tables, migration "
        f"{manifest['migration_head'] or 'not recorded'}) and {len(manifest['files']) - 1} "
        f"media files to {report.path}"
    )
    for name in report.skipped:
        click.echo(f"  Left out {name}: it was deleted while the backup ran", err=True)


@backup_cli.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--force",
    is_flag=True,
    help="Delete what the database and file storage hold, then restore over them.",
)
def restore_backup_command(file: Path, force: bool) -> None:
    """Restore FILE into an empty database (DATABASE_URL) and file storage (MEDIA_FOLDER, or
    the S3 bucket with STORAGE=s3)."""
    from portal.backups.services import BackupError, restore_backup

    # The restore uses connections of its own: let go of the app's first.
    db.session.remove()
    db.engine.dispose()
    try:
        report = restore_backup(
            file,
            database_url=db.engine.url,
            storage=current_app.extensions["storage"],
            migrations=Path(current_app.extensions["migrate"].directory),
            force=force,
            postgres_bin_dir=current_app.config["POSTGRES_BIN_DIR"],
        )
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"Restored the backup made {report.manifest['created_at']}: {report.rows} rows in "
        f"{report.tables} tables, and {report.files} media files. Every checksum matched."
    )
    if report.migrations == "older":
        click.echo(
            "The backup is from an older version of the portal: run `flask --app wsgi db "
            "upgrade` before starting it."
        )
    elif report.migrations == "unknown":
        click.echo(
            "The backup does not record its migration: run `flask --app wsgi db upgrade` "
            "to be sure before starting the portal."
        )


def portal_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("bromley-autism-portal")
    except PackageNotFoundError:
        return "unknown"


def _end_run(failed: int) -> None:
    """After a run has done everything it could: say how many items failed, and exit non-zero
    if any did, so cron notices (the log names each one)."""
    if failed:
        click.echo(f"{failed} failed: see the log")
        click.get_current_context().exit(1)


@pledges_cli.command("remind")
def remind_pledges_command() -> None:
    """Email businesses 30 days before their pledge ends, and when it ends (each once)."""
    from portal.dates import utcnow
    from portal.pledges.services import send_pledge_reminders

    reminders, notices = send_pledge_reminders(now=utcnow())
    click.echo(f"Queued {reminders.done} reminders and {notices.done} expiry notices")
    _end_run(failures(reminders, notices))


@reminders_cli.command("send")
@click.option(
    "--days-before",
    type=int,
    default=None,
    help="Days before a session to remind (default: REMINDER_DAYS_BEFORE, 2).",
)
def send_reminders_command(days_before: int | None) -> None:
    """Queue reminders and feedback requests that are due (safe to run as often as you like)."""
    from portal.dates import utcnow
    from portal.events.follow_up import send_feedback_requests, send_reminders

    now = utcnow()
    days = days_before if days_before is not None else current_app.config["REMINDER_DAYS_BEFORE"]
    reminders = send_reminders(now=now, days_before=days)
    requests = send_feedback_requests(now=now)
    click.echo(f"Queued {reminders.done} reminders and {requests.done} feedback requests")
    _end_run(failures(reminders, requests))


@retention_cli.command("purge")
def purge_command() -> None:
    """Delete the personal data whose time is up (portal/retention.py lists each kind and its
    period); one line per kind. Safe to run as often as you like."""
    from portal.dates import utcnow
    from portal.retention import purge_all

    lines, report = purge_all(now=utcnow(), config=current_app.config)
    for line in lines:
        click.echo(line)
    _end_run(failures(report))


@users_cli.command("create")
@click.argument("email")
@click.option(
    "--role",
    type=click.Choice([role.value for role in Role]),
    default=Role.MEMBER.value,
    show_default=True,
)
@click.option("--name", "full_name", default="", help="Full name (defaults to the email address).")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="Asked for when not given.",
)
def create_user(email: str, role: str, full_name: str, password: str) -> None:
    """Create an account, for example the first member of staff."""
    try:
        # Whoever runs the command vouches for the address.
        user = register_user(
            email=email,
            full_name=full_name or email,
            password=password,
            role=Role(role),
            email_confirmed_at=utcnow(),
        )
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Created {user.role} account for {user.email}")
    if user.needs_second_factor:
        click.echo(
            "Staff and admins sign in with a code from an authenticator app too: they will set "
            "one up the first time they sign in."
        )


@outbox_cli.command("send")
@click.option("--loop", is_flag=True, help="Keep running, sending what is due every --interval.")
@click.option("--interval", default=30, show_default=True, help="Seconds between runs with --loop.")
def send_outbox(loop: bool, interval: int) -> None:
    """Send the queued email that is due (run from cron, or with --loop as a worker)."""
    from portal.outbox.services import MailNotConfigured, deliver_due

    while True:
        try:
            report = deliver_due()
        except MailNotConfigured as error:
            raise click.ClickException(
                f"{error}. Messages stay in the outbox; staff can read them at /staff/outbox."
            ) from error
        except Exception as error:
            if not loop:
                raise
            # A worker must outlive a database restart: note it and try again next time (the
            # error's type and where, not its message, which may repeat an address).
            db.session.rollback()
            current_app.logger.error(
                "Sending the outbox failed; trying again in %ss: %s", interval, error_report(error)
            )
        else:
            click.echo(
                f"Sent {report.sent}, will retry {report.retrying}, gave up on {report.failed}"
            )
            for line in report.errors:
                click.echo(f"  {line}", err=True)
        if not loop:
            _end_run(report.attempts_failed)
            return
        time.sleep(interval)


@click.command("worker")
@click.option(
    "--interval",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="Seconds between checks for email and jobs (default: WORKER_INTERVAL_SECONDS, 30).",
)
def worker_command(interval: float | None) -> None:
    """Send email continuously and run each scheduled job when it is due, until stopped
    (SIGTERM or Ctrl-C: the message or job in hand is finished first). Safe to run on
    several hosts at once."""
    import threading

    from portal.jobs.schedule import JOBS
    from portal.jobs.worker import run_worker, stop_on_signals

    stop = threading.Event()
    stop_on_signals(stop)
    config = current_app.config
    seconds = interval if interval is not None else config["WORKER_INTERVAL_SECONDS"]
    click.echo(f"Worker started: checking every {seconds:g}s")
    for job in JOBS:
        click.echo(f"  {job.name}: {config[job.schedule_key]} (Europe/London)")
    run_worker(interval=seconds, stop=stop, echo=click.echo)
    click.echo("Worker stopped")


@click.command("demo-data")
@click.option(
    "--scale",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="Instead of the small set, a borough-scale one for benchmarks: 1 is about 3,000 "
    "sessions, 60,000 bookings, 2,000 businesses and 1,000 library items; 0.01 a hundredth.",
)
@click.option(
    "--seed",
    type=int,
    default=None,
    help="With --scale: the random seed (the same seed gives the same data set).",
)
def demo_data(scale: float | None, seed: int | None) -> None:
    """Load a small Bromley-flavoured demo data set, or with --scale a big one (development)."""
    if current_app.config["PORTAL_ENV"] != "development":
        raise click.ClickException(
            "Demo data has well-known passwords, so it loads only with PORTAL_ENV=development"
        )
    try:
        from portal.demo import load_demo_data
        from portal.demo.scale import DEFAULT_SEED, ScaleDataLoaded, load_scale_data
    except ImportError as error:  # the demo extra is not installed
        raise click.ClickException(
            f"Demo data needs the demo extra ({error.name} is missing): "
            "pip install 'bromley-autism-portal[demo]'"
        ) from error
    if scale is None:
        if seed is not None:
            raise click.UsageError("--seed goes with --scale")
        for line in load_demo_data():
            click.echo(line)
        return
    try:
        for line in load_scale_data(scale, seed if seed is not None else DEFAULT_SEED):
            click.echo(line)
    except ScaleDataLoaded as error:
        raise click.ClickException(str(error)) from error


def init_app(app: Flask) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(reminders_cli)
    app.cli.add_command(retention_cli)
    app.cli.add_command(pledges_cli)
    app.cli.add_command(demo_data)
    app.cli.add_command(backup_cli)
    app.cli.add_command(worker_command)
