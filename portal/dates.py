"""Time in the portal: stored in UTC, shown in Europe/London."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

LONDON = ZoneInfo("Europe/London")


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


def london_datetime(value: datetime | None) -> str:
    """Format a moment for people in Bromley, for example "Tuesday 3 March 2026 at 6:30pm"."""
    if value is None:
        return ""
    local = value.astimezone(LONDON)
    time = local.strftime("%I:%M%p").lstrip("0").lower().replace(":00", "")
    return f"{local.strftime('%A')} {local.day} {local.strftime('%B %Y')} at {time}"


def london_date(value: datetime | None) -> str:
    """Format a day for people in Bromley, for example "3 March 2026"."""
    if value is None:
        return ""
    local = value.astimezone(LONDON)
    return f"{local.day} {local.strftime('%B %Y')}"
