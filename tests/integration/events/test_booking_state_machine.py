"""The booking rules as a state machine (hypothesis), on SQLite and PostgreSQL.

Families book, join waiting lists, change who is coming (or staff change it for them), cancel
(or staff cancel for them) and give promoted places back from the email link; staff change
capacity and cancel sessions; the waiting list is promoted. Each step calls the real services
on the real database and commits, or rolls back on a refusal, as the routes do. Before each
step the test works out from the rows what the rule should do (refuse with which error, which
booking changes, who is promoted, who is emailed) and checks it happened exactly so. After
every step it checks what must always hold:

- places booked equal the confirmed places, never above capacity;
- the waiting list is first come first served: positions follow the order people joined, and on
  an open session no waiting party fits the places left (promotion books them earliest first,
  and a party too big for the places keeps its place while smaller ones behind it are booked);
- nobody holds two active bookings (or waiting-list places) for one session;
- every change that should tell someone has its email in the outbox, and nothing else is sent.

Each example starts from empty tables. The settings come from the hypothesis profile in
tests/conftest.py (HYPOTHESIS_PROFILE=thorough looks harder).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import func, select

from portal.accounts.models import Role, User
from portal.accounts.services import register_user
from portal.dates import utcnow
from portal.events.emails import booking_for_give_back, give_back_token
from portal.events.models import Booking, Event
from portal.events.organising import (
    CapacityBelowBooked,
    EventDetails,
    cancel_event,
    update_event,
)
from portal.events.queries import waiting_position
from portal.events.services import (
    AlreadyBooked,
    BookingError,
    EventNotBookable,
    Needs,
    NotActive,
    NotEnoughPlaces,
    Party,
    book_places,
    cancel_booking,
    cancel_booking_as,
    change_booking,
    join_waiting_list,
    promote_waiting_list,
)
from portal.extensions import db
from portal.outbox.models import OutboxMessage
from tests.databases import delete_all_rows
from tests.factories import DEFAULT_PASSWORD, make_event, make_venue

SESSIONS = 2
FAMILIES = 5

# Small parties and small sessions, so sessions fill, waiting lists form and promotions happen.
PARTIES = st.builds(
    Party, adults=st.integers(1, 2), children=st.integers(0, 2), carer=st.booleans()
)
A_SESSION = st.integers(0, SESSIONS - 1)
A_FAMILY = st.integers(0, FAMILIES - 1)


@dataclass(frozen=True)
class SessionRow:
    id: int
    title: str
    status: str
    capacity: int
    places_booked: int

    @property
    def free(self) -> int:
        return self.capacity - self.places_booked

    @property
    def open(self) -> bool:
        return self.status == "published"  # every session here starts next week


@dataclass(frozen=True)
class BookingRow:
    id: int
    event_id: int
    user_id: int
    status: str
    places: int
    reference: str
    created_at: datetime

    @property
    def active(self) -> bool:
        return self.status in ("confirmed", "waiting")


@dataclass(frozen=True)
class Rows:
    sessions: dict[int, SessionRow]
    bookings: dict[int, BookingRow]

    def active(self, event_id: int, user_id: int) -> BookingRow | None:
        for row in self.bookings.values():
            if row.event_id == event_id and row.user_id == user_id and row.active:
                return row
        return None

    def waiting(self, event_id: int) -> list[BookingRow]:
        """The waiting list in the order people joined it."""
        rows = self.bookings.values()
        return sorted(
            (r for r in rows if r.event_id == event_id and r.status == "waiting"),
            key=lambda r: r.id,
        )

    def promotions(self, event_id: int, free: int) -> dict[int, str]:
        """Who the promotion rule books into `free` places: earliest first, skipping a party
        too big for what is left."""
        promoted = {}
        for row in self.waiting(event_id):
            if row.places <= free:
                promoted[row.id] = "confirmed"
                free -= row.places
        return promoted


def read_rows() -> Rows:
    sessions = db.session.execute(
        select(Event.id, Event.title, Event.status, Event.capacity, Event.places_booked)
    ).all()
    bookings = db.session.execute(
        select(
            Booking.id,
            Booking.event_id,
            Booking.user_id,
            Booking.status,
            Booking.places,
            Booking.reference,
            Booking.created_at,
        )
    ).all()
    return Rows(
        sessions={row.id: SessionRow(*row) for row in sessions},
        bookings={row.id: BookingRow(*row) for row in bookings},
    )


@dataclass
class Expected:
    """What one step should do: the error it raises, or the changes it makes."""

    error: type[BookingError] | None = None
    new_booking: tuple[int, int, str, int] | None = None  # event, user, status, places
    moved: dict[int, str] = field(default_factory=dict)  # booking id -> new status
    capacity: tuple[int, int] | None = None  # event id, new capacity
    cancelled_session: int | None = None
    changed: tuple[int, int] | None = None  # booking id, the places it now holds or waits for


def _subjects(expected: Expected, before: Rows, after: Rows) -> Counter:
    """The emails the expected changes send, as (recipient id, subject)."""
    sent: Counter = Counter()
    title = {s.id: s.title for s in after.sessions.values()}
    new_ids = set(after.bookings) - set(before.bookings)
    for booking_id in new_ids:
        row = after.bookings[booking_id]
        if row.status == "confirmed":
            sent[row.user_id, f"Booking confirmed: {title[row.event_id]} ({row.reference})"] += 1
        else:
            sent[row.user_id, f"You are on the waiting list: {title[row.event_id]}"] += 1
    for booking_id, status in expected.moved.items():
        row = before.bookings[booking_id]
        if row.status == "waiting" and status == "confirmed":
            sent[row.user_id, f"A place is yours: {title[row.event_id]} ({row.reference})"] += 1
        elif row.status == "confirmed" and status == "cancelled":
            sent[row.user_id, f"Booking cancelled: {title[row.event_id]}"] += 1
    if expected.changed is not None:
        row = after.bookings[expected.changed[0]]
        if expected.moved.get(row.id) != "confirmed":  # promoted: the promotion email says so
            what = "Booking changed" if row.status == "confirmed" else "Waiting list place changed"
            sent[row.user_id, f"{what}: {title[row.event_id]} ({row.reference})"] += 1
    if expected.cancelled_session is not None:
        for row in before.bookings.values():
            if row.event_id == expected.cancelled_session and row.active:
                sent[row.user_id, f"Session cancelled: {title[row.event_id]}"] += 1
    return sent


def _person(email: str, role: Role) -> User:
    return register_user(
        email=email,
        full_name=email.split("@")[0].title(),
        password=DEFAULT_PASSWORD,
        role=role,
        email_confirmed_at=utcnow(),
    )


class BookingRules(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        delete_all_rows()  # quicker than TRUNCATE, which would take most of the time
        self.now = utcnow()
        self.staff = _person("staff@example.org", Role.STAFF)
        families = [_person(f"family{n}@example.org", Role.MEMBER) for n in range(FAMILIES)]
        db.session.commit()
        self.family_ids = [family.id for family in families]
        self.addresses = {user.id: user.email for user in db.session.scalars(select(User))}
        self.event_ids: list[int] = []
        self.active_ids: list[int] = []
        self.promoted_ids: set[int] = set()
        self.outbox_seen = 0
        self.rows = read_rows()

    @initialize(
        capacities=st.lists(st.integers(1, 4), min_size=SESSIONS, max_size=SESSIONS),
        parties=st.lists(PARTIES, min_size=3, max_size=3),
    )
    def open_sessions_and_let_three_families_ask_for_the_first(self, capacities, parties):
        """Every example starts with a session that has bookings, and often a waiting list."""
        venue = make_venue()
        for n, capacity in enumerate(capacities, start=1):
            self.event_ids.append(make_event(capacity=capacity, venue=venue, title=f"S{n}").id)
        self.outbox_seen = db.session.scalar(select(func.max(OutboxMessage.id))) or 0
        self.rows = read_rows()
        for family, party in enumerate(parties):
            self._ask(0, family, party, wait=True)

    # -- the step: predict, act as a route does, compare --------------------------------------

    def _step(self, expected: Expected, before: Rows, action) -> None:
        try:
            action()
        except BookingError as error:
            db.session.rollback()
            assert expected.error is not None, f"refused with {error!r}"
            assert type(error) is expected.error, f"{error!r}, expected {expected.error}"
        else:
            db.session.commit()
            assert expected.error is None, f"done, but expected {expected.error.__name__}"
        db.session.expire_all()
        after = self.rows = read_rows()  # what the invariants check next

        new_ids = set(after.bookings) - set(before.bookings)
        made = [after.bookings[i] for i in new_ids]
        want = [expected.new_booking] if expected.new_booking else []
        assert [(r.event_id, r.user_id, r.status, r.places) for r in made] == want
        moved = {
            i: after.bookings[i].status
            for i in before.bookings
            if after.bookings[i].status != before.bookings[i].status
        }
        assert moved == expected.moved, "bookings changed other than the rules say"
        for i in before.bookings:
            places = after.bookings[i].places
            if expected.changed and expected.changed[0] == i:
                assert places == expected.changed[1]
            else:
                assert places == before.bookings[i].places
        for event_id, session in after.sessions.items():
            was = before.sessions[event_id]
            capacity = (
                expected.capacity[1]
                if expected.capacity and expected.capacity[0] == event_id
                else was.capacity
            )
            assert session.capacity == capacity
            status = "cancelled" if expected.cancelled_session == event_id else was.status
            assert session.status == status

        outbox = db.session.execute(
            select(OutboxMessage.id, OutboxMessage.recipient, OutboxMessage.subject).where(
                OutboxMessage.id > self.outbox_seen
            )
        ).all()
        sent = Counter((row.recipient, row.subject) for row in outbox)
        owed = Counter(
            {
                (self.addresses[who], subject): n
                for (who, subject), n in _subjects(expected, before, after).items()
            }
        )
        assert sent == owed, "the emails sent are not the ones the changes owe"
        self.outbox_seen = max([self.outbox_seen, *(row.id for row in outbox)])
        self.active_ids = sorted(i for i, row in after.bookings.items() if row.active)
        self.promoted_ids |= {i for i, status in moved.items() if status == "confirmed"}

    def _begin(self) -> Rows:
        self.now += timedelta(minutes=1)
        return self.rows

    # -- the rules ----------------------------------------------------------------------------

    def _ask(self, session: int, family: int, party: Party, *, wait: bool) -> None:
        """A family books places, or with `wait` joins the waiting list (the check page's two
        buttons; either may be pressed after the places have changed)."""
        before = self._begin()
        event_id, user_id = self.event_ids[session], self.family_ids[family]
        s = before.sessions[event_id]
        if not s.open:
            expected = Expected(error=EventNotBookable)
        elif before.active(event_id, user_id):
            expected = Expected(error=AlreadyBooked)
        elif party.places <= s.free:
            # Booked, even when joining the waiting list: the places free are too few for
            # everyone waiting (the promotion rule would book this party too).
            expected = Expected(new_booking=(event_id, user_id, "confirmed", party.places))
        elif wait:
            expected = Expected(new_booking=(event_id, user_id, "waiting", party.places))
        else:
            expected = Expected(error=NotEnoughPlaces)
        event, user = db.session.get(Event, event_id), db.session.get(User, user_id)
        service = join_waiting_list if wait else book_places
        self._step(expected, before, lambda: service(event, user, party, Needs(), now=self.now))

    @rule(session=A_SESSION, family=A_FAMILY, party=PARTIES)
    def book(self, session, family, party):
        self._ask(session, family, party, wait=False)

    @rule(session=A_SESSION, family=A_FAMILY, party=PARTIES)
    def join_the_waiting_list(self, session, family, party):
        self._ask(session, family, party, wait=True)

    def _cancelling(self, before: Rows, row: BookingRow) -> Expected:
        if not row.active:
            return Expected(error=NotActive)
        if row.status == "waiting":
            return Expected(moved={row.id: "left"})
        moved = {row.id: "cancelled"}
        session = before.sessions[row.event_id]
        if session.open:
            moved |= before.promotions(row.event_id, session.free + row.places)
        return Expected(moved=moved)

    @precondition(lambda self: self.active_ids)
    @rule(data=st.data(), by_staff=st.booleans())
    def cancel(self, data, by_staff):
        """Cancel a booking or leave a waiting list: mostly an active one, sometimes one
        already cancelled (a second tab, a double click)."""
        before = self._begin()
        any_booking = st.sampled_from(sorted(before.bookings))
        choice = st.sampled_from(self.active_ids) | any_booking
        row = before.bookings[data.draw(choice, label="booking")]
        booking = db.session.get(Booking, row.id)
        actor = self.staff if by_staff else db.session.get(User, row.user_id)
        self._step(
            self._cancelling(before, row),
            before,
            lambda: cancel_booking_as(booking, actor=actor, now=self.now),
        )

    @precondition(lambda self: self.active_ids)
    @rule(data=st.data(), party=PARTIES, by_staff=st.booleans())
    def change_who_is_coming(self, data, party, by_staff):
        """Change the party of a booking or waiting-list place: mostly an active one,
        sometimes one already cancelled."""
        before = self._begin()
        choice = st.sampled_from(self.active_ids) | st.sampled_from(sorted(before.bookings))
        row = before.bookings[data.draw(choice, label="booking")]
        s = before.sessions[row.event_id]
        extra = party.places - row.places
        if not row.active:
            expected = Expected(error=NotActive)
        elif not s.open:
            expected = Expected(error=EventNotBookable)
        elif row.status == "confirmed" and extra > s.free:
            expected = Expected(error=NotEnoughPlaces)
        elif row.status == "confirmed":
            expected = Expected(changed=(row.id, party.places))
            if extra < 0:
                expected.moved = before.promotions(row.event_id, s.free - extra)
        else:  # waiting: same place in the queue, then promotion with the new party size
            now_waiting = Rows(
                before.sessions, {**before.bookings, row.id: replace(row, places=party.places)}
            )
            expected = Expected(
                changed=(row.id, party.places),
                moved=now_waiting.promotions(row.event_id, s.free),
            )
        booking = db.session.get(Booking, row.id)
        actor = self.staff if by_staff else db.session.get(User, row.user_id)
        self._step(
            expected,
            before,
            lambda: change_booking(booking, party=party, actor=actor, now=self.now),
        )

    @precondition(lambda self: self.promoted_ids)
    @rule(data=st.data())
    def give_back_a_promoted_place(self, data):
        before = self._begin()
        promoted = sorted(self.promoted_ids)
        row = before.bookings[data.draw(st.sampled_from(promoted), label="promoted booking")]
        booking = booking_for_give_back(give_back_token(db.session.get(Booking, row.id)))
        assert booking is not None and booking.id == row.id

        def give_back():  # what the link's page does
            if booking.status == "confirmed":
                cancel_booking(booking, now=self.now)

        expected = self._cancelling(before, row) if row.status == "confirmed" else Expected()
        self._step(expected, before, give_back)

    @rule(data=st.data(), capacity=st.integers(0, 8))
    def change_capacity(self, data, capacity):
        before = self._begin()
        open_ids = [i for i in self.event_ids if before.sessions[i].open]
        event_id = data.draw(st.sampled_from(open_ids), label="session")
        s = before.sessions[event_id]
        if capacity < s.places_booked:
            expected = Expected(error=CapacityBelowBooked)
        else:
            expected = Expected(capacity=(event_id, capacity))
            if capacity > s.capacity:
                expected.moved = before.promotions(event_id, capacity - s.places_booked)
        event = db.session.get(Event, event_id)
        details = EventDetails.of(event)
        details.capacity = capacity
        self._step(
            expected,
            before,
            lambda: update_event(event, details, actor=self.staff, now=self.now),
        )

    # One session at most is cancelled, so the other stays open for the rest of the steps.
    @precondition(lambda self: all(s.open for s in self.rows.sessions.values()))
    @rule(session=A_SESSION)
    def cancel_the_session(self, session):
        before = self._begin()
        event_id = self.event_ids[session]
        expected = Expected(cancelled_session=event_id)
        event = db.session.get(Event, event_id)
        self._step(
            expected,
            before,
            lambda: cancel_event(
                event, reason="The venue has flooded.", actor=self.staff, now=self.now
            ),
        )

    @precondition(lambda self: any(b.status == "waiting" for b in self.rows.bookings.values()))
    @rule(session=A_SESSION)
    def promote(self, session):
        before = self._begin()
        event_id = self.event_ids[session]
        s = before.sessions[event_id]
        expected = Expected(moved=before.promotions(event_id, s.free) if s.open else {})
        event = db.session.get(Event, event_id)
        self._step(expected, before, lambda: promote_waiting_list(event, now=self.now))

    # -- what always holds --------------------------------------------------------------------

    @invariant()
    def places_booked_are_the_confirmed_places_within_capacity(self):
        rows = self.rows
        for session in rows.sessions.values():
            confirmed = sum(
                b.places
                for b in rows.bookings.values()
                if b.event_id == session.id and b.status == "confirmed"
            )
            assert session.places_booked == confirmed
            assert 0 <= session.places_booked <= session.capacity

    @invariant()
    def nobody_holds_two_active_bookings_for_one_session(self):
        rows = self.rows
        active = Counter((b.event_id, b.user_id) for b in rows.bookings.values() if b.active)
        assert all(n == 1 for n in active.values()), active

    @invariant()
    def the_waiting_list_is_first_come_first_served(self):
        rows = self.rows
        for session in rows.sessions.values():
            waiting = rows.waiting(session.id)
            joined = [row.created_at for row in waiting]
            assert joined == sorted(joined)
            entries = db.session.scalars(
                select(Booking).where(Booking.id.in_([row.id for row in waiting]))
            ).all()
            positions = sorted((entry.id, waiting_position(entry)) for entry in entries)
            assert [position for _, position in positions] == list(range(1, len(waiting) + 1))
            if session.open:
                assert all(row.places > session.free for row in waiting), (
                    f"a waiting party fits the {session.free} places left on {session.title}"
                )


@pytest.mark.slow
def test_booking_rules_hold_after_every_step(app):
    run_state_machine_as_test(BookingRules)
