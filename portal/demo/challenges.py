"""Demo 100-day challenge: the first, historical one (autism awareness and training), finished
with its closing report, its outputs taken from the rest of the demo data. Development only."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from portal.challenges.days import london_today
from portal.challenges.models import Challenge
from portal.challenges.services import (
    ActionDetails,
    ChallengeDetails,
    ReportDetails,
    add_output,
    add_team_member,
    create_challenge,
    make_public,
    post_update,
    publish_report,
    save_action,
)
from portal.dates import LONDON
from portal.events.models import Event, EventKind, EventStatus
from portal.extensions import db
from portal.groups.models import Group
from portal.library.models import ItemStatus, LibraryItem
from portal.pledges.models import Business

TEAM = [
    ("Priya Shah", "parent"),  # the demo parent's account: she can help run it
    ("Grace Adeyemi", "parent"),
    ("Dan Kowalski", "parent"),
    ("Maya Kowalski", "young-person"),
    ("Dr Helen Price, community paediatrician", "professional"),
    ("Tunde Bello, council autism lead", "professional"),
    ("Ruth Evans, Churchill Theatre learning team", "professional"),
]

ACTIONS = [
    ("Agree the one problem to work on", "Whole team", 7),
    ("Ask 50 parents what training would help", "Grace and Dan", 21),
    ("Plan the theatre training with the actors", "Ruth", 35),
    ("Write the parents' leaflet", "Priya and Grace", 42),
    ("Test the leaflet with young people", "Maya", 49),
    ("Run the first theatre training sessions", "Ruth and Helen", 63),
    ("Ask the supermarket to train its staff", "Tunde", 70),
    ("Agree a quiet hour with the shopping centre", "Tunde", 77),
    ("Start a parent-led peer support group", "Grace", 84),
    ("Film parents and young people", "Dan and Maya", 95),
]

UPDATES = [
    (
        6,
        "We met for the first time. Parents, young people and professionals picked one "
        "problem: people in Bromley do not understand autism well enough.",
    ),
    (
        20,
        "Fifty parents told us what would help. Most said: show people what a busy shop "
        "feels like to an autistic child.",
    ),
    (
        48,
        "The leaflet is written. Young people checked every word. The first theatre "
        "sessions are booked.",
    ),
    (
        76,
        "The supermarket is training its staff. The shopping centre will have a quiet hour "
        "every Tuesday morning.",
    ),
    (97, "The peer support group has met twice. The film is finished. Thank you, everyone."),
]

REPORT = ReportDetails(
    what_was_made=(
        "Training that uses immersive theatre, so people feel a day out through a child's "
        "eyes. A leaflet written by parents. Pledges from the supermarket and the shopping "
        "centre. A peer support group run by parents. A film of parents and young people.\n\n"
        "You can find each of them on this portal."
    ),
    what_changed=(
        "Shop staff know what to do when a child is overwhelmed. Parents say they feel less "
        "alone. Professionals and parents now plan things together."
    ),
    what_comes_next=(
        "An all-ages autism board, chaired by a parent, now steers the work. This portal keeps "
        "it going: book training, find autism-friendly shops, and read the leaflet."
    ),
)


def _evening(day, hour: int = 19) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=LONDON).astimezone(UTC)


def _outputs() -> list[tuple[str, int]]:
    sessions = db.session.scalars(
        select(Event.id)
        .where(Event.kind == EventKind.THEATRE, Event.status == EventStatus.PUBLISHED)
        .order_by(Event.starts_at)
        .limit(2)
    ).all()
    library = db.session.scalars(
        select(LibraryItem.id)
        .where(
            LibraryItem.kind.in_(["leaflet", "film"]), LibraryItem.status == ItemStatus.PUBLISHED
        )
        .order_by(LibraryItem.kind.desc(), LibraryItem.id)
    ).all()
    shops = db.session.scalars(
        select(Business.id).where(
            Business.name.in_(["Bromley High Street Supermarket", "The Glades Shopping Centre"])
        )
    ).all()
    groups = db.session.scalars(
        select(Group.id).where(Group.name == "Bromley Parents Together")
    ).all()
    return (
        [("session", i) for i in sessions]
        + [("library", i) for i in library]
        + [("pledge", i) for i in shops]
        + [("group", i) for i in groups]
    )


def load_demo_challenges(staff, parent, now: datetime) -> list[str]:
    """Make the first challenge if there is none yet: finished, its report published."""
    line = "  100-day challenges: the first one (finished, with its closing report)"
    if db.session.scalar(select(Challenge.id).limit(1)) is not None:
        return [line]
    start = london_today(now) - timedelta(days=400)
    challenge = create_challenge(
        ChallengeDetails(
            title="Autism awareness and training",
            goal=(
                "In 100 days, help people in Bromley understand autism, so autistic children, "
                "young people and their families feel welcome in shops, schools and services."
            ),
            starts_on=start,
        ),
        actor=staff,
        now=_evening(start - timedelta(days=14)),
    )
    make_public(challenge, actor=staff, now=_evening(start - timedelta(days=14)))
    for name, bringing in TEAM:
        account = parent if name == parent.full_name else None
        add_team_member(
            challenge, name=name, bringing=bringing, account=account, actor=staff, now=now
        )
    for what, who, due in ACTIONS:
        details = ActionDetails(what, who, start + timedelta(days=due), "done")
        save_action(challenge, None, details, actor=staff, now=now)
    for day, body in UPDATES:
        post_update(challenge, body=body, actor=parent, now=_evening(start + timedelta(days=day)))
    for kind, target_id in _outputs():
        add_output(challenge, kind, target_id, actor=staff, now=now)
    publish_report(challenge, REPORT, actor=staff, now=_evening(start + timedelta(days=110)))
    return [line + f", led with {parent.email}'s account on its team"]
