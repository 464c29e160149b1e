"""The list of what is kept for how long: periods in words, and the README agrees with it."""

from pathlib import Path

import pytest

from portal.config import from_environment
from portal.retention import PERIOD_KEYS, RULES, describe, promises

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.mark.parametrize(
    ("key", "number", "words"),
    [
        ("BOOKING_DRAFT_HOURS", 24, "24 hours"),
        ("BOOKING_DRAFT_HOURS", 1, "1 hour"),
        ("ACCESS_NEEDS_RETENTION_DAYS", 30, "30 days"),
        ("ACCESS_NEEDS_RETENTION_DAYS", 1, "1 day"),
        ("FEEDBACK_TEXT_RETENTION_DAYS", 730, "2 years"),
        ("INACTIVE_ACCOUNT_DAYS", 365, "1 year"),
        ("AUDIT_LOG_RETENTION_DAYS", 2191, "2,191 days"),
    ],
)
def test_periods_read_as_plain_words(key, number, words):
    assert describe(key, number) == words


def test_the_readme_states_every_period_with_its_default(tmp_path):
    readme = README.read_text()
    defaults = from_environment({"PORTAL_ENV": "development"}, instance_path=tmp_path)
    for key in PERIOD_KEYS:
        assert f"| `{key}` | `{defaults[key]}` |" in readme, key


def test_every_rule_has_a_purge_that_keeps_it():
    assert [rule.key for rule in RULES if rule.purge is None] == []


def test_the_notice_promises_each_rule_with_its_configured_period(tmp_path):
    config = from_environment(
        {"PORTAL_ENV": "development", "INACTIVE_ACCOUNT_WARNING_DAYS": "14"},
        instance_path=tmp_path,
    )
    lines = {promise.what: promise for promise in promises(config)}
    assert len(lines) == len(RULES)
    inactive = lines["An account nobody uses"]
    assert inactive.how_long == "3 years after it was last signed in to or booked for"
    assert inactive.note == "We email you 14 days before, so you can sign in to keep it."
