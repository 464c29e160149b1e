"""The address hashes that limit answers without signing in go some days after closing."""

from datetime import timedelta

from sqlalchemy import func, select

from portal.consultations.models import AddressCount
from portal.consultations.services import purge_address_counts
from portal.dates import utcnow
from portal.extensions import db
from tests.integration.consultations.factories import make_consultation


def _hashes(consultation) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(AddressCount)
        .where(AddressCount.consultation_id == consultation.id)
    )


def test_address_hashes_go_once_the_consultation_has_been_closed_long_enough(app):
    closed = make_consultation(title="Closed one")
    closed.closed_at = utcnow() - timedelta(days=9)  # closed early by staff, 9 days ago
    open_now = make_consultation(title="Open one", closes_in_days=14)
    for consultation in (closed, open_now):
        db.session.add(AddressCount(consultation_id=consultation.id, address_hash="ab" * 32))
    db.session.commit()

    # Closed 9 days ago: not yet 10 days.
    assert purge_address_counts(now=utcnow(), days=10) == 0
    assert purge_address_counts(now=utcnow(), days=7) == 1
    db.session.commit()

    assert _hashes(closed) == 0
    assert _hashes(open_now) == 1
    # An open consultation keeps its hashes whatever the period.
    assert purge_address_counts(now=utcnow() + timedelta(days=1), days=0) == 0


def test_the_retention_purge_deletes_them_and_says_so(app):
    closed = make_consultation(title="Closed long ago")
    closed.closed_at = utcnow() - timedelta(days=30)
    db.session.add(AddressCount(consultation_id=closed.id, address_hash="cd" * 32, answers=3))
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["retention", "purge"])

    assert result.exit_code == 0, result.output
    assert "Deleted the scrambled addresses of 1 consultation answerers" in result.output
    assert _hashes(closed) == 0
