"""Command-line tasks: `flask --app wsgi users create`, `demo-data`, `outbox send`."""

from __future__ import annotations

import time

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from portal.accounts.models import Role
from portal.accounts.services import AccountError, register_user
from portal.extensions import db

users_cli = AppGroup("users", help="Manage accounts.")
outbox_cli = AppGroup("outbox", help="Send queued email.")


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
        user = register_user(
            email=email, full_name=full_name or email, password=password, role=Role(role)
        )
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Created {user.role} account for {user.email}")


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
def demo_data() -> None:
    """Load a small Bromley-flavoured demo data set (development only)."""
    from portal.demo import load_demo_data

    if current_app.config["PORTAL_ENV"] != "development":
        raise click.ClickException(
            "Demo data has well-known passwords, so it loads only with PORTAL_ENV=development"
        )
    for line in load_demo_data():
        click.echo(line)


def init_app(app: Flask) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(demo_data)
