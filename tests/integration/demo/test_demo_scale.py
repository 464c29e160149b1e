"""`flask demo-data --scale N`: a borough-scale data set for benchmarks, tried at a small N."""

from datetime import timedelta

import pyotp
import pytest
from markupsafe import escape
from sqlalchemy import func, select

from portal.accounts.models import User
from portal.dates import utcnow
from portal.demo.scale import ADMIN_EMAIL, PASSWORD, STAFF_EMAIL
from portal.demo.two_step import STAFF_KEY
from portal.events.models import Booking, Event, Feedback, RunningOrderItem, Venue
from portal.extensions import db
from portal.library.models import ItemStatus, LibraryFile, LibraryItem
from portal.library.search import matching
from portal.pledges.models import Business, Pledge, PledgeStatus, pledge_commitments
from tests.stored import library_folder

SMALL = 0.01  # about 30 sessions, 600 bookings, 20 businesses and 10 library items


def load(app, *args: str):
    return app.test_cli_runner().invoke(args=["demo-data", *args])


@pytest.fixture
def scale_data(app):
    result = load(app, "--scale", str(SMALL))
    assert result.exit_code == 0, result.output
    return result.output


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.mark.parametrize("scale", [0.01, 0.02])
def test_counts_follow_the_scale(app, scale):
    result = load(app, "--scale", str(scale))

    assert result.exit_code == 0, result.output
    assert count(Event) == round(3000 * scale)
    assert count(Business) == round(2000 * scale)
    assert count(LibraryItem) == round(1000 * scale)
    # Bookings come from the distributions, so only roughly 60,000 x N.
    assert 0.6 * 60_000 * scale <= count(Booking) <= 1.4 * 60_000 * scale
    assert count(Venue) >= 2
    assert count(RunningOrderItem) >= 3 * count(Event)
    assert "Bookings and waiting-list places" in result.output


def test_places_booked_is_the_sum_of_confirmed_places_and_never_above_capacity(scale_data):
    confirmed = (
        select(Booking.event_id, func.sum(Booking.places).label("places"))
        .where(Booking.status == "confirmed")
        .group_by(Booking.event_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Event.places_booked, Event.capacity, func.coalesce(confirmed.c.places, 0)).outerjoin(
            confirmed, confirmed.c.event_id == Event.id
        )
    ).all()

    assert rows
    assert all(booked == summed for booked, _, summed in rows)
    assert all(booked <= capacity for booked, capacity, _ in rows)
    assert any(booked == capacity for booked, capacity, _ in rows)


def test_waiting_lists_are_only_on_full_sessions(scale_data):
    waiting_on = select(Booking.event_id).where(Booking.status == "waiting")
    sessions = db.session.scalars(select(Event).where(Event.id.in_(waiting_on))).all()

    assert sessions
    assert all(event.is_full for event in sessions)


def test_nobody_holds_two_active_places_on_one_session(scale_data):
    doubled = db.session.execute(
        select(Booking.event_id, Booking.user_id)
        .where(Booking.status.in_(["confirmed", "waiting"]))
        .group_by(Booking.event_id, Booking.user_id)
        .having(func.count() > 1)
    ).all()

    assert count(Booking, Booking.status.in_(["confirmed", "waiting"])) > 0
    assert doubled == []
    assert count(Booking) == len(set(db.session.scalars(select(Booking.reference))))


def test_sessions_span_two_years_back_and_one_ahead_and_coming_ones_are_mostly_full(app):
    # 150 sessions: enough to see the shape of the distributions.
    assert load(app, "--scale", "0.05").exit_code == 0
    now = utcnow()
    first, last = db.session.execute(
        select(func.min(Event.starts_at), func.max(Event.starts_at))
    ).one()
    coming = db.session.scalars(
        select(Event).where(Event.starts_at > now, Event.status == "published")
    ).all()
    nearly_full = [event for event in coming if event.places_left <= 0.15 * event.capacity]

    assert now - timedelta(days=732) <= first < now - timedelta(days=300)
    assert now + timedelta(days=200) < last <= now + timedelta(days=367)
    assert len(nearly_full) > len(coming) / 2
    assert any(event.places_booked < event.capacity / 2 for event in coming)  # the long tail


def test_past_sessions_have_a_register_and_feedback_from_people_who_came(scale_data):
    now = utcnow()
    past = select(Event.id).where(Event.ends_at <= now, Event.status == "published")
    came = count(Booking, Booking.event_id.in_(past), Booking.arrived_at.is_not(None))
    missed = count(Booking, Booking.event_id.in_(past), Booking.no_show.is_(True))
    feedback = db.session.scalars(select(Feedback)).all()

    assert came > missed > 0
    assert feedback
    for given in feedback:
        booking = db.session.get(Booking, given.booking_id)
        assert booking.event_id == given.event_id
        assert booking.arrived_at is not None
        assert booking.event.ends_at <= given.created_at <= now


