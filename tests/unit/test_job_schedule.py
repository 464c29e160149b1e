"""Job schedules are cron expressions read in Bromley's time, summer time included."""

from datetime import UTC, datetime

import pytest

from portal.config import ConfigError, from_environment
from portal.jobs.schedule import latest_due, next_due


def test_a_daily_job_runs_at_3am_in_bromley_winter_and_summer():
    assert latest_due("0 3 * * *", datetime(2026, 1, 15, 12, tzinfo=UTC)) == datetime(
        2026, 1, 15, 3, tzinfo=UTC
    )
    assert latest_due("0 3 * * *", datetime(2026, 7, 15, 12, tzinfo=UTC)) == datetime(
        2026, 7, 15, 2, tzinfo=UTC
    )


def test_the_day_the_clocks_go_forward_still_has_its_3am_run():
    # 29 March 2026: at 1am GMT the clocks go to 2am BST.
    assert next_due("0 3 * * *", datetime(2026, 3, 29, 0, 30, tzinfo=UTC)) == datetime(
        2026, 3, 29, 2, tzinfo=UTC
    )


def test_a_job_is_due_at_the_very_moment_its_schedule_names():
    on_the_hour = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)
    assert latest_due("0 * * * *", on_the_hour) == on_the_hour
    assert next_due("0 * * * *", on_the_hour) == datetime(2026, 6, 10, 10, 0, tzinfo=UTC)


def test_schedules_have_defaults_and_can_be_changed(tmp_path):
    environ = {"PORTAL_ENV": "development", "SECRET_KEY": "x"}
    config = from_environment(environ, instance_path=tmp_path)
    assert config["JOB_SCHEDULE_REMINDERS"] == "0 * * * *"
    assert config["JOB_SCHEDULE_RETENTION_PURGE"] == "0 3 * * *"
    assert config["JOB_SCHEDULE_PLEDGE_REMINDERS"] == "0 9 * * *"
    assert config["WORKER_INTERVAL_SECONDS"] == 30
    assert config["JOB_OVERDUE_GRACE_MINUTES"] == 60

    changed = from_environment(
        {**environ, "JOB_SCHEDULE_RETENTION_PURGE": "30 1 * * *"}, instance_path=tmp_path
    )
    assert changed["JOB_SCHEDULE_RETENTION_PURGE"] == "30 1 * * *"


@pytest.mark.parametrize("value", ["every day", "0 3 * *", "61 * * * *"])
def test_a_schedule_that_is_not_a_cron_expression_is_refused(tmp_path, value):
    environ = {"PORTAL_ENV": "development", "SECRET_KEY": "x", "JOB_SCHEDULE_REMINDERS": value}
    with pytest.raises(ConfigError, match="JOB_SCHEDULE_REMINDERS"):
        from_environment(environ, instance_path=tmp_path)
