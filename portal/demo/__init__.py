"""A small, realistic data set for trying the portal on a laptop. Later work extends it."""

from __future__ import annotations

from collections.abc import Iterator

from flask import current_app

from portal.accounts.models import Role
from portal.accounts.services import find_user_by_email, register_user
from portal.dates import utcnow
from portal.demo.board import load_demo_board
from portal.demo.challenges import load_demo_challenges
from portal.demo.consultations import load_demo_consultations
from portal.demo.events import load_demo_events
from portal.demo.groups import load_demo_groups
from portal.demo.help import load_demo_help
from portal.demo.library import load_demo_library
from portal.demo.pledges import load_demo_pledges
from portal.demo.two_step import give_demo_app
from portal.extensions import db

# Development only: `flask demo-data` refuses to run in production.
DEMO_ACCOUNTS = [
    ("Priya Shah", "parent@example.org", Role.MEMBER, "bromley parent demo"),
    ("Tom Okafor", "business@example.org", Role.BUSINESS, "high street demo shop"),
    ("Sam Whitfield", "staff@example.org", Role.STAFF, "staff console demo"),
    ("Alex Morgan", "admin@example.org", Role.ADMIN, "admin console demo"),
]


def load_demo_data() -> Iterator[str]:
    """Create what is missing of the demo data; say what each account is for."""
    # The address the portal really answers at: `make run` sets PUBLIC_URL from HOST and PORT.
    sign_in = current_app.config["PUBLIC_URL"] + "/login"
    people, lines = [], [f"Demo accounts (sign in at {sign_in}):"]
    for full_name, email, role, password in DEMO_ACCOUNTS:
        user = find_user_by_email(email)
        if user is None:
            user = register_user(
                email=email,
                full_name=full_name,
                password=password,
                role=role,
                email_confirmed_at=utcnow(),
            )
        people.append(user)
        lines.append(f"  {role.value:<9} {email:<24} password: {password}")
        app_line = give_demo_app(user, utcnow())
        if app_line:
            lines.append(app_line)
    lines.append(
        "  Staff and admins also type a code from an authenticator app: add their key to one, "
        "or print the code with the command shown."
    )
    lines += load_demo_events(people)
    lines += load_demo_pledges(people[2], utcnow())
    lines += load_demo_library(people[2], utcnow())
    lines += load_demo_groups(people[2], people[0], utcnow())
    lines += load_demo_help(people[2], utcnow())
    lines += load_demo_board(people[2], people[0], utcnow())
    lines += load_demo_challenges(people[2], people[0], utcnow())
    lines += load_demo_consultations(people[2], utcnow())
    db.session.commit()
    # Printed last, after the log lines of the demo bookings' emails.
    yield from lines
