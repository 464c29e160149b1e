"""Quiet hours in words, and which one comes next (times are Bromley's, whatever the clocks do)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from portal.dates import LONDON, clock_label
from portal.pledges.models import QuietHour

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def times_label(hour: QuietHour) -> str:
    """ "9am to 10am"."""
    return f"{clock_label(hour.starts_at)} to {clock_label(hour.ends_at)}"


def weekly_label(hour: QuietHour) -> str:
    """ "Tuesdays, 9am to 10am": what the pledge promises every week."""
    return f"{DAYS[hour.weekday]}s, {times_label(hour)}"


@dataclass(frozen=True)
class NextQuietHour:
    hour: QuietHour
    starts: datetime  # in Bromley's time
    now_on: bool  # it has started and not yet ended

    def label(self) -> str:
        """ "Next quiet hour: Tuesday 9am to 10am", or "Quiet hour now, until 10am"."""
        if self.now_on:
            return f"Quiet hour now, until {clock_label(self.hour.ends_at)}"
        return f"Next quiet hour: {DAYS[self.hour.weekday]} {times_label(self.hour)}"


def next_quiet_hour(hours: list[QuietHour], now: datetime) -> NextQuietHour | None:
    """The quiet hour on now, or the next to start; None when there are none."""
    local = now.astimezone(LONDON)
    best = None
    for hour in hours:
        day = local.date() + timedelta(days=(hour.weekday - local.weekday()) % 7)
        starts = datetime.combine(day, hour.starts_at, tzinfo=LONDON)
        ends = datetime.combine(day, hour.ends_at, tzinfo=LONDON)
        if ends <= local:  # today's has ended: next week's
            starts += timedelta(days=7)
        if best is None or starts < best.starts:
            best = NextQuietHour(hour=hour, starts=starts, now_on=starts <= local)
    return best
