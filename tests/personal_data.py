"""A person who has used every part of the portal, for the data rights tests: each thing they
wrote carries their own marker word, so a test can look for it anywhere in the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from portal.dates import utcnow
from portal.events.drafts import save_answers
from portal.events.follow_up import record_feedback
from portal.extensions import db
from portal.library.services import answer_suggestion, send_suggestion
from portal.pledges.owners import invite_colleague
from portal.pledges.services import add_comment, moderate
from tests.factories import make_booking, make_business, make_event, make_pledge, make_user


@dataclass
class Footprint:
    person: object
    marker: str
    past_booking: object
    future_booking: object
    business: object

    @property
    def secrets(self) -> list[str]:
        """What must be gone once the account is erased: who they are, and what they wrote
        that was never published."""
        return [
            self.person.full_name,
            self.person.email,
            self.person.phone,
            f"ages {self.marker}",
            f"note {self.marker}",
            f"future note {self.marker}",
            f"helped {self.marker}",
            f"better {self.marker}",
            f"pending comment {self.marker}",
            f"pending suggestion {self.marker}",
            f"draft note {self.marker}",
        ]


def leave_a_footprint(marker: str, *, email: str, full_name: str, past=None, future=None):
    """Make a person with a booking at a past session (with feedback) and a future one (both
    with children's ages and what would help), an unfinished booking, comments and suggestions
    (one published, one not), a business whose pledge they signed, and the emails all that
    sent them, and an invitation to help run another business."""
    now = utcnow()
    person = make_user(email=email, full_name=full_name)
    # A phone number staff noted when they booked for them by phone, unique to the marker.
    person.phone = "07700" + str(sum(map(ord, marker)) * 7919 % 1_000_000).zfill(6)
    past = past or make_event(title=f"Past session {marker}", starts_in=timedelta(days=-3))
    future = future or make_event(title=f"Future session {marker}", starts_in=timedelta(days=5))
    past_booking = make_booking(
        past,
        person,
        children=2,
        adjustments=["quiet-space"],
        note=f"note {marker}",
        now=past.starts_at - timedelta(days=1),
    )
    future_booking = make_booking(
        future, person, children=1, adjustments=["breaks"], note=f"future note {marker}"
    )
    past_booking.children_ages = f"ages {marker}"
    future_booking.children_ages = f"ages {marker}"
    record_feedback(
        past_booking,
        rating=4,
        helped=f"helped {marker}",
        could_be_better=f"better {marker}",
        confidence_before=2,
        confidence_after=4,
        now=now,
    )
    draft_event = make_event(title=f"Draft session {marker}", starts_in=timedelta(days=9))
    save_answers(
        person, draft_event.id, now=now, needs={"adjustments": [], "note": f"draft note {marker}"}
    )

    business = make_business(person, name=f"Cafe {marker}", postcode="BR1 1AA")
    pledge = make_pledge(business)
    pledge.signatory_name = full_name
    pending = add_comment(
        business, person, helped=f"pending comment {marker}", did_not_help="", now=now
    )
    shown = add_comment(
        business, person, helped=f"published comment {marker}", did_not_help="", now=now
    )
    moderate(shown, publish=True, actor=None, now=now)
    # Another business invited them to help run it (the invitation holds their address).
    other = make_business(make_user(), name=f"Bakery {marker}", postcode="BR1 1AB")
    invite_colleague(
        other, email=email, invited_by=other.owners[0], now=now, lifetime=timedelta(days=7)
    )
    send_suggestion(f"pending suggestion {marker}", user=person, now=now)
    answered = send_suggestion(f"published suggestion {marker}", user=person, now=now)
    answer_suggestion(answered, publish=True, response=f"we did {marker}", actor=None, now=now)
    db.session.commit()
    assert pending.status == "pending"
    return Footprint(person, marker, past_booking, future_booking, business)


def text_anywhere(*needles: str) -> list[tuple[str, str, str]]:
    """Every (table, column, needle) where a value in any table holds one of `needles`."""
    found = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            for value in db.session.scalars(select(column)):
                text = str(value or "").lower()
                found += [(table.name, column.name, n) for n in needles if n.lower() in text]
    return found
