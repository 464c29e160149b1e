"""Demo training sessions: venues with sensory profiles and visual stories, three months of
sessions, some nearly full and one full with a waiting list."""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from PIL import Image, ImageDraw
from sqlalchemy import select

from portal.accounts.models import User
from portal.dates import LONDON, utcnow
from portal.events.models import (
    Audience,
    Event,
    EventKind,
    EventStatus,
    Feedback,
    RunningOrderItem,
    Venue,
    VisualStoryPhoto,
)
from portal.events.services import Needs, Party, book_places, join_waiting_list
from portal.extensions import db
from portal.storage import storage

VENUES = [
    {
        "name": "The Churchill Theatre studio",
        "address": "High Street, Bromley",
        "postcode": "BR1 1HA",
        "lighting": "Soft, warm lights. No flashing lights. The room is never fully dark.",
        "noise": "Quiet most of the time. Some scenes have raised voices for a short while.",
        "quiet_space": "A quiet room with beanbags next to the studio, always open.",
        "step_free_access": "Step-free from the street entrance, with a lift to the studio.",
        "toilets": "Accessible toilet and baby changing on the same floor.",
        "parking": (
            "Pay and display in the Hill car park, 3 minutes' walk. "
            "Blue badge spaces by the stage door."
        ),
        "public_transport": (
            "Bromley South station, 5 minutes' walk. Buses 61, 126 and 208 stop outside."
        ),
        "photos": [
            (
                "entrance",
                "The glass doors of the theatre, with a purple sign above them",
                "This is the way in. Someone in a purple T-shirt will meet you at the doors.",
            ),
            (
                "room",
                "A studio with chairs in a half circle and soft lights",
                "This is the room. You can choose where to sit, and move if you want to.",
            ),
            (
                "quiet",
                "A small room with beanbags and a lamp",
                "This is the quiet room. Go there whenever you like.",
            ),
        ],
    },
    {
        "name": "Bromley Central Library, meeting room 2",
        "address": "The Glades, High Street, Bromley",
        "postcode": "BR1 1EX",
        "lighting": "Bright ceiling lights. We can turn half of them off: just ask.",
        "noise": "Quiet. You may hear the lift and people in the library.",
        "quiet_space": "The library's reading corner, 20 steps away.",
        "step_free_access": "Step-free, with a lift from the shopping centre entrance.",
        "toilets": "Accessible toilets on the same floor.",
        "parking": "The Glades car park, level 3 is nearest.",
        "public_transport": "Bromley North station, 4 minutes' walk.",
        "photos": [
            (
                "entrance",
                "The library entrance inside the shopping centre",
                "The library is inside the shopping centre, next to the lifts.",
            ),
            (
                "room",
                "A meeting room with a round table and a window",
                "This is meeting room 2. There is a big window.",
            ),
        ],
    },
]

RUNNING_ORDER = [
    (0, "Arrive and settle in", "Tea, squash and biscuits. There is no rush.", False),
    (15, "Welcome", "The team says hello and explains what will happen.", False),
    (
        25,
        "Scene 1: the supermarket",
        "Actors show a busy checkout through a child's eyes. "
        "There is a loud beeping sound for about a minute.",
        True,
    ),
    (45, "Talk about what you saw", "In small groups. You can listen without speaking.", False),
    (65, "Break", "Fifteen minutes. The quiet room is open.", False),
    (80, "Scene 2: the school gate", "A morning that goes wrong, and one that goes right.", False),
    (100, "What you can try", "Ideas to take home, and a leaflet made by Bromley parents.", False),
]

# The quiet session's own running order: the same story, with no loud or intense moment.
QUIET_RUNNING_ORDER = [
    (0, "Arrive and settle in", "Squash and biscuits. Sit wherever you like.", False),
    (15, "Welcome", "The team says hello quietly and shows you the quiet room.", False),
    (
        25,
        "Scene 1: the supermarket",
        "Actors show a checkout through a child's eyes, with calm voices and no beeping.",
        False,
    ),
    (45, "Talk about what you saw", "In twos or threes. You can listen without speaking.", False),
    (65, "Break", "Fifteen minutes. The quiet room is open.", False),
    (80, "What you can try", "Ideas to take home, and a leaflet made by Bromley parents.", False),
]

THEATRE_DESCRIPTION = (
    "\n\nThe training was made with Bromley parents of autistic children. "
    "Nobody will be asked to act or speak in front of the group."
)


@dataclass(frozen=True)
class DemoSession:
    """One kind of demo session. What it says about lights, noise and what will happen must
    agree with itself: a quiet session has no loud scene, a coffee morning has no scenes."""

    title: str
    audience: Audience
    kind: EventKind
    venue_index: int
    capacity: int
    summary: str
    more: str = THEATRE_DESCRIPTION  # the description after the summary
    hour: int = 18
    participation: str = "You watch the scenes. Joining in the talk afterwards is up to you."
    breaks: str = "A 15-minute break halfway. Take a break whenever you need one."
    running_order: list = field(default_factory=lambda: RUNNING_ORDER)
    low_stimulus: bool = False
    lighting: str = ""  # blank: the venue's
    noise: str = ""
    drop_in: bool = False


