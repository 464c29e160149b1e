"""Figures about pledges for the staff dashboard, from one aggregate query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, func, select

from portal.extensions import db
from portal.pledges.models import Pledge, PledgeStatus

EXPIRING_WITHIN = timedelta(days=30)


@dataclass(frozen=True)
class PledgeCounts:
    live: int  # approved and not yet expired: in the directory
    waiting: int  # sent for review, not yet decided
    expiring: int  # live, and ending in the next 30 days


def pledge_counts(*, now: datetime) -> PledgeCounts:
    """How many pledges are live, waiting for review, and live but ending within 30 days."""
    row = db.session.execute(select(*pledge_count_columns(now=now)).select_from(Pledge)).one()
    return PledgeCounts(*row)


def pledge_count_columns(*, now: datetime) -> list:
    """The three counts of `PledgeCounts`, as columns to select from pledges."""
    live = and_(Pledge.status == PledgeStatus.APPROVED, Pledge.expires_at > now)
    return [
        func.count().filter(live),
        func.count().filter(Pledge.status == PledgeStatus.SUBMITTED),
        func.count().filter(live, Pledge.expires_at <= now + EXPIRING_WITHIN),
    ]
