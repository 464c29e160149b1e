"""Each account may send MAX_COMMENTS_PER_DAY comments on businesses a day (5): the next one is
refused with what to do, keeps what was typed, and goes through the next day."""

from datetime import UTC, datetime, timedelta

import pytest

from portal.dates import utcnow
from portal.extensions import db
from portal.pledges.models import VisitComment
from portal.pledges.services import TooManyComments, add_comment
from tests.factories import make_business, make_pledge, make_user

CONTACT = "autism.training@example.org"
# 11:30pm in Bromley on a summer evening (British Summer Time, an hour ahead of UTC).
LATE_EVENING = datetime(2026, 7, 14, 22, 30, tzinfo=UTC)


@pytest.fixture
def business(app):
    business = make_business(make_user(role="business"))
    make_pledge(business)
    return business


def _comment(business, user, now, text="The staff were kind"):
    comment = add_comment(business, user, helped=text, did_not_help="", now=now)
    db.session.commit()
    return comment


def _comments() -> int:
    return db.session.scalar(db.select(db.func.count(VisitComment.id)))


def test_a_sixth_comment_in_a_day_is_refused_and_told_what_to_do(business, member):
    for minutes in range(5):
        _comment(business, member, LATE_EVENING - timedelta(hours=5, minutes=minutes))

    with pytest.raises(TooManyComments) as refused:
        _comment(business, member, LATE_EVENING)
    db.session.rollback()

    assert str(refused.value) == (
        "You have sent 5 comments today, which is as many as we can take from one account in "
        f"a day. Your comment is still here: send it tomorrow, or email it to us at {CONTACT}."
    )
    assert _comments() == 5


def test_the_next_comment_goes_through_after_midnight_in_bromley(business, member):
    for _ in range(5):
        _comment(business, member, LATE_EVENING)

    # 12:10am the next day in Bromley, though only 40 minutes later and still the 14th in UTC.
    after_midnight = LATE_EVENING + timedelta(minutes=40)
    assert _comment(business, member, after_midnight).created_at == after_midnight
    assert _comments() == 6


def test_the_limit_is_per_account_and_a_setting(app, business, member):
    app.config["MAX_COMMENTS_PER_DAY"] = 1
    _comment(business, member, LATE_EVENING)
    with pytest.raises(TooManyComments, match="You have sent 1 comment today"):
        _comment(business, member, LATE_EVENING)
    db.session.rollback()
    assert _comment(business, make_user(), LATE_EVENING)


def test_the_form_refuses_a_sixth_comment_and_keeps_what_was_typed(client, auth, member, business):
    now = utcnow()
    for _ in range(5):
        _comment(business, member, now)
    auth.login(member.email)

    response = client.post_form(
        f"/pledges/{business.slug}/tell-us",
        {"helped": "A quiet corner by the window", "did_not_help": "The music was loud"},
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "You have sent 5 comments today" in page and CONTACT in page
    assert "A quiet corner by the window" in page and "The music was loud" in page
    assert _comments() == 5
