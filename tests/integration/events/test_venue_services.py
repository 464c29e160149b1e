"""Venue services: adding and changing a venue, telling those booked, its visual-story photos."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import FileStorage

from portal.audit.models import AuditEntry
from portal.dates import utcnow
from portal.events.models import Event, Venue, VisualStoryPhoto
from portal.events.queries import venue_photo, venues_with_photo_counts
from portal.events.venues import (
    VenueDetails,
    add_venue_photo,
    create_venue,
    remove_venue_photo,
    update_venue,
)
from portal.extensions import db
from portal.media import PhotoRefused
from portal.outbox.models import OutboxMessage
from tests.factories import make_booking, make_event, make_user, make_venue


@pytest.fixture
def staff(app):
    return make_user(email="staff@example.org", role="staff")


@pytest.fixture
def folder(app):
    """Where the app's (local) store keeps photos."""
    return Path(app.config["MEDIA_FOLDER"])


def _details(venue: Venue, **changes) -> VenueDetails:
    details = VenueDetails(name=venue.name, address=venue.address, postcode=venue.postcode)
    for name, value in changes.items():
        setattr(details, name, value)
    return details


def _png(name: str = "door.png") -> FileStorage:
    stream = io.BytesIO()
    Image.new("RGB", (20, 10), (91, 42, 134)).save(stream, format="PNG")
    stream.seek(0)
    return FileStorage(stream=stream, filename=name, content_type="image/png")


def _book(event: Event, email: str) -> None:
    make_booking(event, make_user(email=email))


def _venue_notices() -> list[OutboxMessage]:
    return db.session.scalars(
        db.select(OutboxMessage).where(OutboxMessage.subject.startswith("Change to your session"))
    ).all()


def _add(venue, folder, staff, **kwargs):
    return add_venue_photo(
        venue,
        kwargs.pop("upload", None) or _png(),
        alt_text=kwargs.pop("alt_text", "The front door"),
        caption=kwargs.pop("caption", ""),
        actor=staff,
        now=utcnow(),
    )


def test_the_full_address_is_name_address_and_postcode(app):
    venue = make_venue(name="Civic Centre", address="Stockwell Close, Bromley", postcode="BR1 3UH")
    assert venue.full_address == "Civic Centre, Stockwell Close, Bromley, BR1 3UH"


def test_creating_a_venue_keeps_its_sensory_profile_and_audits_it(staff):
    details = VenueDetails(
        name="Widmore Hall", address="Widmore Road", postcode="BR1 1RY", noise="Quiet"
    )
    venue = create_venue(details, actor=staff, now=utcnow())
    db.session.commit()
    assert db.session.get(Venue, venue.id).noise == "Quiet"
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "venue created"))
    assert (entry.target_id, entry.summary) == (venue.id, "Widmore Hall")


def test_changing_the_address_tells_those_booked_and_reports_how_many(staff):
    event = make_event()
    _book(event, "jo@example.org")
    _book(event, "sam@example.org")
    venue = event.venue
    told = update_venue(venue, _details(venue, address="New Hall"), actor=staff, now=utcnow())
    db.session.commit()
    assert told == 2
    notices = _venue_notices()
    assert sorted(n.recipient for n in notices) == ["jo@example.org", "sam@example.org"]
    assert "New Hall" in notices[0].body_text


def test_an_unchanged_address_tells_no_one(staff):
    event = make_event()
    _book(event, "jo@example.org")
    venue = event.venue
    told = update_venue(venue, _details(venue, noise="Loud music"), actor=staff, now=utcnow())
    db.session.commit()
    assert told == 0 and _venue_notices() == []
    assert db.session.get(Venue, venue.id).noise == "Loud music"


def test_spaces_stored_around_an_address_do_not_count_as_a_change(staff):
    event = make_event()
    _book(event, "jo@example.org")
    venue = event.venue
    venue.address += "\n"  # typed before answers were stripped
    db.session.commit()

    details = _details(venue, address=venue.address.strip(), noise="Loud music")
    told = update_venue(venue, details, actor=staff, now=utcnow())

    assert told == 0 and _venue_notices() == []


def test_a_new_address_tells_no_one_booked_on_past_or_cancelled_sessions(staff):
    venue = make_venue()
    coming, past, cancelled = (make_event(venue=venue) for _ in range(3))
    _book(coming, "coming@example.org")
    _book(past, "past@example.org")
    _book(cancelled, "cancelled@example.org")
    past.starts_at = utcnow() - timedelta(days=2)
    past.ends_at = past.starts_at + timedelta(hours=2)
    cancelled.status = "cancelled"
    db.session.commit()
    told = update_venue(venue, _details(venue, postcode="BR2 9AA"), actor=staff, now=utcnow())
    db.session.commit()
    assert told == 1
    assert [n.recipient for n in _venue_notices()] == ["coming@example.org"]


