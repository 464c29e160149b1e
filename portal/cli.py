"""Command-line tasks: `flask --app wsgi users create`, `demo-data`, `outbox send`, `retention
purge` and the other scheduled runs."""

from __future__ import annotations

import time

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from portal.accounts.models import Role
from portal.accounts.services import AccountError, register_user
from portal.dates import utcnow
from portal.extensions import db

users_cli = AppGroup("users", help="Manage accounts.")
outbox_cli = AppGroup("outbox", help="Send queued email.")
reminders_cli = AppGroup("reminders", help="Remind people before sessions; ask for feedback after.")
retention_cli = AppGroup("retention", help="Delete personal data we no longer need.")
pledges_cli = AppGroup("pledges", help="Keep business pledges current.")


@pledges_cli.command("remind")
def remind_pledges_command() -> None:
    """Email businesses 30 days before their pledge ends, and when it ends (each once)."""
    from portal.dates import utcnow
    from portal.pledges.services import send_pledge_reminders

    reminders, notices = send_pledge_reminders(now=utcnow())
    db.session.commit()
    click.echo(f"Queued {reminders} reminders and {notices} expiry notices")


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
    db.session.commit()
    click.echo(f"Queued {reminders} reminders and {requests} feedback requests")


@retention_cli.command("purge")
def purge_command() -> None:
    """Delete the personal data whose time is up (portal/retention.py lists each kind and its
    period); one line per kind. Safe to run as often as you like."""
    from portal.dates import utcnow
    from portal.retention import purge_all

    lines = purge_all(now=utcnow(), config=current_app.config)
    db.session.commit()
    for line in lines:
        click.echo(line)


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
        except Exception:
            if not loop:
                raise
            # A worker must outlive a database restart: note it and try again next time.
            db.session.rollback()
            current_app.logger.exception("Sending the outbox failed; trying again in %ss", interval)
        else:
            click.echo(f"Sent {report.sent}, will retry {report.retrying}, failed {report.failed}")
            for line in report.errors:
                click.echo(f"  {line}", err=True)
        if not loop:
            return
        time.sleep(interval)


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
    from portal.demo import load_demo_data
    from portal.demo.scale import DEFAULT_SEED, ScaleDataLoaded, load_scale_data

    if current_app.config["PORTAL_ENV"] != "development":
        raise click.ClickException(
            "Demo data has well-known passwords, so it loads only with PORTAL_ENV=development"
        )
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
