"""Plain functions that make groups, leads and meet-ups through the real services."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from portal.dates import LONDON, utcnow
from portal.extensions import db
from portal.groups.services import (
    GroupDetails,
    MeetupDetails,
    add_meetup,
    appoint_lead,
    create_group,
)
from tests.factories import make_user


def make_group(*, name="Bromley Parents Together", staff=None, lead=None, **overrides):
    """A group made by staff, with `lead` (an account) as its lead if given."""
    staff = staff or make_user(role="staff", full_name="Sam Staff")
    fields = {
        "name": name,
        "summary": "A friendly coffee morning for parents and carers.",
        "description": "We meet, talk and share what helps.",
        "audience": "parents",
        "area": "bromley",
        "usual_place": "Bromley Library, BR1 1EX",
        "usual_time": "First Tuesday of the month, 10am",
        "joining": "drop-in",
    }
    fields.update(overrides)
    group = create_group(GroupDetails(**fields), actor=staff, now=utcnow())
    if lead is not None:
        appoint_lead(group, lead, actor=staff, now=utcnow())
    db.session.commit()
    return group


def first_tuesday_after(moment: datetime, hour: int = 10) -> datetime:
    """10am London time on the first Tuesday of the month after `moment` (UTC)."""
    local = moment.astimezone(LONDON)
    year, month = (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
    day = datetime(year, month, 1, hour, tzinfo=LONDON)
    day += timedelta(days=(1 - day.weekday()) % 7)
    return day.astimezone(UTC)


def make_meetup(group, actor, *, starts_at=None, repeat="monthly", places=None, venue=None):
    starts_at = starts_at or first_tuesday_after(utcnow())
    meetup = add_meetup(
        group,
        MeetupDetails(
            title="Coffee morning",
            starts_at=starts_at,
            minutes=120,
            repeat=repeat,
            place="Bromley Library, BR1 1EX",
            places=places,
            venue_id=venue.id if venue is not None else None,
        ),
        actor=actor,
        now=utcnow(),
    )
    db.session.commit()
    return meetup