def test_changing_a_venue_is_audited(staff):
    venue = make_venue()
    update_venue(venue, _details(venue, toilets="By the lift"), actor=staff, now=utcnow())
    db.session.commit()
    assert db.session.scalar(db.select(AuditEntry.action)) == "venue changed"


def test_each_photo_added_goes_last_in_the_visual_story(staff, folder):
    venue = make_venue()
    for name in ("door.png", "room.png", "host.png"):
        _add(venue, folder, staff, upload=_png(name))
        db.session.commit()
    photos = db.session.get(Venue, venue.id).photos
    assert [p.position for p in photos] == [1, 2, 3]


def test_an_added_photo_is_stored_with_its_words_stripped(staff, folder):
    venue = make_venue()
    photo = _add(venue, folder, staff, alt_text="  The front door ", caption=None)
    db.session.commit()
    assert (photo.alt_text, photo.caption) == ("The front door", "")
    assert (folder / photo.filename).exists()


def test_a_refused_photo_leaves_no_record_and_no_file(staff, folder):
    venue = make_venue()
    fake = FileStorage(stream=io.BytesIO(b"<html>not a photo</html>"), filename="door.png")
    with pytest.raises(PhotoRefused):
        _add(venue, folder, staff, upload=fake)
    db.session.commit()
    assert db.session.scalars(db.select(VisualStoryPhoto)).all() == []
    assert not folder.exists() or list(folder.iterdir()) == []


def test_a_photo_whose_transaction_fails_leaves_no_record_and_no_file(staff, folder):
    venue = make_venue()
    _add(venue, folder, staff)
    assert len(list(folder.iterdir())) == 1
    starts = utcnow() + timedelta(days=3)
    db.session.add(  # breaks a CHECK constraint, so the whole transaction fails at commit
        Event(
            venue=venue,
            title="Broken",
            summary="",
            description="",
            audience="parents",
            kind="theatre",
            starts_at=starts,
            ends_at=starts - timedelta(hours=1),
            capacity=5,
        )
    )
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert db.session.scalars(db.select(VisualStoryPhoto)).all() == []
    assert list(folder.iterdir()) == []


def test_a_photo_rolled_back_leaves_no_file(staff, folder):
    venue = make_venue()
    _add(venue, folder, staff)
    db.session.rollback()
    assert list(folder.iterdir()) == []


def test_removing_a_photo_deletes_its_file_once_committed(staff, folder):
    venue = make_venue()
    photo = _add(venue, folder, staff)
    db.session.commit()
    stored = folder / photo.filename
    remove_venue_photo(photo, actor=staff, now=utcnow())
    assert stored.exists()
    db.session.commit()
    assert not stored.exists()
    assert db.session.scalars(db.select(VisualStoryPhoto)).all() == []


def test_a_removal_rolled_back_keeps_the_photo_and_its_file(staff, folder):
    venue = make_venue()
    photo = _add(venue, folder, staff)
    db.session.commit()
    remove_venue_photo(photo, actor=staff, now=utcnow())
    db.session.rollback()
    db.session.commit()
    assert (folder / photo.filename).exists()
    assert len(db.session.scalars(db.select(VisualStoryPhoto)).all()) == 1


def test_a_photo_is_found_only_under_its_own_venue(staff, folder):
    venue, other = make_venue(), make_venue(name="Elsewhere")
    photo = _add(venue, folder, staff)
    db.session.commit()
    assert venue_photo(venue.id, photo.id) == photo
    assert venue_photo(other.id, photo.id) is None


def test_venues_are_listed_by_name_with_how_many_photos_each_has(staff, folder):
    busy = make_venue(name="B Hall")
    make_venue(name="A Room")
    _add(busy, folder, staff)
    _add(busy, folder, staff)
    db.session.commit()
    rows = venues_with_photo_counts()
    assert [(venue.name, count) for venue, count in rows] == [("A Room", 0), ("B Hall", 2)]


def test_a_removal_inside_a_savepoint_deletes_the_file_only_at_the_outer_commit(staff, folder):
    venue = make_venue()
    photo = _add(venue, folder, staff)
    db.session.commit()
    stored = folder / photo.filename
    with db.session.begin_nested():
        remove_venue_photo(photo, actor=staff, now=utcnow())
    assert stored.exists()
    db.session.commit()
    assert not stored.exists()
