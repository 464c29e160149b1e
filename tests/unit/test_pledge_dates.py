"""Pledge dates: 12 calendar months, and which quiet hour comes next (in Bromley's time)."""

from datetime import UTC, datetime, time

from portal.dates import LONDON
from portal.pledges.models import QuietHour
from portal.pledges.quiet_hours import next_quiet_hour
from portal.pledges.services import expiry_for


def _london(*args) -> datetime:
    return datetime(*args, tzinfo=LONDON)


def test_a_pledge_lasts_12_calendar_months_not_365_days():
    # 2028 is a leap year: 365 days after 1 March 2027 is 29 February 2028.
    assert expiry_for(_london(2027, 3, 1, 14, 0)) == _london(2028, 3, 1, 14, 0)


def test_a_pledge_approved_on_29_february_ends_on_28_february():
    assert expiry_for(_london(2028, 2, 29, 10, 0)) == _london(2029, 2, 28, 10, 0)


def test_a_pledge_ends_at_the_same_time_of_day_in_bromley_and_is_kept_in_utc():
    summer = _london(2027, 7, 1, 9, 0)  # 8:00 UTC
    assert expiry_for(summer.astimezone(UTC)) == _london(2028, 7, 1, 9, 0)
    assert expiry_for(summer).tzinfo == UTC


def _hours(*spec):
    return [QuietHour(weekday=d, starts_at=s, ends_at=e) for d, s, e in spec]


HOURS = _hours((1, time(9), time(10)), (5, time(8), time(9)))  # Tuesday 9-10, Saturday 8-9


def test_the_next_quiet_hour_is_the_soonest_to_start():
    wednesday = _london(2026, 12, 2, 12, 0)
    assert next_quiet_hour(HOURS, wednesday).label() == "Next quiet hour: Saturday 8am to 9am"
    sunday = _london(2026, 12, 6, 12, 0)
    assert next_quiet_hour(HOURS, sunday).label() == "Next quiet hour: Tuesday 9am to 10am"


def test_a_quiet_hour_on_now_says_so_until_it_ends():
    during = _london(2026, 12, 1, 9, 30)  # a Tuesday
    assert next_quiet_hour(HOURS, during).label() == "Quiet hour now, until 10am"
    after = _london(2026, 12, 1, 10, 0)
    assert next_quiet_hour(HOURS, after).label() == "Next quiet hour: Saturday 8am to 9am"


def test_the_next_quiet_hour_is_read_in_bromley_time_not_utc():
    # 8:30am in Bromley in summer is 7:30 UTC: the Saturday quiet hour is on.
    moment = _london(2027, 7, 3, 8, 30).astimezone(UTC)
    assert next_quiet_hour(HOURS, moment).now_on


def test_no_quiet_hours_means_no_next_one():
    assert next_quiet_hour([], _london(2026, 12, 1, 9, 0)) is None
