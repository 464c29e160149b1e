"""Audit entries are deleted AUDIT_LOG_RETENTION_DAYS after they were made, not before. The clock
is moved by passing `now=` in the future."""

from datetime import timedelta

from portal.audit.models import AuditEntry
from portal.audit.services import purge_audit_log, record
from portal.dates import utcnow
from portal.extensions import db
from tests.factories import make_user

SIX_YEARS = 6 * 365
A_MINUTE = timedelta(minutes=1)


def _targets():
    return sorted(db.session.scalars(db.select(AuditEntry.target_id)))


def test_audit_entries_stay_until_the_period_is_over(app):
    made = utcnow()
    record(make_user(role="admin"), "account changed", "user", 1, now=made)
    db.session.commit()

    assert purge_audit_log(now=made + timedelta(days=SIX_YEARS) - A_MINUTE, days=SIX_YEARS) == 0
    db.session.commit()
    assert _targets() == [1]


def test_audit_entries_go_just_after_the_period_and_newer_ones_stay(app):
    admin = make_user(role="admin")
    made = utcnow()
    record(admin, "account changed", "user", 1, now=made)
    record(admin, "account changed", "user", 2, now=made + timedelta(days=1))
    db.session.commit()

    count = purge_audit_log(now=made + timedelta(days=SIX_YEARS) + A_MINUTE, days=SIX_YEARS)
    db.session.commit()

    assert count == 1
    assert _targets() == [2]
