"""Demo autism board: chaired by a parent (not the demo parent), nine members of mixed kinds,
three meetings on weekday evenings (two past with papers and minutes in the library, one coming
up with an agenda), five decisions and two answered questions from the demo parent."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select

from portal.board.models import BoardMember
from portal.board.services import (
    ask_the_board,
    change_decision_status,
    publish_answer,
    record_decision,
    save_meeting,
    save_member,
)
from portal.dates import LONDON
from portal.extensions import db
from portal.library.services import publish, save_item

MEMBERS = [
    # Not Priya Shah: she is the demo parent, who asks the board questions below.
    ("Nadia Okafor", "Parent of an autistic son, aged 9", "parent-carer", True),
    ("Grace Adeyemi", "Parent carer, Bromley Parent Carer Forum", "parent-carer", False),
    ("Martin Hughes", "Grandparent and carer", "parent-carer", False),
    ("Jess Carter", "Autistic adult and peer mentor", "autistic-adult", False),
    ("Leon Baptiste", "Autistic adult, works in retail", "autistic-adult", False),
    ("Kerry Doyle", "Head of SEND, Bromley Council", "council", False),
    ("Dr Anil Mehta", "Consultant paediatrician, local NHS trust", "health", False),
    ("Helen Brooks", "SENCo, a Bromley secondary school", "education", False),
    ("Tariq Hussain", "Manager, Bromley autism charity", "voluntary", False),
]

DECISIONS = [
    (
        "Parents said teachers and receptionists do not understand autism.",
        "Run the immersive theatre training for school and GP surgery staff every term.",
        "The council's training team",
        "training",
        "in-progress",
    ),
    (
        "Parents said they could not find help that was written for them.",
        "Print the parents' leaflet and give it out at every diagnosis appointment.",
        "The NHS diagnosis team",
        "information",
        "done",
    ),
    (
        "Families said Saturday shopping was too loud and busy.",
        "Ask every supermarket in Bromley town to hold a weekly quiet hour.",
        "Bromley autism charity, with the shopping centre",
        "places",
        "agreed",
    ),
    (
        "Autistic adults said there was nothing for them after age 18.",
        "Start a monthly peer group for autistic adults, led by autistic adults.",
        "Jess Carter and the charity",
        "support",
        "in-progress",
    ),
    (
        "Parents said the wait for an assessment was not explained.",
        "Publish the assessment waiting time every month on this portal.",
        "The local NHS trust",
        "health",
        "agreed",
    ),
]

QUESTIONS = [
    (
        "Can board meetings be in the evening, so working parents can come?",
        "Yes. Every meeting now starts at 6pm on a weekday, and you can join any of them online.",
        "support",
        True,
    ),
    (
        "Will the theatre training come to my son's primary school?",
        "The training team will visit every primary school that asks. Ask your school's SENCo "
        "to book it.",
        "training",
        False,
    ),
]


def _paper(staff, now: datetime, *, kind: str, title: str, body: str):
    item = save_item(
        None,
        actor=staff,
        now=now,
        kind=kind,
        title=title,
        summary=f"{title}, for the all-ages autism board.",
        body=body,
        audience="Everyone",
        topics="autism board",
        credits="The autism board",
    )
    publish(item, actor=staff, now=now)
    return item


LAST_ITEM = "Anything else people want to raise"  # not "Any other business": plain words
MEETING_DAY = 2  # Wednesday (Monday is 0): the board meets on a weekday evening
MEETING_TIME = time(18, 0)


def _meeting_at(now: datetime, days: int):
    """6pm on the first Wednesday on or after `days` from now."""
    day = (now + timedelta(days=days)).astimezone(LONDON).date()
    day += timedelta(days=(MEETING_DAY - day.weekday()) % 7)
    return datetime.combine(day, MEETING_TIME, tzinfo=LONDON)


def load_demo_board(staff, parent, now: datetime) -> list[str]:
    """Load the demo board, unless it has members already."""
    if db.session.scalar(select(BoardMember.id).limit(1)) is not None:
        return ["  Autism board: already loaded"]
    for name, role, kind, is_chair in MEMBERS:
        save_member(None, actor=staff, now=now, name=name, role=role, kind=kind, is_chair=is_chair)
    meetings = []
    for days in (-90, -30):
        starts_at = _meeting_at(now, days)
        season = starts_at.strftime("%B %Y")
        papers = _paper(
            staff,
            now,
            kind="board-paper",
            title=f"Autism board papers, {season}",
            body="## Training\n\nHow many people came to the theatre training, and what they "
            "said.\n\n## Money\n\nWhat the board has spent, and what is left.",
        )
        minutes = _paper(
            staff,
            now,
            kind="minutes",
            title=f"Autism board minutes, {season}",
            body="Present: the chair and seven members.\n\nThe board heard from parents about "
            "training in schools and agreed the next steps.",
        )
        meetings.append(
            save_meeting(
                None,
                starts_at=starts_at,
                place="Bromley Civic Centre, Stockwell Close, BR1 3UH",
                online=True,
                agenda=f"Welcome\nWhat parents told us\nTraining update\n{LAST_ITEM}",
                item_ids=[papers.id, minutes.id],
                actor=staff,
                now=now,
            )
        )
    save_meeting(
        None,
        starts_at=_meeting_at(now, 21),
        place="Central Library, High Street, BR1 1EX",
        online=True,
        agenda="Welcome\nQuiet hours in shops: how it is going\nAdults' peer group\n"
        f"Questions from families\n{LAST_ITEM}",
        how_to_join="Come to the main door of the library. The meeting is in the room on the "
        "first floor, with a lift.\nTo join online, ask us for the link on the contact page.",
        item_ids=[],
        actor=staff,
        now=now,
    )
    for n, (why, decision, who, theme, status) in enumerate(DECISIONS):
        entry = record_decision(
            decided_on=meetings[n % 2].starts_at.astimezone(LONDON).date(),
            decision=decision,
            why=why,
            who_acts=who,
            theme=theme,
            meeting=meetings[n % 2],
            actor=staff,
            now=now - timedelta(days=30),
        )
        if status in ("in-progress", "done"):
            change_decision_status(
                entry,
                "in-progress",
                note="Work has started",
                actor=staff,
                now=now - timedelta(days=20),
            )
        if status == "done":
            change_decision_status(entry, "done", note="", actor=staff, now=now - timedelta(days=5))
    for text, answer, theme, show_name in QUESTIONS:
        question = ask_the_board(
            text,
            kind="question",
            theme=theme,
            show_name=show_name,
            user=parent,
            now=now - timedelta(days=14),
        )
        publish_answer(
            question, answer=answer, theme=theme, actor=staff, now=now - timedelta(days=7)
        )
    return [
        f"  Autism board: {len(MEMBERS)} members, 3 meetings, {len(DECISIONS)} decisions, "
        f"{len(QUESTIONS)} answered questions"
    ]
