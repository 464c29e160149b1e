"""Reading the audit log."""

from __future__ import annotations

from sqlalchemy import select

from portal.audit.models import AuditEntry
from portal.extensions import db

PER_PAGE = 50


def audit_page(page: int = 1):
    """One page of the audit log, newest entry first."""
    return db.paginate(
        select(AuditEntry).order_by(AuditEntry.id.desc()),
        page=page,
        per_page=PER_PAGE,
        error_out=False,
    )
