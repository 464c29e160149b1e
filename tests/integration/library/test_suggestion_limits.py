"""Each account may send MAX_SUGGESTIONS_PER_DAY suggestions for the library a day (5): the
next one is refused with what to do, keeps what was typed, and goes through the next day."""

from datetime import UTC, datetime, timedelta

import pytest

from portal.dates import utcnow
from portal.extensions import db
from portal.library.models import Suggestion
from portal.library.services import TooManySuggestions, send_suggestion
from tests.factories import make_user

CONTACT = "autism.training@example.org"
# 11:30pm in Bromley on a winter evening (Greenwich Mean Time, the same as UTC).
LATE_EVENING = datetime(2026, 1, 14, 23, 30, tzinfo=UTC)


def _suggest(user, now, text="A leaflet about haircuts, please"):
    suggestion = send_suggestion(text, user=user, now=now)
    db.session.commit()
    return suggestion


def _suggestions() -> int:
    return db.session.scalar(db.select(db.func.count(Suggestion.id)))


def test_a_sixth_suggestion_in_a_day_is_refused_and_told_what_to_do(app, member):
    for hours in range(5):
        _suggest(member, LATE_EVENING - timedelta(hours=hours * 4))

    with pytest.raises(TooManySuggestions) as refused:
        _suggest(member, LATE_EVENING)
    db.session.rollback()

    assert str(refused.value) == (
        "You have sent 5 suggestions today, which is as many as we can take from one account "
        f"in a day. Your message is still here: send it tomorrow, or email it to us at {CONTACT}."
    )
    assert _suggestions() == 5


def test_the_next_suggestion_goes_through_the_next_day(app, member):
    for _ in range(5):
        _suggest(member, LATE_EVENING)
    assert _suggest(member, LATE_EVENING + timedelta(minutes=31))
    assert _suggestions() == 6


def test_the_limit_is_per_account_and_a_setting(app, member):
    app.config["MAX_SUGGESTIONS_PER_DAY"] = 2
    _suggest(member, LATE_EVENING)
    _suggest(member, LATE_EVENING)
    with pytest.raises(TooManySuggestions, match="You have sent 2 suggestions today"):
        _suggest(member, LATE_EVENING)
    db.session.rollback()
    assert _suggest(make_user(), LATE_EVENING)


def test_the_form_refuses_a_sixth_suggestion_and_keeps_what_was_typed(client, auth, member):
    now = utcnow()
    for _ in range(5):
        _suggest(member, now)
    auth.login(member.email)

    response = client.post_form("/library/suggest", {"text": "A film about the swimming pool"})

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "You have sent 5 suggestions today" in page and CONTACT in page
    assert "A film about the swimming pool" in page
    assert _suggestions() == 5
