"""Reading the audit log."""

from portal.audit.queries import audit_page
from portal.audit.services import record
from portal.extensions import db
from tests.factories import make_user


def test_the_audit_log_reads_newest_first_fifty_to_a_page(app):
    admin = make_user(role="admin")
    for n in range(51):
        record(admin, "account changed", "user", n)
    db.session.commit()

    first, second = audit_page(1), audit_page(2)

    assert [e.target_id for e in first.items[:2]] == [50, 49]
    assert len(first.items) == 50
    assert [e.target_id for e in second.items] == [0]
    assert audit_page(3).items == []