def test_there_are_pledges_in_every_state_and_live_ones_for_the_directory(scale_data):
    now = utcnow()
    statuses = set(db.session.scalars(select(Pledge.status).distinct()))
    live = db.session.scalars(
        select(Pledge).where(Pledge.status == "approved", Pledge.expires_at > now)
    ).all()
    expired = count(Pledge, Pledge.status == "approved", Pledge.expires_at <= now)

    assert statuses == {status.value for status in PledgeStatus}
    assert live
    assert expired > 0
    assert all(len(pledge.commitments) >= 2 for pledge in live)
    for pledge in live:
        if pledge.has("photos"):
            assert pledge.business.photos
        if pledge.has("quiet-hour"):
            assert pledge.quiet_hours
    for renewal in db.session.scalars(select(Pledge).where(Pledge.renews_id.is_not(None))):
        renewed = db.session.get(Pledge, renewal.renews_id)
        assert renewed.business_id == renewal.business_id
        assert renewed.status in ("approved", "replaced")
    assert count(pledge_commitments) > 0


def test_library_items_have_transcripts_files_and_are_found_by_search(scale_data):
    items = db.session.scalars(select(LibraryItem)).all()
    published = [item for item in items if item.status == ItemStatus.PUBLISHED]
    item = published[0]
    word = max(item.transcript.split(), key=len).strip(".,:")
    found = set(db.session.scalars(select(LibraryItem.id).where(matching(word))))

    assert all(item.transcript for item in items)
    assert item.id in found
    assert all(
        (library_folder() / stored.filename).is_file()
        for stored in db.session.scalars(select(LibraryFile))
    )
    films = [i for i in published if i.kind == "film"]
    assert all(film.file("main") and film.file("captions") for film in films)
    assert all(i.file("main") for i in published if i.kind == "leaflet")


def test_the_public_pages_show_the_scale_data(client, scale_data):
    now = utcnow()
    event = db.session.scalar(
        select(Event).where(Event.starts_at > now, Event.status == "published").limit(1)
    )
    business = db.session.scalar(
        select(Business)
        .join(Pledge)
        .where(Pledge.status == "approved", Pledge.expires_at > now)
        .limit(1)
    )
    item = db.session.scalar(select(LibraryItem).where(LibraryItem.status == "published").limit(1))
    word = max(item.title.replace(":", " ").split(), key=len)

    for url in ("/", "/events", f"/events/{event.id}", "/pledges", f"/pledges/{business.slug}"):
        assert client.get(url).status_code == 200, url
    assert escape(business.name) in client.get(f"/pledges?area={business.postcode_district}").text
    assert escape(item.title) in client.get(f"/library?q={word}").text
    assert client.get(f"/library/{item.slug}").status_code == 200


def test_generated_accounts_share_one_password_that_signs_in(auth, scale_data):
    hashes = set(db.session.scalars(select(User.password_hash)))

    assert len(hashes) == 1
    assert auth.login(STAFF_EMAIL, PASSWORD, code=False).headers["Location"] == "/login/code"
    # The scale staff use the demo staff's published authenticator key.
    assert auth.enter_code(STAFF_EMAIL, pyotp.TOTP(STAFF_KEY).now()).headers["Location"] == "/staff"
    assert db.session.scalar(select(User.role).where(User.email == ADMIN_EMAIL)) == "admin"


def test_loading_twice_refuses_politely_and_changes_nothing(app, scale_data):
    before = count(Booking), count(Event), count(User)

    again = load(app, "--scale", str(SMALL))

    assert again.exit_code == 1
    assert "already loaded" in again.output
    assert "Traceback" not in again.output
    assert (count(Booking), count(Event), count(User)) == before


@pytest.mark.parametrize("scale", ["0", "-1", "lots"])
def test_scale_must_be_a_positive_number(app, scale):
    result = load(app, "--scale", scale)

    assert result.exit_code == 2
    assert count(User) == 0


def test_scale_data_refuses_to_load_in_production(app):
    app.config["PORTAL_ENV"] = "production"

    result = load(app, "--scale", str(SMALL))

    assert result.exit_code == 1
    assert "development" in result.output
    assert count(User) == 0


def test_nobody_acts_before_they_joined(scale_data):
    booked_early = count(Booking, Booking.user_id == User.id, Booking.created_at < User.created_at)
    pledged_early = count(
        Pledge, Pledge.business_id == Business.id, Pledge.created_at < Business.created_at
    )

    assert booked_early == 0
    assert pledged_early == 0
