"""Venues, sessions with running orders, and their bookings, registers and feedback."""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import select

from portal.dates import LONDON
from portal.demo.scale.common import (
    DAYS_AHEAD,
    DAYS_PAST,
    StoredFiles,
    bulk_insert,
    drawing,
    london_time,
    moment_between,
)
from portal.demo.scale.people import People
from portal.demo.scale.words import (
    BETTER,
    CANCEL_REASONS,
    HELPED,
    LIGHTING,
    NOISE,
    NOTES,
    ORDERS,
    QUIET_SPACE,
    SESSION_TYPES,
    STEP_FREE,
    TRANSPORT,
    VENUE_LIST,
)
from portal.events.models import (
    ADJUSTMENTS,
    Audience,
    Booking,
    BookingStatus,
    Event,
    EventKind,
    EventStatus,
    Feedback,
    RunningOrderItem,
    Venue,
    VisualStoryPhoto,
)
from portal.events.services import REFERENCE_ALPHABET
from portal.extensions import db


def plan_venues(rng: random.Random, count: int) -> list[int]:
    """Venues with sensory profiles and a visual story of two or three drawings."""
    pictures = [
        (StoredFiles("", drawing(kind, alt), ".png", "image/png"), alt, caption)
        for kind, alt, caption in (
            ("entrance", "The front door, with a purple sign above it", "This is the way in."),
            ("room", "A room with chairs in a half circle", "Sit wherever you like."),
            ("quiet", "A small quiet room with beanbags", "Go here whenever you like."),
        )
    ]
    rows = [
        {
            "name": name,
            "address": address,
            "postcode": postcode,
            "lighting": rng.choice(LIGHTING),
            "noise": rng.choice(NOISE),
            "quiet_space": rng.choice(QUIET_SPACE),
            "step_free_access": rng.choice(STEP_FREE),
            "toilets": "Accessible toilet on the same floor.",
            "parking": rng.choice(["Free car park behind the building.", "Pay and display."]),
            "public_transport": rng.choice(TRANSPORT),
        }
        for name, address, postcode in VENUE_LIST[:count]
    ]
    ids = bulk_insert(Venue.__table__, rows, ids=True)
    photos = [
        {
            "venue_id": venue_id,
            "position": position,
            "filename": files.copy(),
            "alt_text": alt,
            "caption": caption,
        }
        for venue_id in ids
        for position, (files, alt, caption) in enumerate(pictures, start=1)
        if position < 3 or rng.random() < 0.6
    ]
    bulk_insert(VisualStoryPhoto.__table__, photos)
    return ids


def plan_sessions(rng: random.Random, venues: list[int], count: int, now: datetime) -> list[dict]:
    """Session rows (not yet inserted) over two years past and one ahead, soonest first."""
    today = now.astimezone(LONDON).date()
    weights = [session_type[5] for session_type in SESSION_TYPES]
    rows = []
    for _ in range(count):
        title, audience, kind, (low, high), minutes, _, summary = rng.choices(
            SESSION_TYPES, weights
        )[0]
        day = today + timedelta(days=rng.randint(-DAYS_PAST, DAYS_AHEAD))
        evening = (19, 30) if kind == EventKind.PEER_SUPPORT else (18, 30)
        starts = london_time(day, *((9, 30) if minutes > 200 else rng.choice([(10, 0), evening])))
        capacity = rng.randint(low, high)
        ahead = (starts - now).days
        roll, status = rng.random(), EventStatus.PUBLISHED
        if roll < 0.03:
            status = EventStatus.CANCELLED
        elif roll < 0.07 and ahead > 14:
            status = EventStatus.DRAFT
        # A few sessions far ahead are not open for booking yet: the empty end of the tail.
        opens = starts - timedelta(days=120) if ahead > 240 and rng.random() < 0.3 else None
        created = min(starts - timedelta(days=rng.uniform(30, 150)), now - timedelta(hours=1))
        if opens is not None:
            created = min(created, opens - timedelta(days=1))
        rows.append(
            {
                "title": title,
                "summary": summary,
                "description": (
                    f"{summary}\n\nMade with Bromley parents of autistic children. Nobody will "
                    "be asked to act or speak in front of the group."
                ),
                "audience": audience,
                "kind": kind,
                "starts_at": starts,
                "ends_at": starts + timedelta(minutes=minutes),
                "venue_id": rng.choice(venues),
                "capacity": capacity,
                "places_booked": 0,
                "booking_opens_at": opens,
                "booking_closes_at": starts - timedelta(hours=2),
                "status": status,
                "cancel_reason": rng.choice(CANCEL_REASONS) if status == "cancelled" else "",
                "low_stimulus": title.startswith("Quiet"),
                "crowd_size": f"Up to {capacity} people.",
                "participation": "Joining in is up to you. You can watch and listen.",
                "breaks": "A break halfway. Take a break whenever you need one.",
                "lighting": "",
                "noise": "",
                "created_at": created,
            }
        )
    rows.sort(key=lambda row: row["starts_at"])
    return rows


