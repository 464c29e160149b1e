"""Counting the days of a 100-day challenge by Bromley's calendar.

Day 1 is the start date; day 100 is 99 calendar days later. The count comes from London
calendar dates, never from elapsed hours: the night the clocks change has 23 or 25 hours, and
an hours-based count would then start a day early or late around midnight.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from portal.dates import LONDON

LENGTH = 100


def london_today(now: datetime) -> date:
    """The date in Bromley at the moment `now` (an aware datetime)."""
    return now.astimezone(LONDON).date()


@dataclass(frozen=True)
class ChallengeDay:
    """Where a challenge is on its 100 days at one moment."""

    number: int  # 1 to 100 while running; 0 or less before the start, over 100 after

    @property
    def started(self) -> bool:
        return self.number >= 1

    @property
    def finished(self) -> bool:
        return self.number > LENGTH

    @property
    def running(self) -> bool:
        return self.started and not self.finished

    @property
    def starts_in(self) -> int:
        """Days until day 1 (0 once started)."""
        return max(1 - self.number, 0)

    @property
    def percent(self) -> int:
        """How far through, for the progress bar: 0 before, 100 once finished."""
        return min(max(self.number, 0), LENGTH)

    @property
    def week(self) -> int:
        """The week of the challenge (1 to 15), for naming weekly updates."""
        return (min(max(self.number, 1), LENGTH) - 1) // 7 + 1

    @property
    def label(self) -> str:
        """ "Starts tomorrow", "Starts in 5 days", "Day 42 of 100" or "Finished"."""
        if self.finished:
            return "Finished"
        if not self.started:
            days = self.starts_in
            return "Starts tomorrow" if days == 1 else f"Starts in {days} days"
        return f"Day {self.number} of {LENGTH}"


def challenge_day(start: date, now: datetime) -> ChallengeDay:
    """Which day of the challenge it is at `now`, counted by London calendar dates."""
    return ChallengeDay((london_today(now) - start).days + 1)


def last_day(start: date) -> date:
    """The date of day 100."""
    return start + timedelta(days=LENGTH - 1)
