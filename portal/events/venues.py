"""Venues: adding and changing one, its visual-story photos, and the list staff keep.

A venue is reused across sessions, so changing its address tells everyone booked on its coming
published sessions where to go now. Every change is written to the audit log in the same
transaction.

Services take explicit arguments, flush but never commit, and raise the errors they name.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import select

from portal.audit.services import record
from portal.events.models import Event, EventStatus, Venue, VisualStoryPhoto
from portal.events.organising import tell_booked_what_changed
from portal.extensions import db
from portal.photos import add_photo, remove_photo


@dataclass
class VenueDetails:
    """Everything staff type about a venue: where it is and what it is like."""

    name: str
    address: str
    postcode: str
    lighting: str = ""
    noise: str = ""
    quiet_space: str = ""
    step_free_access: str = ""
    toilets: str = ""
    parking: str = ""
    public_transport: str = ""


def _apply(venue: Venue, details: VenueDetails) -> None:
    for f in fields(VenueDetails):
        setattr(venue, f.name, getattr(details, f.name))


def create_venue(details: VenueDetails, *, actor, now: datetime) -> Venue:
    """Add a venue with its sensory profile.

    Raises nothing of its own.
    """
    venue = Venue()
    _apply(venue, details)
    db.session.add(venue)
    db.session.flush()
    record(actor, "venue created", "venue", venue.id, venue.name, now=now)
    return venue


def update_venue(venue: Venue, details: VenueDetails, *, actor, now: datetime) -> int:
    """Change a venue. Returns how many people booked were told about a new address.

    When the name, address or postcode changes, each confirmed booking on the venue's coming
    published sessions gets a notice with the old and the new address. Raises nothing of its own.
    """
    before = venue.full_address
    _apply(venue, details)
    told = notify_venue_change(venue, before, now=now)
    record(actor, "venue changed", "venue", venue.id, venue.name, now=now)
    return told


def notify_venue_change(venue: Venue, before: str, *, now: datetime) -> int:
    """Tell everyone booked on coming published sessions at a venue that its address changed.

    `before` is the venue's `full_address` before the change; nobody is told when it is the
    same. Returns how many were told. Raises nothing of its own.
    """
    after = venue.full_address
    if before == after:
        return 0
    events = db.session.scalars(
        select(Event).where(
            Event.venue_id == venue.id,
            Event.status == EventStatus.PUBLISHED,
            Event.starts_at > now,
        )
    ).all()
    return sum(tell_booked_what_changed(event, [("Venue", before, after)]) for event in events)


def add_venue_photo(
    venue: Venue, upload, *, alt_text: str, caption: str | None, actor, now: datetime
) -> VisualStoryPhoto:
    """Store an uploaded photo and put it last in the venue's visual story.

    Raises PhotoRefused (from portal.media) when the upload is not a JPEG or PNG we can keep;
    then nothing is stored. The file is deleted again if the transaction does not commit.
    """
    photo = add_photo(venue.photos, VisualStoryPhoto, upload, alt_text=alt_text, caption=caption)
    record(actor, "venue photo added", "venue", venue.id, venue.name, now=now)
    return photo


def remove_venue_photo(photo: VisualStoryPhoto, *, actor, now: datetime) -> None:
    """Take a photo out of its venue's visual story; its file is deleted once that commits.

    Raises nothing of its own.
    """
    record(actor, "venue photo removed", "venue", photo.venue_id, photo.filename, now=now)
    remove_photo(photo.venue.photos, photo)
