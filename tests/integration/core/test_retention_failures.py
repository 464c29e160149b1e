"""`flask retention purge` carries on past a rule that fails: every other rule still deletes
what it should, the failed rule is named in its line and in the log, and the command exits
non-zero."""

from datetime import timedelta

from portal.accounts.models import User
from portal.audit.models import AuditEntry
from portal.events.models import Booking
from portal.extensions import db
from tests.integration.core.test_cli import _one_of_everything_old
from tests.refusals import database_refuses


def test_one_failing_rule_does_not_stop_the_others(app, member, caplog):
    _one_of_everything_old(member, age=timedelta(days=7 * 365))

    with database_refuses("audit_entries", on="DELETE", when="1 = 1"):
        result = app.test_cli_runner().invoke(args=["retention", "purge"])

    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Deleted access needs from 1 bookings (30 days after the session)",
        "Deleted 1 unfinished bookings (24 hours after the last answer)",
        "Deleted the text of 1 emails (90 days after the email is sent)",
        "Deleted the words of 1 pieces of feedback (2 years after it is written)",
        "Nothing was deleted for AUDIT_LOG_RETENTION_DAYS: it failed, see the log",
        "Deleted 0 old invitations (30 days after it is answered or runs out)",
        "Deleted the scrambled addresses of 0 consultation answerers"
        " (7 days after the consultation closes)",
        "Deleted 1 accounts whose address was never confirmed (30 days after it is made)",
        "Deleted 1 accounts nobody uses (3 years after it was last signed in to or booked for)",
        "1 failed: see the log",
    ]
    # The rules before and after the failed one were kept; the failed one changed nothing.
    assert db.session.scalar(db.select(Booking.needs_note)) == ""
    assert db.session.scalar(db.select(User).where(User.email == "idle@example.org")) is None
    old_entries = db.select(AuditEntry).where(AuditEntry.action == "account changed")
    assert db.session.scalars(old_entries).all() != []
    [logged] = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert logged.startswith("Retention rule AUDIT_LOG_RETENTION_DAYS failed: ")
