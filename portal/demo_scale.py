"""A borough-scale data set for benchmarks: `flask --app wsgi demo-data --scale N`.

At N=1: about 3,000 sessions over three years (two past, one ahead) at 16 venues, 60,000
bookings and waiting-list places from 20,000 families and professionals, 2,000 businesses with
pledges in every state, and 1,000 library items with transcripts. N is a float (0.01 gives about
30 sessions). Rows go in with Core bulk inserts, every account shares one password hash, and
files on disk are a handful of drawings, PDFs and one film, hard-linked under each row's own
name; so N=1 takes well under a minute. The same seed gives the same data set.
"""

from __future__ import annotations

import os
import random
import re
import secrets
import time as clock
import unicodedata
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from pathlib import Path

from flask import current_app
from sqlalchemy import func, insert, select, text

from portal.accounts.models import Role, User, new_session_token
from portal.accounts.passwords import hash_password
from portal.dates import LONDON, utcnow
from portal.demo_events import RUNNING_ORDER, draw_photo
from portal.demo_library import CAPTIONS, LEAFLET, _film, _pdf
from portal.events.models import (
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
from portal.events.services import ADJUSTMENTS, REFERENCE_ALPHABET
from portal.extensions import db
from portal.library.files import library_folder
from portal.library.models import FileRole, ItemKind, ItemStatus, LibraryFile, LibraryItem
from portal.library.search import SQLITE_TABLE
from portal.pledges.models import (
    Business,
    BusinessPhoto,
    CommentStatus,
    Commitment,
    CommitmentKind,
    Pledge,
    PledgeStatus,
    VisitComment,
    business_owners,
    pledge_commitments,
)
from portal.pledges.services import DAYS, PLEDGE_LIFETIME, REMIND_BEFORE, ensure_catalogue

DEFAULT_SEED = 1
# Development only (the CLI refuses to run in production), like the small demo's passwords.
PASSWORD = "bromley scale demo"  # noqa: S105
STAFF_EMAIL, ADMIN_EMAIL = "scale.staff@example.org", "scale.admin@example.org"
BATCH = 5000
# At N=1.
SESSIONS, MEMBERS, BUSINESSES, LIBRARY_ITEMS, VENUES = 3000, 20000, 2000, 1000, 16
DAYS_PAST, DAYS_AHEAD = 730, 365


class ScaleDataLoaded(Exception):
    """The scale data set is already in this database."""


# -- Word pools -------------------------------------------------------------------------------

# fmt: off
FIRST = [
    "Priya", "Tom", "Sam", "Alex", "Jo", "Chris", "Aisha", "Ben", "Chloe", "Daniel", "Emma",
    "Fatima", "Grace", "Harry", "Isla", "Jack", "Kemi", "Leah", "Mohammed", "Nadia", "Olivia",
    "Patrick", "Ruby", "Sophie", "Tariq", "Uma", "Victor", "Wendy", "Yusuf", "Zoe", "Amara",
    "Callum", "Deepa", "Ellie", "Femi", "Hannah", "Imran", "Jade", "Kwame", "Laura", "Maya",
    "Noah", "Oscar", "Rosa", "Sean", "Tessa",
]
LAST = [
    "Shah", "Okafor", "Whitfield", "Morgan", "Smith", "Jones", "Taylor", "Brown", "Williams",
    "Wilson", "Patel", "Khan", "Begum", "Adeyemi", "Murphy", "Kelly", "Walker", "Wright",
    "Green", "Hall", "Clarke", "Evans", "Hughes", "Edwards", "Kowalski", "Nowak", "Mensah",
    "Osei", "Ali", "Hussain", "Chen", "Wong", "Singh", "Kaur", "Fraser", "Reid", "Campbell",
    "Lewis", "Hill", "Baker",
]
# fmt: on
# Postcode district -> (town, streets), for the parts of the borough where businesses are.
TOWNS = {
    "BR1": ("Bromley", ["High Street", "Market Square", "East Street", "Widmore Road"]),
    "BR2": ("Hayes", ["Hayes Street", "Station Approach", "Baston Road", "Westmoreland Road"]),
    "BR3": ("Beckenham", ["High Street", "Croydon Road", "Kelsey Park Road", "Rectory Road"]),
    "BR4": ("West Wickham", ["High Street", "Station Road", "Glebe Way", "Red Lodge Road"]),
    "BR5": ("Petts Wood", ["Station Square", "Queensway", "Petts Wood Road", "Crescent Drive"]),
    "BR6": ("Orpington", ["High Street", "Station Road", "Crofton Road", "Sevenoaks Road"]),
    "BR7": ("Chislehurst", ["High Street", "Royal Parade", "Red Hill", "Willow Grove"]),
    "SE20": ("Penge", ["High Street", "Maple Road", "Anerley Road", "Green Lane"]),
    "TN16": ("Biggin Hill", ["Main Road", "Church Road", "Jail Lane"]),
}
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
SECTORS = {
    "Café": ["Café", "Coffee House", "Tea Room", "Kitchen"],
    "Supermarket": ["Food Store", "Supermarket", "Local", "Grocers"],
    "Hairdresser": ["Hair Studio", "Barbers", "Salon", "Cuts"],
    "Dentist": ["Dental Practice", "Family Dental", "Dental Care"],
    "Pharmacy": ["Pharmacy", "Chemist"],
    "Library": ["Library"],
    "Leisure centre": ["Leisure Centre", "Swimming Pool", "Soft Play"],
    "Restaurant": ["Pizzeria", "Diner", "Noodle Bar", "Bistro"],
    "Shop": ["Bookshop", "Toy Shop", "Shoe Shop", "Hardware", "Gift Shop"],
    "GP surgery": ["Medical Centre", "Surgery"],
    "Cinema": ["Picture House", "Cinema"],
}
HOURS = [
    "Monday to Saturday, 9am to 5:30pm",
    "Every day, 8am to 10pm",
    "Monday to Friday, 8:30am to 6pm; Saturday 9am to 1pm",
    "Tuesday to Sunday, 10am to 4pm",
]
ADJECTIVES = ["Green", "Little", "Corner", "Old", "Village", "Red", "Friendly", "Park"]
# Scenarios for a business's pledges, with their share of businesses (at least one each).
PLEDGE_SCENARIOS = {
    "live": 0.42,
    "renewed": 0.10,  # a replaced pledge, then a live one
    "renewing": 0.05,  # a live pledge and a renewal waiting for review
    "expired": 0.10,
    "submitted": 0.08,
    "changes-requested": 0.06,
    "draft": 0.14,
    "declined": 0.05,
}

VENUE_LIST = [
    ("Bromley Civic Centre, training room", "Stockwell Close, Bromley", "BR1 3UH"),
    ("Beckenham Public Hall", "Bromley Road, Beckenham", "BR3 5JE"),
    ("Orpington Methodist Church hall", "Sevenoaks Road, Orpington", "BR6 9JH"),
    ("Penge Congregational Church hall", "High Street, Penge", "SE20 7HW"),
    ("West Wickham Library, community room", "Glebe Way, West Wickham", "BR4 0SH"),
    ("Chislehurst Library, meeting room", "Red Hill, Chislehurst", "BR7 5PS"),
    ("Mottingham Community Centre", "Kimmeridge Road, Mottingham", "SE9 4DZ"),
    ("Biggin Hill Library, meeting room", "Church Road, Biggin Hill", "TN16 3LB"),
    ("Petts Wood Memorial Hall", "Petts Wood Road, Petts Wood", "BR5 1LF"),
    ("Cotmandene Community Resource Centre", "Cotmandene Crescent, St Paul's Cray", "BR5 2RE"),
    ("Hayes Village Hall", "Hayes Street, Hayes", "BR2 7LG"),
    ("Bromley FC community suite", "Hayes Lane, Bromley", "BR2 9EF"),
    ("Anerley Town Hall, Room 3", "Anerley Road, Anerley", "SE20 8BD"),
    ("Orpington College training suite", "The Walnuts, Orpington", "BR6 0TE"),
    ("The Churchill Theatre rehearsal room", "High Street, Bromley", "BR1 1HA"),
    ("Crystal Palace Park, the Hub", "Thicket Road, Penge", "SE20 8DT"),
]
LIGHTING = [
    "Soft, warm lights. No flashing lights.",
    "Bright ceiling lights. We can turn half of them off: just ask.",
    "Big windows and daylight. Blinds if the sun is in your eyes.",
]
NOISE = [
    "Quiet most of the time. Some scenes have raised voices for a short while.",
    "Quiet. You may hear the lift and people passing the door.",
    "Chatty when everyone arrives, then calmer. Ear defenders are on the table.",
]
QUIET_SPACE = [
    "A quiet room next door, always open.",
    "A corner with beanbags behind a screen.",
    "A small side room. Ask anyone in a purple T-shirt.",
]
STEP_FREE = [
    "Step-free from the street, with a lift.",
    "One small step at the door; a ramp is there on request.",
    "Step-free throughout.",
]
TRANSPORT = [
    "The station is 5 minutes' walk.",
    "Buses stop outside.",
    "A 10-minute walk from the station.",
]

# title, audience, kind, capacity range, minutes, weight, summary
SESSION_TYPES = [
    (
        "Through their eyes: a day out at the shops",
        Audience.PARENTS,
        EventKind.THEATRE,
        (24, 40),
        120,
        14,
        "Actors play out a trip to the shops, so you can feel what your child might feel.",
    ),
    (
        "Quiet session: through their eyes",
        Audience.PARENTS,
        EventKind.THEATRE,
        (8, 12),
        120,
        4,
        "A low-stimulus session with fewer people and quieter scenes.",
    ),
    (
        "Understanding autism in the classroom",
        Audience.PROFESSIONALS,
        EventKind.THEATRE,
        (30, 60),
        150,
        10,
        "For teachers, teaching assistants and school office staff.",
    ),
    (
        "Autism awareness for school staff: training day",
        Audience.PROFESSIONALS,
        EventKind.WORKSHOP,
        (60, 150),
        300,
        2,
        "A whole day for school staff across the borough, with the theatre company.",
    ),
    (
        "Autism-friendly customer service",
        Audience.BUSINESSES,
        EventKind.THEATRE,
        (20, 36),
        120,
        8,
        "For shop and café staff: what a hard moment at the till looks like, and how to help.",
    ),
    (
        "Starting a quiet hour",
        Audience.BUSINESSES,
        EventKind.WORKSHOP,
        (12, 24),
        90,
        4,
        "For managers: how other Bromley shops run a quiet hour, step by step.",
    ),
    (
        "Parent-led coffee morning",
        Audience.PARENTS,
        EventKind.PEER_SUPPORT,
        (24, 45),
        90,
        14,
        "Meet other Bromley parents and carers. Run by a local parent. Just come for a chat.",
    ),
    (
        "Dads' and male carers' evening",
        Audience.PARENTS,
        EventKind.PEER_SUPPORT,
        (10, 20),
        90,
        4,
        "An evening meet-up for dads and male carers, in a quiet room.",
    ),
    (
        "Sleep: what helps",
        Audience.PARENTS,
        EventKind.WORKSHOP,
        (20, 36),
        120,
        6,
        "Ideas that Bromley families have tried for bedtimes and nights.",
    ),
    (
        "After the diagnosis: first steps",
        Audience.PARENTS,
        EventKind.WORKSHOP,
        (20, 36),
        150,
        6,
        "What the diagnosis means, who can help, and what to do first.",
    ),
    (
        "Feeling ready for secondary school",
        Audience.YOUNG_PEOPLE,
        EventKind.WORKSHOP,
        (10, 16),
        120,
        5,
        "For autistic young people aged 10 to 12 and a parent or carer.",
    ),
    (
        "Saturday games club",
        Audience.YOUNG_PEOPLE,
        EventKind.PEER_SUPPORT,
        (12, 24),
        120,
        5,
        "Board games and video games in a calm room. Come with a parent or carer.",
    ),
    (
        "Reasonable adjustments in health care",
        Audience.PROFESSIONALS,
        EventKind.WORKSHOP,
        (24, 48),
        180,
        5,
        "For GP receptionists, nurses and dental staff.",
    ),
]
# fraction of the session, title, detail, intense
WORKSHOP_ORDER = [
    (0.0, "Arrive and settle in", "Tea and squash. There is no rush.", False),
    (0.1, "Welcome", "What we will cover, and where the quiet room is.", False),
    (0.25, "Part 1: listening", "A short talk with slides. No videos with loud sound.", False),
    (0.45, "Break", "Fifteen minutes. The quiet room is open.", False),
    (0.55, "Part 2: trying it out", "In small groups. You can listen without speaking.", False),
    (0.85, "Questions and what next", "Take home a leaflet made by Bromley parents.", False),
]
MEETUP_ORDER = [
    (0.0, "Arrive", "Find a seat anywhere. Hot drinks on the side.", False),
    (0.15, "Hello round", "Say your first name if you want to. Nobody has to speak.", False),
    (0.3, "Chat", "Talk in small groups, or just listen.", False),
    (0.55, "A short talk", "A local parent or a visitor talks for ten minutes.", False),
    (0.9, "Close", "The next date, and who to ask for help.", False),
]
THEATRE_ORDER = [(m / 120, t, d, i) for m, t, d, i in RUNNING_ORDER]
ORDERS = {
    EventKind.THEATRE: THEATRE_ORDER,
    EventKind.WORKSHOP: WORKSHOP_ORDER,
    EventKind.PEER_SUPPORT: MEETUP_ORDER,
}
CANCEL_REASONS = [
    "Two of the actors are unwell, so the session cannot go ahead.",
    "The venue has a heating fault and is closed that day.",
    "Too few people could come on this date; the next session is in two weeks.",
]
HELPED = [
    "Knowing what would happen, in order.",
    "The quiet room, and that nobody minded when I used it.",
    "Seeing the supermarket scene: now I understand my son's meltdowns at the till.",
    "Meeting other parents who just get it.",
    "Practical ideas I could use the next day.",
]
BETTER = ["", "", "A bit more time for questions.", "The room was warm.", "Later start time."]
NOTES = ["", "", "My daughter may need to leave for a few minutes.", "Please seat us near a door."]

SUBJECTS = [
    ("Sleep", "sleep, routines"),
    ("Eating and mealtimes", "eating, sensory"),
    ("Starting school", "school, transitions"),
    ("Meltdowns and shutdowns", "behaviour, sensory"),
    ("A visit to the dentist", "health, visits"),
    ("Getting a haircut", "visits, sensory"),
    ("Going on holiday", "travel, transitions"),
    ("Friendships", "social, school"),
    ("Brothers and sisters", "family"),
    ("After the diagnosis", "getting started, support"),
    ("Growing up and puberty", "health, teenagers"),
    ("Worry and anxiety", "wellbeing"),
    ("Changes to routine", "routines, transitions"),
    ("Busy shops", "shops, sensory"),
    ("Buses and trains", "travel"),
    ("Noise and crowds", "sensory"),
    ("Talking and listening", "communication"),
    ("Finding work", "employment, adults"),
    ("Money and benefits", "support, money"),
    ("EHC plans", "school, support"),
    ("Play dates", "social, play"),
    ("Screens and games", "play, routines"),
    ("Clothes and labels", "sensory"),
    ("Moving to secondary school", "school, transitions"),
    ("Parties and celebrations", "social, family"),
    ("Doctors and hospitals", "health, visits"),
    ("Swimming and sport", "leisure, sensory"),
    ("Looking after yourself as a parent", "wellbeing, support"),
]
ANGLES = {
    ItemKind.FILM: ["what parents say", "a young person's view", "one family's story", "tips"],
    ItemKind.LEAFLET: ["a guide for parents", "for teachers", "what helps", "help in Bromley"],
    ItemKind.GUIDE: ["step by step", "a practical guide", "for grandparents", "for staff"],
    ItemKind.VISUAL_STORY: ["the waiting room", "the front door", "the day itself", "going home"],
}
KIND_SHARES = {
    ItemKind.FILM: 0.35,
    ItemKind.LEAFLET: 0.35,
    ItemKind.GUIDE: 0.2,
    ItemKind.VISUAL_STORY: 0.1,
}
ITEM_STATUS_SHARES = {ItemStatus.PUBLISHED: 0.85, ItemStatus.DRAFT: 0.08, ItemStatus.ARCHIVED: 0.07}
SENTENCES = [
    "A visual timetable on the fridge shows what happens next.",
    "We count down before every change, so nothing comes as a surprise.",
    "Ear defenders live in the bag by the front door.",
    "A quiet hour at the supermarket made Saturday shopping possible again.",
    "Our son's teacher now gives him a five-minute warning before the bell.",
    "When it gets too much, we find somewhere calm and wait together.",
    "Social stories helped her understand what the day would look like.",
    "We asked for a seat near the exit, and it made all the difference.",
    "Other parents at the coffee morning told us about the sunflower lanyard.",
    "Sometimes the best thing to do is say less and wait.",
]
AUDIENCES = ["Parents and carers", "Professionals", "Young people", "Businesses"]
AGE_BANDS = ["", "Under 5", "5 to 11", "11 to 16", "16 to 25", "All ages"]
ALT_FORMATS = [("Easy read", "English"), ("Large print", "English"), ("Translation", "Polish")]


# -- Helpers ----------------------------------------------------------------------------------


def _count(scale: float, at_one: int, least: int) -> int:
    return max(least, round(at_one * scale))


def _quota(rng: random.Random, shares: dict, total: int) -> list:
    """`total` labels drawn in the given shares, each at least once when there is room."""
    labels = list(shares)[:total]
    labels += rng.choices(list(shares), weights=list(shares.values()), k=total - len(labels))
    rng.shuffle(labels)
    return labels


def _bulk(table, rows: list[dict], *, ids: bool = False, key: str = "") -> list[int]:
    """INSERT rows in batches (Core executemany); with ids=True, return their ids in order.

    Given a unique `key` column the ids are read back by it: for tens of thousands of rows
    that is much quicker on PostgreSQL than INSERT ... RETURNING, whose multi-row statements
    psycopg parses placeholder by placeholder.
    """
    if ids and key:
        before = db.session.scalar(select(func.max(table.c.id))) or 0
        _bulk(table, rows)
        made = select(table.c[key], table.c.id).where(table.c.id > before)
        found = {value: id_ for value, id_ in db.session.execute(made)}
        return [found[row[key]] for row in rows]
    made: list[int] = []
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        if ids:
            statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
            made.extend(db.session.execute(statement, chunk).scalars())
        else:
            db.session.execute(insert(table), chunk)
    return made


def _between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    if end <= start:
        return start
    return start + timedelta(seconds=rng.uniform(0, (end - start).total_seconds()))


def _london(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON).astimezone(UTC)


def _slug(words: str, taken: set[str]) -> str:
    plain = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:100] or "item"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _took(started: float) -> str:
    return f"{clock.perf_counter() - started:.1f}s"


