"""Day N of 100 is counted by London calendar dates: day 1 is the start date, and a clock
change at night moves nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime

from portal.challenges.days import challenge_day, last_day


def _at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_the_start_date_is_day_1_from_london_midnight():
    start = date(2027, 6, 1)
    # 11:30pm on 31 May in UTC is 12:30am on 1 June in London (summer time).
    assert challenge_day(start, _at(2027, 5, 31, 23, 30)).label == "Day 1 of 100"
    assert challenge_day(start, _at(2027, 5, 31, 22, 30)).label == "Starts tomorrow"


def test_before_the_start_it_says_how_many_days_to_go():
    day = challenge_day(date(2027, 6, 11), _at(2027, 6, 1, 12))
    assert day.label == "Starts in 10 days"
    assert day.starts_in == 10
    assert day.percent == 0


def test_day_100_is_the_last_day_and_day_101_says_finished():
    start = date(2027, 1, 1)
    assert last_day(start) == date(2027, 4, 10)
    on_the_last_day = challenge_day(start, _at(2027, 4, 10, 22, 59))  # 11:59pm BST
    assert on_the_last_day.label == "Day 100 of 100"
    assert on_the_last_day.running
    the_day_after = challenge_day(start, _at(2027, 4, 10, 23, 1))  # 12:01am BST on the 11th
    assert the_day_after.number == 101
    assert the_day_after.label == "Finished"
    assert the_day_after.finished
    assert the_day_after.percent == 100


def test_the_october_clock_change_neither_skips_nor_repeats_a_day():
    # Clocks go back at 2am BST (1am UTC) on Sunday 25 October 2026: that day has 25 hours.
    start = date(2026, 10, 1)
    assert challenge_day(start, _at(2026, 10, 24, 22, 59)).number == 24  # 11:59pm BST, Sat
    assert challenge_day(start, _at(2026, 10, 24, 23, 0)).number == 25  # midnight BST, Sun
    assert challenge_day(start, _at(2026, 10, 25, 23, 59)).number == 25  # 11:59pm GMT, Sun
    assert challenge_day(start, _at(2026, 10, 26, 0, 0)).number == 26  # midnight GMT, Mon
    # Whole 24-hour periods since midnight on the start date would already say day 26 here,
    # half an hour before Monday begins in Bromley.
    assert challenge_day(start, _at(2026, 10, 25, 23, 30)).number == 25


def test_the_march_clock_change_neither_skips_nor_repeats_a_day():
    # Clocks go forward at 1am GMT on Sunday 28 March 2027: that day has 23 hours.
    start = date(2027, 3, 1)
    assert challenge_day(start, _at(2027, 3, 27, 23, 59)).number == 27  # 11:59pm GMT, Sat
    assert challenge_day(start, _at(2027, 3, 28, 0, 0)).number == 28  # midnight GMT, Sun
    assert challenge_day(start, _at(2027, 3, 28, 22, 59)).number == 28  # 11:59pm BST, Sun
    # 23 hours after Sunday began it is Monday in Bromley, though whole 24-hour periods since
    # the start would still say day 28.
    assert challenge_day(start, _at(2027, 3, 28, 23, 0)).number == 29  # midnight BST, Mon


def test_a_challenge_spanning_the_clock_change_ends_on_the_right_date():
    # Started in summer time, day 100 falls in winter time: still 99 calendar days later.
    start = date(2026, 9, 1)
    assert last_day(start) == date(2026, 12, 9)
    assert challenge_day(start, _at(2026, 12, 9, 23, 59)).label == "Day 100 of 100"
    assert challenge_day(start, _at(2026, 12, 10, 0, 0)).label == "Finished"