def insert_sessions(rng: random.Random, events: list[dict]) -> None:
    """Insert the sessions (each gets its "id") and their running orders, three to seven steps."""
    ids = bulk_insert(Event.__table__, events, ids=True)
    steps = []
    for event_id, event in zip(ids, events, strict=True):
        event["id"] = event_id
        minutes = (event["ends_at"] - event["starts_at"]).seconds // 60
        order = ORDERS[event["kind"]]
        chosen = [order[0]] + [step for step in order[1:] if rng.random() < 0.8]
        steps += [
            {
                "event_id": event_id,
                "position": position,
                "minutes_from_start": int(fraction * minutes),
                "title": title,
                "detail": detail,
                "intense": intense,
            }
            for position, (fraction, title, detail, intense) in enumerate(chosen, start=1)
        ]
    bulk_insert(RunningOrderItem.__table__, steps)


def _fill(rng: random.Random, event: dict, now: datetime) -> float:
    """How full a session gets: most coming ones nearly full, emptier further ahead."""
    if event["status"] == EventStatus.DRAFT:
        return 0.0
    if event["booking_opens_at"] is not None and event["booking_opens_at"] > now:
        return 0.0
    ahead = (event["starts_at"] - now).days
    if ahead < 0:
        full, nearly, least = 0.35, 0.45, 0.4
    elif ahead <= 60:
        full, nearly, least = 0.45, 0.45, 0.4
    elif ahead <= 180:
        full, nearly, least = 0.3, 0.5, 0.2
    else:
        full, nearly, least = 0.15, 0.45, 0.0
    roll = rng.random()
    if roll < full:
        return 1.0
    if roll < full + nearly:
        return rng.uniform(0.85, 0.99)
    return rng.uniform(least, 0.85)


def _party(rng: random.Random, audience: str) -> list[int]:
    """[adults, children, carer] for one booking."""
    if audience == Audience.PARENTS:  # training for the grown-ups: children come now and then
        children = rng.choices([0, 1, 2], [85, 10, 5])[0]
        return [rng.choices([1, 2], [7, 3])[0], children, int(rng.random() < 0.03)]
    if audience == Audience.YOUNG_PEOPLE:
        return [1, rng.choice([1, 1, 1, 1, 2]), int(rng.random() < 0.1)]
    return [rng.choices([1, 2, 3], [85, 10, 5])[0], 0, 0]


def _parties(rng: random.Random, event: dict, now: datetime) -> tuple[list, int]:
    """The parties for one session, (status, [adults, children, carer]), and places taken."""
    target = int(event["capacity"] * _fill(rng, event, now))
    parties, booked = [], 0
    while booked < target:
        party = _party(rng, event["audience"])
        while sum(party) > target - booked:  # the last places: a smaller party takes them
            party[2 if party[2] else 1 if party[1] else 0] -= 1
        parties.append((BookingStatus.CONFIRMED, party))
        booked += sum(party)
        if rng.random() < 0.12:
            parties.append((BookingStatus.CANCELLED, _party(rng, event["audience"])))
    if 0 < booked == event["capacity"] and rng.random() < 0.8:
        # Waiting lists only on full sessions, mostly short, a few very long.
        for _ in range(min(30, int(rng.paretovariate(1.2) * 1.5))):
            status = BookingStatus.LEFT if rng.random() < 0.2 else BookingStatus.WAITING
            parties.append((status, _party(rng, event["audience"])))
    return parties, booked


