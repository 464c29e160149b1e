"""Demo peer support groups: two groups led by parents, each with a monthly meet-up, a few
followers and an update. Development only, like the rest of the demo data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from portal.accounts.models import Role
from portal.accounts.services import find_user_by_email, register_user
from portal.extensions import db
from portal.groups.models import Group
from portal.groups.services import (
    GroupDetails,
    MeetupDetails,
    add_meetup,
    appoint_lead,
    create_group,
    follow,
    post_update,
)

LEAD_PASSWORD = "bromley group lead demo"  # noqa: S105 - development only, printed like the others
LEADS = [
    ("Grace Adeyemi", "lead@example.org"),
    ("Dan Kowalski", "lead2@example.org"),
]


def _nth_weekday(now: datetime, weekday: int, nth: int, hour: int) -> datetime:
    """The nth `weekday` of next month at `hour`, London time (as UTC)."""
    from portal.dates import LONDON

    local = now.astimezone(LONDON)
    year, month = (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
    day = datetime(year, month, 1, hour, tzinfo=LONDON)
    day += timedelta(days=(weekday - day.weekday()) % 7 + 7 * (nth - 1))
    return day.astimezone(UTC)


def _person(full_name: str, email: str, now: datetime):
    user = find_user_by_email(email)
    if user is None:
        user = register_user(
            email=email,
            full_name=full_name,
            password=LEAD_PASSWORD,
            role=Role.MEMBER,
            email_confirmed_at=now,
        )
    return user


def load_demo_groups(staff, parent, now: datetime) -> list[str]:
    """Make the demo groups if there are none yet; say who leads them."""
    lines = [f"  Group leads (parents, not staff; password: {LEAD_PASSWORD}):"]
    lines += [f"    {name:<16} {email}" for name, email in LEADS]
    if db.session.scalar(select(Group.id).limit(1)) is not None:
        return lines
    leads = [_person(name, email, now) for name, email in LEADS]
    coffee = create_group(
        GroupDetails(
            name="Bromley Parents Together",
            summary="A friendly coffee morning for parents and carers of autistic children.",
            description=(
                "We meet once a month to talk, share what helps and have a cup of tea. "
                "Come as you are. Nobody has to talk.\n\n"
                "Babies and younger brothers and sisters are welcome."
            ),
            audience="parents",
            area="bromley",
            usual_place="Community room, Bromley Central Library, High Street, BR1 1EX",
            usual_time="First Tuesday of the month, 10am to 12pm",
            joining="drop-in",
            joining_note="Just come along. Someone will say hello at the door.",
        ),
        actor=staff,
        now=now,
    )
    evening = create_group(
        GroupDetails(
            name="Orpington Evening Circle",
            summary="A small, quiet evening group for parents, with limited places.",
            description=(
                "A small group for parents who cannot come in the day. Quiet room, soft "
                "lights, eight families at most, so please book a place."
            ),
            audience="parents",
            area="orpington",
            usual_place="Orpington Library, BR6 0TW",
            usual_time="Third Wednesday of the month, 7pm to 8:30pm",
            joining="ask-lead",
            joining_note="Book a place for the next meet-up, or email us first.",
            contact_email="evening.circle@example.org",
        ),
        actor=staff,
        now=now,
    )
    appoint_lead(coffee, leads[0], actor=staff, now=now)
    appoint_lead(evening, leads[1], actor=staff, now=now)
    add_meetup(
        coffee,
        MeetupDetails(
            title="Coffee morning",
            starts_at=_nth_weekday(now, 1, 1, 10),
            minutes=120,
            repeat="monthly",
            place="Community room, Bromley Central Library, BR1 1EX",
            details="Tea, coffee and biscuits. A quiet corner with beanbags.",
        ),
        actor=leads[0],
        now=now,
    )
    from portal.events.models import Venue

    venue = db.session.scalars(select(Venue).order_by(Venue.id)).first()
    add_meetup(
        evening,
        MeetupDetails(
            title="Evening circle",
            starts_at=_nth_weekday(now, 2, 3, 19),
            minutes=90,
            repeat="monthly",
            place=f"{venue.name}, {venue.postcode}" if venue else "Orpington Library, BR6 0TW",
            places=8 if venue else None,
            venue_id=venue.id if venue else None,
        ),
        actor=leads[1],
        now=now,
    )
    for person in (parent, leads[1]):
        follow(coffee, person, now=now)
    follow(evening, parent, now=now)
    post_update(
        coffee,
        title="Summer picnic in the park",
        body=(
            "Instead of the coffee morning in August, we are having a picnic in Church House "
            "Gardens. Bring a blanket and something to share. We will be by the café."
        ),
        actor=leads[0],
        now=now,
    )
    lines.append("  Two peer support groups with monthly meet-ups: see /groups")
    return lines
