"""Time in the portal: stored in UTC, shown in Europe/London."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

LONDON = ZoneInfo("Europe/London")
TIME = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*$", re.IGNORECASE)


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp kept as naive UTC in the database and handed back timezone-aware.

    SQLite has no timezone support, so both databases store naive UTC and Python only ever
    sees aware datetimes.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("refusing to store a naive datetime: give it a timezone")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def london_day_start(moment: datetime) -> datetime:
    """Midnight in Bromley at the start of the day `moment` falls on (what "today" means to
    the people using the portal, whatever the clocks are doing)."""
    local = moment.astimezone(LONDON)
    return datetime.combine(local.date(), time(0), tzinfo=LONDON).astimezone(UTC)


def london_time(value: datetime | None) -> str:
    """The time of day in Bromley, GOV.UK style: "6:30pm", "10am", "12pm" (midday)."""
    if value is None:
        return ""
    local = value.astimezone(LONDON)
    return local.strftime("%I:%M%p").lstrip("0").lower().replace(":00", "")


def london_day(value: datetime | None) -> str:
    """The day in Bromley, for example "Tuesday 3 March 2026"."""
    if value is None:
        return ""
    local = value.astimezone(LONDON)
    return f"{local.strftime('%A')} {local.day} {local.strftime('%B %Y')}"


def london_datetime(value: datetime | None) -> str:
    """Format a moment for people in Bromley, for example "Tuesday 3 March 2026 at 6:30pm"."""
    if value is None:
        return ""
    return f"{london_day(value)} at {london_time(value)}"


def london_short(value: datetime | None) -> str:
    """A compact moment for tables, for example "Tue 3 Mar 2026, 6:30pm"."""
    if value is None:
        return ""
    local = value.astimezone(LONDON)
    return f"{local.strftime('%a')} {local.day} {local.strftime('%b %Y')}, {london_time(value)}"


def london_date(value: datetime | None) -> str:
    """Format a day for people in Bromley, for example "3 March 2026"."""
    if value is None:
        return ""
    local = value.astimezone(LONDON)
    return f"{local.day} {local.strftime('%B %Y')}"


def parse_time(text: str) -> time | None:
    """Read "18:30", "6:30pm", "6pm" or "10.15am"; None if it is not a time."""
    match = TIME.match(text or "")
    if not match:
        return None
    hour, minute, half = (
        int(match.group(1)),
        int(match.group(2) or 0),
        (match.group(3) or "").lower(),
    )
    if half == "pm" and hour < 12:
        hour += 12
    if half == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or (half and not 1 <= int(match.group(1)) <= 12):
        return None
    return time(hour, minute)


def clock_label(value: time) -> str:
    """A time of day GOV.UK style: 9am, 9:30am, 12pm."""
    return (
        datetime.combine(datetime(2000, 1, 1).date(), value)
        .strftime("%I:%M%p")
        .lstrip("0")
        .lower()
        .replace(":00", "")
    )