def _tally(counts: Counter) -> str:
    return ", ".join(f"{count:,} {label}" for label, count in sorted(counts.items()))


class _Files:
    """One stored file per row (staff deleting one must not break another), without writing
    the same bytes a thousand times: the first copy is written, the rest are hard links."""

    def __init__(self, folder: Path, data: bytes, suffix: str, mimetype: str) -> None:
        self.folder, self.data, self.suffix, self.mimetype = folder, data, suffix, mimetype
        self.first: Path | None = None
        folder.mkdir(parents=True, exist_ok=True)

    def copy(self) -> str:
        name = secrets.token_hex(16) + self.suffix
        path = self.folder / name
        if self.first is not None:
            try:
                os.link(self.first, path)
                return name
            except OSError:
                pass  # a file system without hard links: write the bytes
        path.write_bytes(self.data)
        self.first = self.first or path
        return name


@cache
def _drawing(kind: str, alt: str) -> bytes:
    folder = Path(current_app.config["MEDIA_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / draw_photo(folder, kind, alt)
    data = path.read_bytes()
    path.unlink()
    return data


@cache
def _film_bytes() -> bytes | None:
    return _film()  # a few seconds of ffmpeg: once per process


# -- The generator ----------------------------------------------------------------------------


def load_scale_data(
    scale: float, seed: int = DEFAULT_SEED, *, now: datetime | None = None
) -> Iterator[str]:
    """Create the scale data set in one transaction, yielding a line as each part is made.

    Raises ScaleDataLoaded, before writing anything, if the database already has it.
    """
    if db.session.scalar(select(User.id).where(User.email == STAFF_EMAIL)) is not None:
        raise ScaleDataLoaded(
            "The scale data set is already loaded in this database. To load it again, "
            "start from an empty database."
        )
    rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
    now = now or utcnow()
    started = clock.perf_counter()
    yield f"Scale data set, N={scale:g}, seed {seed}:"
    # Everything is planned first and inserted after, so that nobody acts before they joined.
    people = _People(rng, _count(scale, MEMBERS, 300), _count(scale, BUSINESSES, 8), now)
    venues = _venues(rng, min(len(VENUE_LIST), _count(scale, VENUES, 2)))
    events = _sessions(rng, venues, _count(scale, SESSIONS, 3), now)
    bookings, statuses = _plan_bookings(rng, events, people, now)
    businesses = _plan_businesses(rng, people, now)
    people.insert(rng, now)
    yield f"  Accounts: {len(people.rows):,}, sharing one password hash ({_took(started)})"
    _insert_sessions(rng, events)
    feedback = _insert_bookings(rng, bookings, people, now)
    past = sum(1 for event in events if event["starts_at"] <= now)
    yield (
        f"  Sessions: {len(events):,} at {len(venues)} venues, {past:,} past and "
        f"{len(events) - past:,} to come ({_took(started)})"
    )
    yield (
        f"  Bookings and waiting-list places: {len(bookings):,} ({_tally(statuses)}); "
        f"feedback: {feedback:,} ({_took(started)})"
    )
    pledges = _insert_businesses(businesses, people, now)
    yield (
        f"  Businesses: {len(businesses):,}; pledges: {sum(pledges.values()):,} "
        f"({_tally(pledges)}) ({_took(started)})"
    )
    items, files = _library(rng, _count(scale, LIBRARY_ITEMS, 4), now)
    yield f"  Library: {items:,} items with transcripts, {files:,} files ({_took(started)})"
    db.session.commit()
    # Fresh statistics, so the query planner knows the tables' new sizes straight away.
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    yield f"Committed after {_took(started)}. Every generated account's password: {PASSWORD}"
    yield f"  staff  {STAFF_EMAIL}"
    yield f"  admin  {ADMIN_EMAIL}"


class _People:
    """The accounts, planned before they are inserted: members (families and professionals),
    then business owners, then one staff and one admin. Someone who books or signs a pledge
    has joined by then (`joined_by`); `id(n)` is the account's id once inserted."""

    def __init__(self, rng: random.Random, members: int, owners: int, now: datetime) -> None:
        self.members, self.owners = range(members), range(members, members + owners)
        self.rows = []
        for n in range(members + owners + 2):
            name = _name(rng)
            local = re.sub(r"[^a-z.]", "", name.lower().replace(" ", "."))
            self.rows.append(
                {
                    "email": f"{local}.{n + 1}@example.{('org', 'com', 'net')[n % 3]}",
                    "full_name": name,
                    "role": Role.MEMBER if n < members else Role.BUSINESS,
                    "created_at": now - timedelta(days=rng.uniform(1, DAYS_PAST)),
                }
            )
        self.rows[-2].update(email=STAFF_EMAIL, full_name="Sam Scale", role=Role.STAFF)
        self.rows[-1].update(email=ADMIN_EMAIL, full_name="Alex Scale", role=Role.ADMIN)
        self.ids: list[int] = []

    def joined_by(self, n: int, moment: datetime) -> None:
        row = self.rows[n]
        row["created_at"] = min(row["created_at"], moment - timedelta(days=1))

    def id(self, n: int) -> int:
        return self.ids[n]

    def insert(self, rng: random.Random, now: datetime) -> None:
        password_hash = hash_password(PASSWORD)  # argon2 is slow on purpose: hash once, share
        for row in self.rows:
            signed_in = _between(rng, row["created_at"], now) if rng.random() < 0.7 else None
            row.update(
                password_hash=password_hash,
                session_token=new_session_token(),
                disabled=False,
                last_signed_in_at=signed_in,
                password_changed_at=row["created_at"],
            )
        self.ids = _bulk(User.__table__, self.rows, ids=True, key="email")


def _venues(rng: random.Random, count: int) -> list[int]:
    """Venues with sensory profiles and a visual story of two or three drawings."""
    folder = Path(current_app.config["MEDIA_FOLDER"])
    pictures = [
        (_Files(folder, _drawing(kind, alt), ".png", "image/png"), alt, caption)
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
    ids = _bulk(Venue.__table__, rows, ids=True)
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
    _bulk(VisualStoryPhoto.__table__, photos)
    return ids


def _sessions(rng: random.Random, venues: list[int], count: int, now: datetime) -> list[dict]:
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
        starts = _london(day, *((9, 30) if minutes > 200 else rng.choice([(10, 0), evening])))
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


def _insert_sessions(rng: random.Random, events: list[dict]) -> None:
    """Insert the sessions (each gets its "id") and their running orders, three to seven steps."""
    ids = _bulk(Event.__table__, events, ids=True)
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
    _bulk(RunningOrderItem.__table__, steps)


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


def _plan_bookings(rng: random.Random, events: list[dict], people: _People, now: datetime):
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
        times = sorted(_between(rng, opened, min(event["booking_closes_at"], now)) for _ in parties)
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
        "cancelled_at": _between(rng, created, min(starts, now)) if given_up else None,
        # What `flask reminders send` would have done by now.
        "reminder_sent_at": max(reminded, created) if went_ahead and reminded <= now else None,
        "arrived_at": arrived,
        "no_show": no_show,
        "feedback_requested_at": asked if went_ahead and asked <= now else None,
    }


def _insert_bookings(rng: random.Random, bookings: list, people: _People, now) -> int:
    """Insert the bookings, then feedback from some of the people who came."""
    for row, event, person in bookings:
        row.update(event_id=event["id"], user_id=people.id(person))
    ids = _bulk(Booking.__table__, [row for row, _, _ in bookings], ids=True, key="reference")
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
    _bulk(Feedback.__table__, feedback)
    return len(feedback)


def _plan_businesses(rng: random.Random, people: _People, now: datetime) -> list[dict]:
    """One business per owner, each with the pledges of one scenario (at least one business
    in each), a visual story when it pledges one, and families' comments once it is live."""
    ensure_catalogue()
    catalogue = list(
        db.session.execute(select(Commitment.id, Commitment.kind).where(Commitment.active))
    )
    slugs = set(db.session.scalars(select(Business.slug)))
    scenarios = _quota(rng, PLEDGE_SCENARIOS, len(people.owners))
    plans = []
    for owner, scenario in zip(people.owners, scenarios, strict=True):
        chosen = rng.sample(catalogue, rng.randint(2, min(5, len(catalogue))))
        pledge = _pledge_row(rng, chosen, scenario, now)
        renewal = _renewal_row(rng, pledge, scenario, now) if scenario.startswith("renew") else None
        registered = pledge["created_at"] - timedelta(days=rng.uniform(1, 60))
        business = _business_row(rng, slugs, registered)
        people.joined_by(owner, business["created_at"])
        comments = []
        if scenario in ("live", "renewing", "renewed"):
            for _ in range(rng.choices([0, 1, 2, 3], [60, 20, 12, 8])[0]):
                person = rng.choice(people.members)
                when = _between(rng, pledge["approved_at"], now)
                people.joined_by(person, when)
                roll = rng.random()
                status = (
                    CommentStatus.PUBLISHED if roll < 0.7
                    else CommentStatus.PENDING if roll < 0.9
                    else CommentStatus.REJECTED
                )  # fmt: skip
                comments.append(
                    {
                        "helped": rng.choice(HELPED),
                        "did_not_help": rng.choice(BETTER),
                        "status": status,
                        "created_at": when,
                        "user_id": person,
                    }
                )
        plans.append(
            {
                "business": business,
                "owners": {owner, rng.choice(people.owners)} if rng.random() < 0.05 else {owner},
                "photos": rng.randint(1, 3)
                if any(kind == CommitmentKind.PHOTOS for _, kind in chosen)
                else 0,
                # Half the drafts have not chosen their commitments yet.
                "commitments": [] if pledge["agreed_at"] is None and rng.random() < 0.5 else chosen,
                "pledge": pledge,
                "renewal": renewal,
                "comments": comments,
            }
        )
    return plans


def _business_row(rng: random.Random, slugs: set[str], created: datetime) -> dict:
    district = rng.choice(list(TOWNS))
    town, streets = TOWNS[district]
    sector = rng.choice(list(SECTORS))
    prefix = rng.choice([town, f"{rng.choice(LAST)}'s", f"The {rng.choice(ADJECTIVES)}"])
    name = f"{prefix} {rng.choice(SECTORS[sector])}"
    slug = _slug(f"{name} {district}", slugs)
    letters = "".join(rng.choices(POSTCODE_LETTERS, k=2))
    return {
        "slug": slug,
        "name": name,
        "address": f"{rng.randint(1, 240)} {rng.choice(streets)}, {town}",
        "postcode": f"{district} {rng.randint(1, 9)}{letters}",
        "postcode_district": district,
        "sector": sector,
        "website": f"https://{slug[:40].strip('-')}.example.org" if rng.random() < 0.6 else "",
        "description": f"A {sector.lower()} in {town}.",
        "opening_hours": rng.choice(HOURS),
        "created_at": created,
    }


def _pledge_row(rng: random.Random, chosen: list, scenario: str, now: datetime) -> dict:
    kinds = {kind for _, kind in chosen}
    quiet_hour, training = CommitmentKind.QUIET_HOUR in kinds, CommitmentKind.TRAINING in kinds
    staff_total = rng.randint(3, 120)
    days_ago = {
        "live": (1, 364),
        "renewing": (300, 364),
        "renewed": (366, 700),
        "expired": (366, 900),
    }.get(scenario)
    approved = now - timedelta(days=rng.uniform(*days_ago)) if days_ago else None
    expires = approved + PLEDGE_LIFETIME if approved else None
    agreed = (approved or now) - timedelta(days=rng.uniform(2, 30))
    status = {
        "submitted": PledgeStatus.SUBMITTED,
        "changes-requested": PledgeStatus.CHANGES_REQUESTED,
        "draft": PledgeStatus.DRAFT,
        "declined": PledgeStatus.DECLINED,
        "renewed": PledgeStatus.REPLACED,
    }.get(scenario, PledgeStatus.APPROVED)
    draft = status == PledgeStatus.DRAFT
    return {
        "status": status,
        "quiet_hour_day": rng.choice(DAYS[:6]) if quiet_hour else "",
        "quiet_hour_start": "9:00" if quiet_hour else "",
        "quiet_hour_end": "10:00" if quiet_hour else "",
        "staff_total": staff_total if training else None,
        "staff_trained": rng.randint(0, staff_total) if training else None,
        "signatory_name": "" if draft else _name(rng),
        "signatory_role": "" if draft else rng.choice(["Manager", "Owner", "Practice manager"]),
        "agreed_at": None if draft else agreed,
        "created_at": agreed - timedelta(days=rng.uniform(0, 5)),
        "submitted_at": None if draft else agreed,
        "approved_at": approved,
        "expires_at": expires,
        "staff_message": {
            "changes-requested": "Please say which day the quiet hour is on the door sign too.",
            "declined": "We could not confirm the training. Please talk to us and apply again.",
        }.get(scenario, ""),
        "business_reply": "",
        # What `flask pledges remind` would have done by now.
        "reminder_sent_at": expires - REMIND_BEFORE
        if expires and expires - REMIND_BEFORE <= now
        else None,
        "expiry_notice_sent_at": expires if expires and expires <= now else None,
        "renews_id": None,
    }


def _renewal_row(rng: random.Random, previous: dict, scenario: str, now: datetime) -> dict:
    """A renewal copies the pledge it renews: approved (replacing it) or waiting for review."""
    approved, status, expires = None, PledgeStatus.SUBMITTED, None
    if scenario == "renewed":
        approved = _between(rng, previous["expires_at"] - REMIND_BEFORE, now - timedelta(days=1))
        status, expires = PledgeStatus.APPROVED, approved + PLEDGE_LIFETIME
    agreed = (approved or now) - timedelta(days=rng.uniform(1, 10))
    return {
        **previous,
        "status": status,
        "agreed_at": agreed,
        "created_at": agreed - timedelta(days=1),
        "submitted_at": agreed,
        "approved_at": approved,
        "expires_at": expires,
        "staff_message": "",
        "reminder_sent_at": None,
        "expiry_notice_sent_at": None,
    }


def _insert_businesses(plans: list[dict], people: _People, now: datetime) -> Counter:
    """Insert the planned businesses, their owners, photos, pledges and comments. Returns the
    pledges counted by state."""
    ids = _bulk(Business.__table__, [plan["business"] for plan in plans], ids=True, key="slug")
    _bulk(
        business_owners,
        [
            {"business_id": business_id, "user_id": people.id(owner)}
            for business_id, plan in zip(ids, plans, strict=True)
            for owner in sorted(plan["owners"])
        ],
    )
    drawing = _drawing("entrance", "The way in, with a purple sign above the door")
    photos = _Files(Path(current_app.config["MEDIA_FOLDER"]), drawing, ".png", "image/png")
    _bulk(
        BusinessPhoto.__table__,
        [
            {
                "business_id": business_id,
                "position": position,
                "filename": photos.copy(),
                "alt_text": f"The way in to {plan['business']['name']}",
                "caption": "This is the way in.",
            }
            for business_id, plan in zip(ids, plans, strict=True)
            for position in range(1, plan["photos"] + 1)
        ],
    )
    _bulk(
        VisitComment.__table__,
        [
            {**comment, "business_id": business_id, "user_id": people.id(comment["user_id"])}
            for business_id, plan in zip(ids, plans, strict=True)
            for comment in plan["comments"]
        ],
    )
    for business_id, plan in zip(ids, plans, strict=True):
        plan["pledge"]["business_id"] = business_id
    first_ids = _bulk(Pledge.__table__, [plan["pledge"] for plan in plans], ids=True)
    renewed = [
        (plan, first_id) for plan, first_id in zip(plans, first_ids, strict=True) if plan["renewal"]
    ]
    for plan, first_id in renewed:
        plan["renewal"].update(business_id=plan["pledge"]["business_id"], renews_id=first_id)
    renewal_ids = _bulk(Pledge.__table__, [plan["renewal"] for plan, _ in renewed], ids=True)
    pledged = list(zip(first_ids, plans, strict=True))
    pledged += [
        (renewal_id, plan) for renewal_id, (plan, _) in zip(renewal_ids, renewed, strict=True)
    ]
    _bulk(
        pledge_commitments,
        [
            {"pledge_id": pledge_id, "commitment_id": commitment_id}
            for pledge_id, plan in pledged
            for commitment_id, _ in plan["commitments"]
        ],
    )
    counts = Counter(plan["pledge"]["status"] for plan in plans)
    counts.update(plan["renewal"]["status"] for plan, _ in renewed)
    expired = sum(
        1 for plan in plans if plan["pledge"]["status"] == "approved"
        and plan["pledge"]["expires_at"] <= now
    )  # fmt: skip
    counts["approved"] -= expired
    counts["approved, now expired"] = expired
    return counts


def _library(rng: random.Random, count: int, now: datetime) -> tuple[int, int]:
    """Films, leaflets, guides and visual stories, every one with a transcript, in the search
    index. Returns how many items and files."""
    folder = library_folder()
    film = _film_bytes()
    stored = {
        "pdf": _Files(folder, _pdf("Our autism leaflet", LEAFLET), ".pdf", "application/pdf"),
        "easy": _Files(folder, _pdf("Easy read", LEAFLET, large=True), ".pdf", "application/pdf"),
        "vtt": _Files(folder, CAPTIONS.encode(), ".vtt", "text/vtt"),
        "poster": _Files(folder, _drawing("room", "A still from the film"), ".png", "image/png"),
        "film": _Files(folder, film or b"", ".webm", "video/webm"),
    }
    kinds = _quota(rng, KIND_SHARES, count)
    statuses = _quota(rng, ITEM_STATUS_SHARES, count)
    slugs = set(db.session.scalars(select(LibraryItem.slug)))
    items = []
    for kind, status in zip(kinds, statuses, strict=True):
        if kind == ItemKind.FILM and film is None:
            kind = ItemKind.LEAFLET  # no ffmpeg here to make the film: a leaflet instead
        subject, topics = rng.choice(SUBJECTS)
        angle = rng.choice(ANGLES[kind])
        title = (
            f"Visual story: {subject.lower()}, {angle}"
            if kind == ItemKind.VISUAL_STORY
            else f"{subject}: {angle}"
        )
        published = now - timedelta(days=rng.uniform(1, DAYS_PAST))
        said = rng.sample(SENTENCES, rng.randint(3, 6))
        items.append(
            {
                "slug": _slug(title, slugs),
                "kind": kind,
                "title": title,
                "summary": f"{subject}: what Bromley families have learned, in plain words.",
                "body": ""
                if kind == ItemKind.FILM
                else "\n\n".join(f"## {heading}\n\n{words}" for heading, words in LEAFLET),
                "transcript": "\n\n".join(
                    [f"This is about {subject.lower()}, by Bromley parents.", *said]
                ),
                "audience": rng.choice(AUDIENCES),
                "age_band": rng.choice(AGE_BANDS),
                "topics": topics,
                "language": "English",
                "credits": "Made by Bromley parents and young people",
                "status": status,
                "archived_note": "Replaced by a newer version." if status == "archived" else "",
                "published_at": None if status == "draft" else published,
                "review_due": None if status == "draft" else (published + timedelta(365)).date(),
                "reviewed_at": None,
                "review_note": "",
                # A long tail: a few items are seen a lot, most a little.
                "views": min(500_000, int(rng.paretovariate(1.2) * 20)),
                "downloads": min(100_000, int(rng.paretovariate(1.5) * 5)),
                "created_at": published - timedelta(days=rng.uniform(1, 20)),
            }
        )
    ids = _bulk(LibraryItem.__table__, items, ids=True, key="slug")
    files = []

    def add(item_id: int, item: dict, key: str, role: str, label="", language="English"):
        files.append(
            {
                "item_id": item_id,
                "role": role,
                "format_label": label,
                "language": language,
                "filename": stored[key].copy(),
                "original_name": item["slug"][:190] + stored[key].suffix,
                "mimetype": stored[key].mimetype,
                "size": len(stored[key].data),
                "created_at": item["created_at"],
            }
        )

    for item_id, item in zip(ids, items, strict=True):
        if item["kind"] == ItemKind.FILM:
            add(item_id, item, "film", FileRole.MAIN)
            add(item_id, item, "vtt", FileRole.CAPTIONS)
            if rng.random() < 0.4:
                add(item_id, item, "poster", FileRole.POSTER)
            if rng.random() < 0.15:
                add(item_id, item, "film", FileRole.ALTERNATIVE, "BSL video")
        elif item["kind"] == ItemKind.LEAFLET or rng.random() < 0.3:
            add(item_id, item, "pdf", FileRole.MAIN)
            if rng.random() < 0.35:
                add(item_id, item, "easy", FileRole.ALTERNATIVE, *rng.choice(ALT_FORMATS))
    _bulk(LibraryFile.__table__, files)
    if db.session.get_bind().dialect.name == "sqlite":
        _index_for_sqlite(ids, items)
    return len(items), len(files)


def _index_for_sqlite(ids: list[int], items: list[dict]) -> None:
    """SQLite searches an FTS5 table kept beside the items: fill it as index_item() would,
    replacing any row an earlier, deleted item left under the same id."""
    rows = [
        {key: item[key] for key in ("title", "summary", "body", "transcript")} | {"id": item_id}
        for item_id, item in zip(ids, items, strict=True)
    ]
    db.session.execute(text(f"DELETE FROM {SQLITE_TABLE} WHERE rowid = :id"), rows)  # noqa: S608
    db.session.execute(
        text(
            f"INSERT INTO {SQLITE_TABLE} (rowid, title, summary, body, transcript) "  # noqa: S608
            "VALUES (:id, :title, :summary, :body, :transcript)"
        ),
        rows,
    )