SESSIONS = [
    DemoSession(
        "Through their eyes: a day out at the shops",
        Audience.PARENTS,
        EventKind.THEATRE,
        0,
        12,
        "Actors play out a trip to the shops, so you can feel what your child might feel.",
    ),
    DemoSession(
        "Understanding autism in the classroom",
        Audience.PROFESSIONALS,
        EventKind.THEATRE,
        1,
        16,
        "For teachers, teaching assistants and school office staff.",
    ),
    DemoSession(
        "Autism-friendly customer service",
        Audience.BUSINESSES,
        EventKind.THEATRE,
        0,
        14,
        "For shop and café staff: what a hard moment at the till looks like, and how to help.",
    ),
    DemoSession(
        "Parent-led coffee morning",
        Audience.PARENTS,
        EventKind.PEER_SUPPORT,
        1,
        20,
        "Meet other Bromley parents and carers. Run by a local parent. Just come for a chat.",
        more=(
            "\n\nA relaxed morning with tea, coffee and biscuits. Come when you like and leave "
            "when you like. There is no talk to listen to and nothing you have to do. Bring "
            "your child if you need to: there are toys to play with."
        ),
        hour=10,
        participation="Chat if you want to, or just listen. Nobody will ask you to speak.",
        breaks="Come and go as you like.",
        running_order=[],
        drop_in=True,
    ),
    DemoSession(
        "Quiet session: through their eyes",
        Audience.PARENTS,
        EventKind.THEATRE,
        0,
        8,
        "A low-stimulus session with fewer people and quieter scenes.",
        running_order=QUIET_RUNNING_ORDER,
        low_stimulus=True,
        lighting="Soft, low lights all the time. No bright or flashing lights.",
        noise="Quiet. The actors use calm voices. No loud sounds or raised voices.",
    ),
    DemoSession(
        "Feeling ready for secondary school",
        Audience.YOUNG_PEOPLE,
        EventKind.WORKSHOP,
        1,
        10,
        "For autistic young people aged 10 to 12 and a parent or carer.",
        more=(
            "\n\nWe look at photos of a secondary school, try out a timetable and plan what "
            "to do when something changes. Young people can work on their own or with their "
            "parent or carer."
        ),
        participation="Activities at your table. Joining in is up to you.",
        running_order=[],
        lighting="We turn half of the ceiling lights off for this session.",
    ),
]


def drawing(kind: str, alt: str) -> bytes:
    """A simple illustration as a PNG: real photos are uploaded by staff."""
    image = Image.new("RGB", (640, 400), (246, 245, 250))
    draw = ImageDraw.Draw(image)
    purple, grey = (91, 42, 134), (170, 152, 207)
    if kind == "entrance":
        draw.rectangle((220, 90, 420, 380), outline=purple, width=8)
        draw.line((320, 90, 320, 380), fill=purple, width=6)
        draw.rectangle((180, 40, 460, 80), fill=purple)
    elif kind == "room":
        for i in range(7):
            x = 90 + i * 70
            y = 250 - abs(3 - i) * 25
            draw.rounded_rectangle((x, y, x + 45, y + 60), radius=8, fill=grey)
        draw.ellipse((270, 40, 370, 110), fill=(255, 221, 120))
    else:
        draw.ellipse((150, 220, 330, 360), fill=grey)
        draw.ellipse((320, 240, 480, 360), fill=purple)
        draw.rectangle((500, 120, 520, 300), fill=purple)
        draw.ellipse((470, 80, 550, 140), fill=(255, 221, 120))
    draw.text((20, 16), alt[:70], fill=(11, 12, 12))
    data = io.BytesIO()
    image.save(data, format="PNG", optimize=True)
    return data.getvalue()


def draw_photo(kind: str, alt: str) -> str:
    """Draw an illustration into the store; return its file name (its storage key)."""
    filename = f"{secrets.token_hex(16)}.png"
    storage().save(filename, drawing(kind, alt), "image/png")
    return filename


def _venues() -> list[Venue]:
    venues = []
    for data in VENUES:
        existing = db.session.scalar(select(Venue).where(Venue.name == data["name"]))
        if existing is not None:
            venues.append(existing)
            continue
        fields = {key: value for key, value in data.items() if key != "photos"}
        venue = Venue(**fields)
        for position, (kind, alt, caption) in enumerate(data["photos"], start=1):
            venue.photos.append(
                VisualStoryPhoto(
                    position=position,
                    filename=draw_photo(kind, alt),
                    alt_text=alt,
                    caption=caption,
                )
            )
        db.session.add(venue)
        venues.append(venue)
    db.session.flush()
    return venues


def _starts(day: datetime, hour: int) -> datetime:
    local = datetime.combine(day.astimezone(LONDON).date(), time(hour), tzinfo=LONDON)
    return local.astimezone(LONDON)


