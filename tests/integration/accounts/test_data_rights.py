"""A person's data rights, at the service level: everything held about them is exported, and
erasing their account leaves figures that still add up and nothing that says who they were."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.accounts.data_rights import (
    AlreadyErased,
    LastAdmin,
    ReasonMissing,
    as_json,
    erase_account,
    erase_account_for,
    export_data,
    subject_access_export,
)
from portal.accounts.models import User
from portal.accounts.services import InvalidCredentials, OwnAccount, authenticate
from portal.audit.models import AuditEntry
from portal.dates import utcnow
from portal.events.figures import attendance_by_month, bookings_per_week, feedback_by_session
from portal.events.models import Booking, BookingDraft, Event, Feedback
from portal.events.organising import set_leads
from portal.extensions import db
from portal.library.models import Suggestion
from portal.outbox.models import OutboxMessage
from portal.pledges.models import BusinessInvitation, VisitComment, business_owners
from tests.factories import make_booking, make_event, make_user
from tests.personal_data import leave_a_footprint, text_anywhere


@pytest.fixture
def priya(app):
    return leave_a_footprint("PRIYA1", email="priya@example.org", full_name="Priya Shah")


@pytest.fixture
def tom(app):
    return leave_a_footprint("TOM2", email="tom@example.org", full_name="Tom Okafor")


def _erase(person, actor=None):
    erase_account(person, actor=actor or person, reason="deleted by the person", now=utcnow())
    db.session.commit()


def test_the_export_holds_what_every_domain_keeps_about_the_person(priya):
    data = export_data(priya.person)

    assert data["account"]["Name"] == "Priya Shah"
    assert data["account"]["Email address"] == "priya@example.org"
    assert data["account"]["Phone number"] == priya.person.phone
    assert {b["Session"] for b in data["bookings"]} == {
        "Past session PRIYA1",
        "Future session PRIYA1",
    }
    future = next(b for b in data["bookings"] if b["Session"] == "Future session PRIYA1")
    assert future["Children's ages"] == "ages PRIYA1"
    assert future["What would help"] == ["Breaks when needed"]
    assert future["Anything else that would help"] == "future note PRIYA1"
    assert future["Status"] == "Booked"
    [feedback] = data["feedback"]
    assert (feedback["Rating out of 5"], feedback["What helped"]) == (4, "helped PRIYA1")
    assert data["unfinished_bookings"][0]["Anything else that would help"] == "draft note PRIYA1"
    assert {c["What helped"] for c in data["visit_comments"]} == {
        "pending comment PRIYA1",
        "published comment PRIYA1",
    }
    assert [b["Business"] for b in data["businesses"]] == ["Cafe PRIYA1"]
    assert [p["Signed as"] for p in data["pledges_signed"]] == ["Priya Shah"]
    assert {s["Your suggestion"] for s in data["library_suggestions"]} == {
        "pending suggestion PRIYA1",
        "published suggestion PRIYA1",
    }
    subjects = [e["Subject"] for e in data["emails"]]
    assert any(s.startswith("Booking confirmed: Future session PRIYA1") for s in subjects)
    invitation = next(e for e in data["emails"] if "invited you to help manage" in e["Subject"])
    assert "Bakery PRIYA1" in invitation["Subject"]  # sent to her address, before she had a say
    assert all("Priya Shah" in e["Message"] for e in data["emails"] if e is not invitation)


def test_the_export_holds_nothing_of_another_person(priya, tom):
    exported = as_json(export_data(priya.person))

    assert "PRIYA1" in exported
    assert "TOM2" not in exported
    assert "Tom Okafor" not in exported and "tom@example.org" not in exported


def test_the_export_file_is_json_with_dates_in_iso_8601(priya):
    data = json.loads(as_json(export_data(priya.person)))

    assert data["account"]["Account created"].endswith("+00:00")
    assert data["bookings"][0]["Session starts"][:4].isdigit()


def test_the_audit_part_gives_what_was_done_to_them_but_not_what_staff_did_to_others(app):
    admin = make_user(email="admin@example.org", role="admin", full_name="Ann Admin")
    person = make_user(email="kai@example.org", role="staff", full_name="Kai Staff")
    other = make_user(email="other@example.org", full_name="Other Parent")
    from portal.accounts.services import change_account
    from portal.events.services import cancel_booking_for

    change_account(person, role="staff", disabled=True, actor=admin)
    booking = make_booking(make_event(), other)
    cancel_booking_for(booking, actor=person, now=utcnow())
    db.session.commit()

    entries = export_data(person)["audit_log"]

    done_to_them = next(e for e in entries if e["What was done"] == "account changed")
    assert done_to_them["Done by"] == "Staff" and done_to_them["Details"] == "disabled"
    done_by_them = next(e for e in entries if e["What was done"] == "booking cancelled for someone")
    assert done_by_them["Done by"] == "You" and done_by_them["Details"] == ""
    assert booking.reference not in as_json({"entries": entries})
    assert "Ann Admin" not in as_json({"entries": entries})


def test_erasing_cancels_future_bookings_and_promotes_a_waiting_family(app):
    event = make_event(capacity=2, starts_in=timedelta(days=4))
    person = make_user(email="leaving@example.org", full_name="Leaving Parent")
    waiting_family = make_user(email="waiting@example.org", full_name="Waiting Parent")
    booking = make_booking(event, person, adults=2)
    waiting = make_booking(event, waiting_family, adults=2, waiting=True)
    assert waiting.status == "waiting"

    _erase(person)

    assert db.session.get(Booking, booking.id).status == "cancelled"
    assert db.session.get(Booking, waiting.id).status == "confirmed"
    assert db.session.get(Event, event.id).places_booked == 2
    promoted = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == "waiting@example.org")
    ).all()
    assert any(m.subject.startswith("A place is yours") for m in promoted)


def test_erasing_keeps_the_counts_the_figures_are_made_from(priya, tom):
    now = utcnow()
    before = (
        bookings_per_week(now=now),
        attendance_by_month(now=now),
        [(f.event.id, f.responses, f.average_rating) for f in feedback_by_session()],
    )
    past = db.session.get(Booking, priya.past_booking.id)
    counts = (past.adults, past.children, past.places, past.status, past.confirmed_at)

    _erase(priya.person)

    after = (
        bookings_per_week(now=now),
        attendance_by_month(now=now),
        [(f.event.id, f.responses, f.average_rating) for f in feedback_by_session()],
    )
    assert after == before
    past = db.session.get(Booking, priya.past_booking.id)
    assert (past.adults, past.children, past.places, past.status, past.confirmed_at) == counts
    assert past.user_id is None
    feedback = db.session.scalar(select(Feedback).where(Feedback.booking_id == past.id))
    assert (feedback.rating, feedback.confidence_after) == (4, 4)
    assert (feedback.helped, feedback.could_be_better) == ("", "")


def test_erasing_leaves_nothing_that_says_who_they_were_or_what_they_wrote(priya, tom):
    secrets = priya.secrets
    assert {needle for _, _, needle in text_anywhere(*secrets)} == set(secrets)  # seen before

    _erase(priya.person)

    assert text_anywhere(*secrets) == []
    # Another family's data is untouched.
    assert len(text_anywhere(*tom.secrets)) >= len(tom.secrets)


def test_erasing_removes_needs_links_and_unpublished_words_and_keeps_published_ones(priya):
    person_id = priya.person.id

    _erase(priya.person)

    assert db.session.scalar(select(Booking.id).where(Booking.user_id == person_id)) is None
    for booking_id in (priya.past_booking.id, priya.future_booking.id):
        booking = db.session.get(Booking, booking_id)
        assert (booking.adjustments, booking.needs_note, booking.children_ages) == ([], "", "")
        assert booking.needs_consent_at is None
    comments = db.session.scalars(select(VisitComment)).all()
    assert [(c.helped, c.user_id) for c in comments] == [("published comment PRIYA1", None)]
    suggestions = db.session.scalars(select(Suggestion)).all()
    assert [(s.text, s.user_id) for s in suggestions] == [("published suggestion PRIYA1", None)]
    assert person_id not in db.session.scalars(select(business_owners.c.user_id)).all()
    assert db.session.scalars(select(BusinessInvitation)).all() == []
    assert db.session.scalars(select(BookingDraft)).all() == []
    assert (
        db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.recipient == "priya@example.org")
        ).all()
        == []
    )


def test_the_erased_account_is_anonymised_disabled_and_cannot_sign_in(priya):
    person_id = priya.person.id
    old_token = priya.person.session_token

    _erase(priya.person)

    account = db.session.get(User, person_id)
    assert account.is_erased and account.disabled
    assert account.full_name == "Erased account"
    assert account.email == f"erased-{person_id}@invalid"
    assert account.role == "member"
    assert account.session_token != old_token
    with pytest.raises(InvalidCredentials):
        authenticate("priya@example.org", "correct horse battery")
    with pytest.raises(AlreadyErased):
        erase_account(account, actor=account, reason="again", now=utcnow())


def test_erasing_is_recorded_with_the_reason_and_no_name_or_address(priya):
    admin = make_user(email="admin@example.org", role="admin", full_name="Ann Admin")

    erase_account_for(priya.person, actor=admin, reason="Asked by letter on 3 March", now=utcnow())
    db.session.commit()

    [entry] = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "account erased")
    ).all()
    assert (entry.actor_id, entry.target_type, entry.target_id) == (
        admin.id,
        "user",
        priya.person.id,
    )
    assert entry.summary == "Asked by letter on 3 March"


def test_an_erased_member_of_staff_leaves_the_audit_log_whole_without_their_name(app):
    admin = make_user(email="admin@example.org", role="admin", full_name="Ann Admin")
    lead = make_user(email="lead@example.org", role="staff", full_name="Lee Lead")
    event = make_event()
    set_leads(event, [lead], actor=lead, now=utcnow())
    db.session.commit()
    entries_before = db.session.scalar(select(db.func.count()).select_from(AuditEntry))

    erase_account_for(lead, actor=admin, reason="Left the team and asked", now=utcnow())
    db.session.commit()

    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert len(entries) == entries_before + 1
    leads_set = entries[0]
    assert leads_set.action == "session leads set" and leads_set.actor_id == lead.id
    assert leads_set.actor.full_name == "Erased account"
    assert leads_set.summary == "(erased account)"
    assert db.session.get(Event, event.id).leads == []
    assert text_anywhere("Lee Lead", "lead@example.org") == []


def test_an_admin_cannot_erase_themselves_from_the_staff_console(app):
    admin = make_user(email="admin@example.org", role="admin")
    make_user(email="admin2@example.org", role="admin")

    with pytest.raises(OwnAccount):
        erase_account_for(admin, actor=admin, reason="Testing", now=utcnow())


def test_an_admin_must_say_why_they_erase_or_download_someones_data(priya):
    admin = make_user(email="admin@example.org", role="admin")

    with pytest.raises(ReasonMissing):
        erase_account_for(priya.person, actor=admin, reason="  ", now=utcnow())
    with pytest.raises(ReasonMissing):
        subject_access_export(priya.person, actor=admin, reason="", now=utcnow())
    assert not db.session.get(User, priya.person.id).is_erased


def test_the_only_admin_cannot_delete_their_account(app):
    admin = make_user(email="admin@example.org", role="admin")

    with pytest.raises(LastAdmin):
        erase_account(admin, actor=admin, reason="deleted by the person", now=utcnow())

    make_user(email="admin2@example.org", role="admin")
    _erase(admin)
    assert db.session.get(User, admin.id).is_erased


def test_a_subject_access_request_is_recorded_and_returns_the_export(priya):
    admin = make_user(email="admin@example.org", role="admin")

    data = subject_access_export(
        priya.person, actor=admin, reason="Phoned on 3 March", now=utcnow()
    )
    db.session.commit()

    assert data["account"]["Email address"] == "priya@example.org"
    [entry] = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "subject access request")
    ).all()
    assert (entry.actor_id, entry.target_id, entry.summary) == (
        admin.id,
        priya.person.id,
        "Phoned on 3 March",
    )
