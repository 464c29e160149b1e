"""Plain functions that make records with sensible defaults."""

from __future__ import annotations

from itertools import count

from portal.accounts.models import Role
from portal.accounts.services import register_user
from portal.dates import utcnow
from portal.extensions import db

_numbers = count(1)
DEFAULT_PASSWORD = "correct horse battery"


def make_user(
    *,
    email: str | None = None,
    role: str = Role.MEMBER,
    full_name: str = "Jo Parent",
    password: str = DEFAULT_PASSWORD,
    disabled: bool = False,
    email_confirmed: bool = True,
    second_factor: bool | None = None,
):
    """An account. Staff and admins have an authenticator app set up unless `second_factor`
    says otherwise (tests/two_step.py gives its codes)."""
    user = register_user(
        email=email or f"person{next(_numbers)}@example.org",
        full_name=full_name,
        password=password,
        role=Role(role),
        email_confirmed_at=utcnow() if email_confirmed else None,
    )
    user.disabled = disabled
    if second_factor if second_factor is not None else user.needs_second_factor:
        from tests.two_step import add_second_factor

        add_second_factor(user)
    db.session.commit()
    return user


def make_venue(**overrides):
    from portal.events.models import Venue

    fields = {
        "name": "Bromley Civic Centre",
        "address": "Stockwell Close, Bromley",
        "postcode": "BR1 3UH",
        "lighting": "Soft lights",
        "noise": "Quiet",
        "quiet_space": "A quiet room next door",
        "step_free_access": "Step-free throughout",
    }
    fields.update(overrides)
    venue = Venue(**fields)
    db.session.add(venue)
    db.session.commit()
    return venue


def make_event(*, capacity: int = 10, starts_in=None, venue=None, **overrides):
    from datetime import UTC, timedelta

    from portal.dates import utcnow
    from portal.events.models import Event

    if starts_in is not None:
        starts_at = utcnow() + starts_in
    else:
        # A week ahead at 10am in Bromley: a session (and one moved by a few hours) starts and
        # ends on the same day whatever time the tests run.
        from datetime import datetime, time

        from portal.dates import LONDON

        day = (utcnow() + timedelta(days=7)).astimezone(LONDON).date()
        starts_at = datetime.combine(day, time(10), tzinfo=LONDON).astimezone(UTC)
    fields = {
        "title": "Through their eyes",
        "summary": "Actors show a trip to the shops through a child's eyes.",
        "description": "A session for parents and carers.",
        "audience": "parents",
        "kind": "theatre",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=2),
        "capacity": capacity,
        "status": "published",
    }
    fields.update(overrides)
    event = Event(venue=venue or make_venue(), **fields)
    db.session.add(event)
    db.session.commit()
    return event


def make_booking(
    event=None,
    user=None,
    *,
    adults: int = 1,
    children: int = 0,
    carer: bool = False,
    adjustments=(),
    note: str = "",
    waiting: bool = False,
    now=None,
):
    """A booking made through the real rules (`book_places`), or a waiting-list place with
    `waiting=True`; access needs are kept with consent when any are given."""
    from portal.dates import utcnow
    from portal.events.services import Needs, Party, book_places, join_waiting_list

    event = event or make_event()
    user = user or make_user()
    party = Party(adults=adults, children=children, carer=carer)
    needs = Needs(adjustments=list(adjustments), note=note, consent=bool(adjustments or note))
    make = join_waiting_list if waiting else book_places
    booking = make(event, user, party, needs, now=now or utcnow())
    db.session.commit()
    return booking


def make_business(owner=None, *, name="Bromley Bean Café", postcode="BR1 1AA"):
    from portal.pledges.catalogue import ensure_catalogue
    from portal.pledges.services import register_business

    ensure_catalogue()
    owner = owner or make_user(role="business")
    business = register_business(
        owner, name=name, address="1 High Street, Bromley", postcode=postcode, sector="Café"
    )
    db.session.commit()
    return business


def make_pledge(
    business, *, status="approved", commitments=("quiet-hour", "sunflower"), now=None, staff=None
):
    """A pledge taken through the real steps to the status asked for."""
    from datetime import time

    from sqlalchemy import select

    from portal.dates import utcnow
    from portal.pledges.models import Commitment
    from portal.pledges.services import (
        approve,
        choose_commitments,
        give_details,
        request_changes,
        sign,
        start_pledge,
        submit,
    )

    now = now or utcnow()
    pledge = start_pledge(business, now=now)
    ids = db.session.scalars(select(Commitment.id).where(Commitment.slug.in_(commitments))).all()
    choose_commitments(pledge, list(ids))
    give_details(
        pledge,
        quiet_hours=[(1, time(9), time(10))],  # Tuesdays, 9am to 10am
        staff_total=24,
        staff_trained=18,
    )
    sign(pledge, name="Ada Owner", role="Manager", agreed=True, now=now)
    if status != "draft":
        submit(pledge, now=now)
    if status == "approved":
        approve(pledge, actor=staff, now=now)
    elif status == "changes-requested":
        request_changes(pledge, message="Add the day to your door sign.", actor=staff, now=now)
    db.session.commit()
    return pledge


LEAFLET_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + b"x" * 3000 + b"\n%%EOF\n"
FILM_MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 2000


def upload(data: bytes, name: str):
    """A file as a browser would upload it."""
    import io

    from werkzeug.datastructures import FileStorage

    return FileStorage(stream=io.BytesIO(data), filename=name)


def make_library_item(
    *,
    title: str = "Our leaflet",
    kind: str = "leaflet",
    status: str = "published",
    formats: tuple[str, ...] = (),
    archived_note: str = "Read the 2027 leaflet instead.",
    **fields,
):
    """An item taken through the real steps: saved (and indexed for search), its leaflet PDF or
    film attached, each of `formats` attached as another PDF, then published or archived."""
    from portal.dates import utcnow
    from portal.library.files import store_upload
    from portal.library.services import archive, attach, publish, save_item

    fields = {"summary": f"{title} summary", "body": "", "transcript": "", **fields}
    item = save_item(None, actor=None, now=utcnow(), kind=kind, title=title, **fields)
    if kind == "leaflet":
        attach(item, store_upload(upload(LEAFLET_PDF, "leaflet.pdf")), role="main")
    elif kind == "film":
        attach(item, store_upload(upload(FILM_MP4, "film.mp4")), role="main")
    for label in formats:
        pdf = store_upload(upload(LEAFLET_PDF, f"{label.lower().replace(' ', '-')}.pdf"))
        attach(item, pdf, role="alternative", format_label=label)
    if status != "draft":
        publish(item, actor=None, now=utcnow())
    if status == "archived":
        archive(item, note=archived_note, actor=None, now=utcnow())
    db.session.commit()
    return item