def plan_bookings(rng: random.Random, events: list[dict], people: People, now: datetime):
    """(row, session, person) for every booking; sets each session's places_booked to the sum
    of its confirmed places. Nobody holds two rows on one session, so the index that allows
    one active booking per person per session always holds."""
    references = set(db.session.scalars(select(Booking.reference)))
    members = people.members
    bookings, statuses = [], Counter()
    for event in events:
        parties, event["places_booked"] = _parties(rng, event, now)
        # Some families book often: people are picked with a skew to the start of the list.
        chosen: dict[int, None] = {}
        while len(chosen) < len(parties):
            chosen[members[int(len(members) * rng.random() ** 1.4)]] = None
        opened = event["booking_opens_at"] or event["created_at"]
        times = sorted(
            moment_between(rng, opened, min(event["booking_closes_at"], now)) for _ in parties
        )
        for (status, party), person, created in zip(parties, chosen, times, strict=True):
            row = _booking_row(rng, event, status, party, created, now)
            row["reference"] = reference = _reference(rng, references)
            references.add(reference)
            people.joined_by(person, created)
            statuses[status] += 1
            bookings.append((row, event, person))
    return bookings, statuses


def _reference(rng: random.Random, taken: set[str]) -> str:
    while True:
        reference = "BRM-" + "".join(rng.choices(REFERENCE_ALPHABET, k=6))
        if reference not in taken:
            return reference


def _booking_row(rng, event: dict, status: str, party: list[int], created, now) -> dict:
    starts, ends = event["starts_at"], event["ends_at"]
    adults, children, carer = party
    confirmed = status == BookingStatus.CONFIRMED
    went_ahead = confirmed and event["status"] == EventStatus.PUBLISHED
    arrived, no_show = None, False
    if went_ahead and ends <= now:
        roll = rng.random()  # the register: most came, some did not, a few were not marked
        if roll < 0.84:
            arrived = starts + timedelta(minutes=max(-20.0, min(45.0, rng.gauss(3, 9))))
        no_show = 0.84 <= roll < 0.95
    # Access needs are deleted 30 days after the session (retention purge): only recent ones.
    needs = status in (BookingStatus.CONFIRMED, BookingStatus.WAITING)
    needs = needs and ends > now - timedelta(days=30) and rng.random() < 0.2
    given_up = status in (BookingStatus.CANCELLED, BookingStatus.LEFT)
    reminded, asked = starts - timedelta(days=2), ends + timedelta(hours=1)
    return {
        "status": status,
        "adults": adults,
        "children": children,
        "children_ages": ", ".join(str(rng.randint(3, 17)) for _ in range(children)),
        "carer": bool(carer),
        "places": adults + children + carer,
        "adjustments": [k for k, _ in rng.sample(ADJUSTMENTS, rng.randint(1, 2))] if needs else [],
        "needs_note": rng.choice(NOTES) if needs else "",
        "needs_consent_at": created if needs else None,
        "created_at": created,
        "confirmed_at": created if confirmed else None,
        "cancelled_at": moment_between(rng, created, min(starts, now)) if given_up else None,
        # What `flask reminders send` would have done by now.
        "reminder_sent_at": max(reminded, created) if went_ahead and reminded <= now else None,
        "arrived_at": arrived,
        "no_show": no_show,
        "feedback_requested_at": asked if went_ahead and asked <= now else None,
    }


def insert_bookings(rng: random.Random, bookings: list, people: People, now) -> int:
    """Insert the bookings, then feedback from some of the people who came."""
    for row, event, person in bookings:
        row.update(event_id=event["id"], user_id=people.id(person))
    ids = bulk_insert(Booking.__table__, [row for row, _, _ in bookings], ids=True, key="reference")
    feedback = []
    for booking_id, (row, event, _) in zip(ids, bookings, strict=True):
        given = event["ends_at"] + timedelta(hours=rng.uniform(2, 7 * 24))
        if row["arrived_at"] is None or given > now or rng.random() >= 0.3:
            continue
        before = rng.randint(1, 3) if event["audience"] == Audience.PROFESSIONALS else None
        feedback.append(
            {
                "booking_id": booking_id,
                "event_id": event["id"],
                "rating": rng.choices([5, 4, 3, 2, 1], [50, 30, 12, 5, 3])[0],
                "helped": rng.choice(HELPED),
                "could_be_better": rng.choice(BETTER),
                "confidence_before": before,
                "confidence_after": min(5, before + rng.randint(0, 2)) if before else None,
                "created_at": given,
            }
        )
    bulk_insert(Feedback.__table__, feedback)
    return len(feedback)
