"""What "today" means: a day in Bromley, from midnight, whatever the clocks are doing."""

from datetime import UTC, datetime

import pytest

from portal.dates import london_day_start


@pytest.mark.parametrize(
    ("moment", "midnight"),
    [
        # Winter: Bromley keeps UTC.
        (datetime(2026, 1, 14, 23, 30, tzinfo=UTC), datetime(2026, 1, 14, 0, 0, tzinfo=UTC)),
        # Summer: Bromley is an hour ahead, so its day starts at 11pm UTC the evening before,
        # and 11:30pm UTC is already the next day there.
        (datetime(2026, 7, 14, 12, 0, tzinfo=UTC), datetime(2026, 7, 13, 23, 0, tzinfo=UTC)),
        (datetime(2026, 7, 14, 23, 30, tzinfo=UTC), datetime(2026, 7, 14, 23, 0, tzinfo=UTC)),
        # The day the clocks go forward (29 March 2026) started in winter time.
        (datetime(2026, 3, 29, 12, 0, tzinfo=UTC), datetime(2026, 3, 29, 0, 0, tzinfo=UTC)),
    ],
)
def test_a_day_starts_at_midnight_in_bromley(moment, midnight):
    assert london_day_start(moment) == midnight