def load_demo_events(people: list[User]) -> list[str]:
    """Create the demo sessions once; return lines describing what was made."""
    if db.session.scalar(select(Event.id).limit(1)) is not None:
        return ["  Training sessions: already loaded"]
    venues = _venues()
    now = utcnow()
    made = []
    for week in range(12):
        for index, session in enumerate(SESSIONS):
            if (week + index) % 3:
                continue
            day = now + timedelta(days=week * 7 + index + 3)
            event = _event(session, venues, _starts(day, session.hour))
            event.leads = [people[2]]  # the demo staff member runs the coming sessions
            db.session.add(event)
            made.append(event)
    db.session.flush()
    families = _fill(made, people, now)
    _tomorrow(venues, people[0], now)
    past = _past_sessions(venues, families, now)
    return [
        f"  Training sessions: {len(made)} over the next three months, at {len(venues)} venues",
        "  A workshop tomorrow that the demo parent has booked: the worker (`make run` "
        "starts it) queues its reminder in the outbox at once",
        f"  Past sessions with attendance and feedback, for the staff dashboard: {past}",
    ]


def _event(session: DemoSession, venues: list[Venue], starts: datetime) -> Event:
    return Event(
        title=session.title,
        summary=session.summary,
        description=session.summary + session.more,
        audience=session.audience,
        kind=session.kind,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        venue=venues[session.venue_index],
        capacity=session.capacity,
        status=EventStatus.PUBLISHED,
        low_stimulus=session.low_stimulus,
        drop_in=session.drop_in,
        lighting=session.lighting,
        noise=session.noise,
        crowd_size=f"Up to {session.capacity} people.",
        participation=session.participation,
        breaks=session.breaks,
        booking_closes_at=starts - timedelta(hours=2),
        running_order=[
            RunningOrderItem(position=n, minutes_from_start=m, title=t, detail=d, intense=i)
            for n, (m, t, d, i) in enumerate(session.running_order, start=1)
        ],
    )


def _tomorrow(venues: list[Venue], parent: User, now: datetime) -> None:
    """A session inside the reminder window, so a newcomer sees the worker send a reminder."""
    session = next(row for row in SESSIONS if row.kind == EventKind.WORKSHOP)
    event = _event(session, venues, _starts(now + timedelta(days=1), 10))
    db.session.add(event)
    db.session.flush()
    book_places(event, parent, Party(adults=1, children=1), Needs(), now=now)


def _past_sessions(venues: list[Venue], families: list[User], now: datetime) -> int:
    """Sessions over the last six months, with who came and what they thought."""
    count = 0
    # Oldest first, as they happened: each family then holds no more bookings for sessions
    # still to come than MAX_ACTIVE_BOOKINGS allows at the time it booked.
    for months_ago in range(6, 0, -1):
        starts = _starts(now - timedelta(days=30 * months_ago + 3), 18)
        event = Event(
            title="Through their eyes: a day out at the shops",
            summary="Actors play out a trip to the shops.",
            description="A past session.",
            audience=Audience.PARENTS if months_ago % 2 else Audience.PROFESSIONALS,
            kind=EventKind.THEATRE,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            venue=venues[months_ago % len(venues)],
            capacity=16,
            status=EventStatus.PUBLISHED,
        )
        db.session.add(event)
        db.session.flush()
        for n, family in enumerate(families):
            booking = book_places(
                event,
                family,
                Party(adults=1, children=1),
                Needs(),
                now=starts - timedelta(days=10 + n),
            )
            if (n + months_ago) % 4:
                booking.arrived_at = starts + timedelta(minutes=(n * 7) % 25)
                db.session.add(
                    Feedback(
                        booking_id=booking.id,
                        event_id=event.id,
                        rating=5 - (n + months_ago) % 3,
                        helped="The quiet room, and knowing what would happen.",
                        confidence_before=2 if event.audience == Audience.PROFESSIONALS else None,
                        confidence_after=4 if event.audience == Audience.PROFESSIONALS else None,
                        created_at=starts + timedelta(days=1),
                    )
                )
        count += 1
    return count


def _fill(events: list[Event], people: list[User], now: datetime) -> list[User]:
    """Make the first session full with a waiting list, and a few nearly full."""
    from portal.accounts.services import register_user

    families = [
        register_user(
            email=f"family{n}@example.org",
            full_name=f"Demo family {n}",
            password=secrets.token_urlsafe(16),
            email_confirmed_at=utcnow(),
        )
        for n in range(1, 9)
    ]
    # Nobody books a drop-in, and families do not book training for businesses.
    events = [e for e in events if not e.drop_in and e.audience != Audience.BUSINESSES]
    first = events[0]
    for family in families[:4]:
        book_places(first, family, Party(adults=2, children=1), Needs(), now=now)
    join_waiting_list(first, families[4], Party(adults=1, children=1), Needs(), now=now)
    join_waiting_list(first, families[5], Party(adults=2), Needs(), now=now)
    for event in events[1:4]:
        book_places(event, families[6], Party(adults=2, children=2), Needs(), now=now)
        book_places(event, families[7], Party(adults=1, children=2, carer=True), Needs(), now=now)
    return families
