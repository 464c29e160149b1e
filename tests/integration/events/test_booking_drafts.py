"""A booking's answers are kept on the server for one account, never in the browser's cookie."""

from datetime import timedelta

from flask.sessions import SecureCookieSessionInterface

from portal.dates import utcnow
from portal.events.drafts import draft_answers, make_draft, purge_stale_drafts, save_answers
from portal.events.models import BookingDraft
from portal.extensions import db
from tests.factories import DEFAULT_PASSWORD, make_event, make_user

NOTE = "Loud beeps upset him"


def _answer(client, event):
    client.post_form(
        f"/events/{event.id}/book/who",
        {"adults": "1", "children": "2", "children_ages": "4 and 9", "carer": "no"},
    )
    client.post_form(
        f"/events/{event.id}/book/needs",
        {"adjustments": "quiet-space", "note": NOTE, "consent": "y"},
    )


def _cookie(client) -> str:
    cookie = client.get_cookie("session")
    return cookie.value if cookie else ""


def _session(app, client) -> dict:
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    return serializer.loads(_cookie(client)) if _cookie(client) else {}


def test_the_cookie_holds_no_answer_at_any_step(app, client, auth, member):
    event = make_event()
    auth.login(member.email)

    _answer(client, event)
    check = client.get(f"/events/{event.id}/book/check").get_data(as_text=True)

    assert NOTE in check and "4 and 9" in check  # the answers are kept...
    decoded = str(_session(app, client))
    assert NOTE not in decoded and "4 and 9" not in decoded  # ...but not in the cookie
    assert "quiet-space" not in decoded and "children" not in decoded


def test_another_person_signing_in_on_the_same_browser_sees_none_of_the_answers(client, auth):
    event = make_event()
    first = make_user(email="first@example.org")
    second = make_user(email="second@example.org")
    auth.login(first.email)
    _answer(client, event)
    first.session_token = "expired"  # the first person's sign-in lapses; the browser stays
    db.session.commit()

    client.post_form("/login", {"email": second.email, "password": DEFAULT_PASSWORD})
    page = client.get(f"/events/{event.id}/book/check", follow_redirects=True)

    assert NOTE not in page.get_data(as_text=True)
    assert "Who is coming?" in page.get_data(as_text=True)
    assert draft_answers(first, event.id, now=utcnow())["needs"]["note"] == NOTE  # still theirs


def test_the_answers_follow_the_account_to_another_browser(app, client, auth, member):
    event = make_event()
    auth.login(member.email)
    _answer(client, event)

    other_browser = app.test_client()
    other_browser.post_form("/login", {"email": member.email, "password": DEFAULT_PASSWORD})

    assert NOTE in other_browser.get(f"/events/{event.id}/book/check").get_data(as_text=True)


def test_signing_out_drops_the_answers(client, auth, member):
    event = make_event()
    auth.login(member.email)
    _answer(client, event)

    auth.logout()

    assert db.session.scalar(db.select(db.func.count()).select_from(BookingDraft)) == 0


def test_a_new_password_drops_the_answers(client, auth, member):
    event = make_event()
    auth.login(member.email)
    _answer(client, event)

    client.post_form(
        "/account/password",
        {"current_password": DEFAULT_PASSWORD, "password": "a brand new passphrase"},
    )

    assert db.session.scalar(db.select(db.func.count()).select_from(BookingDraft)) == 0


def test_booking_drops_the_answers(client, auth, member):
    event = make_event()
    auth.login(member.email)
    _answer(client, event)

    client.post_form(f"/events/{event.id}/book/check", {"choice": "book"})

    assert db.session.scalar(db.select(db.func.count()).select_from(BookingDraft)) == 0


def test_thirty_abandoned_journeys_leave_the_cookie_small(client, auth, member):
    auth.login(member.email)
    for _ in range(30):
        _answer(client, make_event())

    assert 0 < len(_cookie(client)) < 1024
    assert db.session.scalar(db.select(db.func.count()).select_from(BookingDraft)) == 30


def test_answers_older_than_the_limit_are_gone_and_purged(app, member):
    event = make_event()
    long_ago = utcnow() - timedelta(hours=25)
    save_answers(member, event.id, now=long_ago, party={"adults": 1})
    fresh = make_event()
    save_answers(member, fresh.id, now=utcnow(), party={"adults": 2})
    db.session.commit()

    assert draft_answers(member, event.id, now=utcnow()) == {}
    assert purge_stale_drafts(now=utcnow()) == 1
    assert draft_answers(member, fresh.id, now=utcnow()) == {"party": {"adults": 2}}


def test_the_retention_purge_command_deletes_old_answers(app, member):
    save_answers(member, make_event().id, now=utcnow() - timedelta(days=2), party={})
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["retention", "purge"])

    assert "Deleted 1 unfinished bookings (24 hours after the last answer)" in result.output
    assert db.session.scalar(db.select(db.func.count()).select_from(BookingDraft)) == 0


def test_a_draft_made_twice_at_once_is_one_draft(app, member):
    event = make_event()

    make_draft(member.id, event.id, now=utcnow())
    make_draft(member.id, event.id, now=utcnow())  # the second request of a double-click
    db.session.commit()

    assert db.session.scalar(db.select(db.func.count()).select_from(BookingDraft)) == 1
