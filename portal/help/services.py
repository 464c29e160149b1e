"""Help directory rules: staff add and change services, publish, review and archive them.

Services take explicit arguments, flush but never commit, and raise the errors below.
Contact details go out of date quickly, so every published service is checked again within
REVIEW_EVERY; the staff console lists those due (`queries.due_for_review`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from portal.audit.services import record
from portal.extensions import db
from portal.help.models import HelpService, ServiceStatus
from portal.help.search import index_service
from portal.slugs import unique_slug

REVIEW_EVERY = timedelta(days=182)


class HelpError(Exception):
    """Base class: the message is safe to show."""


class NoWayToContact(HelpError):
    """A service is published only with a phone number, an email address or a website."""


def _slug_taken(slug: str) -> bool:
    return db.session.scalar(select(HelpService.id).where(HelpService.slug == slug)) is not None


def save_service(service: HelpService | None, *, actor, now: datetime, **fields) -> HelpService:
    """Create or change a service (a draft until published) and keep the search index in step.

    Raises nothing of its own: the form checks each answer.
    """
    if service is None:
        service = HelpService(
            slug=unique_slug(fields["name"], taken=_slug_taken, fallback="service"),
            status=ServiceStatus.DRAFT,
            created_at=now,
        )
        db.session.add(service)
    for name, value in fields.items():
        setattr(service, name, value.strip() if isinstance(value, str) else value)
    db.session.flush()
    index_service(service)
    record(actor, "help service saved", "help_service", service.id, service.name, now=now)
    return service


def publish(service: HelpService, *, actor, now: datetime) -> None:
    """List a service in the public directory, with its first review due in REVIEW_EVERY.

    Raises NoWayToContact when it has no phone number, email address or website.
    """
    if not (service.phone or service.email or service.website):
        raise NoWayToContact("Add a phone number, email address or website before publishing")
    service.status = ServiceStatus.PUBLISHED
    service.published_at = service.published_at or now
    service.review_due = service.review_due or (now + REVIEW_EVERY).date()
    record(actor, "help service published", "help_service", service.id, service.name, now=now)


def mark_reviewed(service: HelpService, *, note: str, actor, now: datetime) -> None:
    """Someone checked the details are still right: the next review is due in REVIEW_EVERY.

    Raises nothing of its own."""
    service.reviewed_at = now
    service.review_note = note.strip()
    service.review_due = (now + REVIEW_EVERY).date()
    record(actor, "help service reviewed", "help_service", service.id, service.name, now=now)


def archive(service: HelpService, *, note: str, actor, now: datetime) -> None:
    """Take a service out of the directory (it closed, or moved); its page then says so, with
    `note` saying where to go instead.

    Raises nothing of its own."""
    service.status = ServiceStatus.ARCHIVED
    service.archived_note = note.strip()
    record(actor, "help service archived", "help_service", service.id, service.name, now=now)
