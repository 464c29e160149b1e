"""How long what families tell us is kept: access needs, unfinished bookings' answers and the
words of feedback, each deleted just after its period and not a minute before. The clock is
moved by passing `now=` in the future."""

from datetime import timedelta

from portal.dates import utcnow
from portal.events.drafts import draft_answers, purge_stale_drafts, save_answers
from portal.events.follow_up import purge_access_needs, purge_feedback_text, record_feedback
from portal.events.models import Booking, Feedback
from portal.events.services import cancel_booking
from portal.extensions import db
from tests.factories import make_booking, make_event

A_MINUTE = timedelta(minutes=1)


def _booked_with_needs(**kwargs):
    event = make_event(**kwargs)
    return make_booking(
        event, adjustments=["quiet-space"], note="Loud noises", now=event.starts_at - timedelta(1)
    )


def _needs(booking_id):
    booking = db.session.get(Booking, booking_id)
    return booking.adjustments, booking.needs_note, booking.needs_consent_at is not None


def test_access_needs_stay_until_the_period_after_the_session_is_over(app):
    booking = _booked_with_needs()
    ended = booking.event.ends_at

    count = purge_access_needs(now=ended + timedelta(days=30) - A_MINUTE, days_after=30)
    db.session.commit()

    assert count == 0
    assert _needs(booking.id) == (["quiet-space"], "Loud noises", True)


def test_access_needs_go_just_after_the_period_and_the_booking_stays(app):
    booking = _booked_with_needs()
    ended = booking.event.ends_at

    count = purge_access_needs(now=ended + timedelta(days=30) + A_MINUTE, days_after=30)
    db.session.commit()

    assert count == 1
    assert _needs(booking.id) == ([], "", False)
    kept = db.session.get(Booking, booking.id)
    assert (kept.status, kept.places, kept.reference) == ("confirmed", 1, booking.reference)


def test_cancelling_a_booking_deletes_what_would_help_at_once(app):
    booking = _booked_with_needs()

    cancel_booking(booking, now=utcnow())
    db.session.commit()

    assert _needs(booking.id) == ([], "", False)


def test_leaving_the_waiting_list_deletes_what_would_help_at_once(app):
    event = make_event(capacity=0)
    waiting = make_booking(event, adjustments=["breaks"], note="Needs breaks", waiting=True)
    assert _needs(waiting.id) == (["breaks"], "Needs breaks", True)

    cancel_booking(waiting, now=utcnow())
    db.session.commit()

    assert _needs(waiting.id) == ([], "", False)


def test_unfinished_answers_stay_until_the_hours_are_up_then_go(app, member):
    event = make_event()
    answered = utcnow()
    save_answers(member, event.id, now=answered, party={"adults": 2})
    db.session.commit()

    assert purge_stale_drafts(now=answered + timedelta(hours=24) - A_MINUTE) == 0
    assert draft_answers(member, event.id, now=answered) == {"party": {"adults": 2}}
    assert purge_stale_drafts(now=answered + timedelta(hours=24) + A_MINUTE) == 1
    db.session.commit()
    assert draft_answers(member, event.id, now=answered) == {}


def _feedback():
    event = make_event(starts_in=timedelta(days=-1))
    booking = make_booking(event, now=event.starts_at - timedelta(days=1))
    feedback = record_feedback(
        booking,
        rating=4,
        helped="The quiet room",
        could_be_better="More breaks for Sam",
        confidence_before=2,
        confidence_after=5,
        now=utcnow(),
    )
    db.session.commit()
    return feedback


def _saved():
    return db.session.scalar(db.select(Feedback))


def test_feedback_words_stay_until_the_period_is_over(app):
    written = _feedback().created_at

    count = purge_feedback_text(now=written + timedelta(days=730) - A_MINUTE, days=730)
    db.session.commit()

    assert count == 0
    assert (_saved().helped, _saved().could_be_better) == ("The quiet room", "More breaks for Sam")


def test_after_the_period_feedback_loses_its_words_and_keeps_its_ratings(app):
    written = _feedback().created_at

    count = purge_feedback_text(now=written + timedelta(days=730) + A_MINUTE, days=730)
    db.session.commit()

    assert count == 1
    saved = _saved()
    assert (saved.helped, saved.could_be_better) == ("", "")
    assert (saved.rating, saved.confidence_before, saved.confidence_after) == (4, 2, 5)
    assert purge_feedback_text(now=written + timedelta(days=731), days=730) == 0
