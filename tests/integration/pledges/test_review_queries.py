"""What staff read: the review queue, comments waiting, and the counts on the dashboard."""

from datetime import timedelta

from portal.dates import utcnow
from portal.extensions import db
from portal.pledges.queries import (
    comments_waiting,
    pending_comments,
    pledges_waiting,
    published_comment_count,
    review_queue,
)
from portal.pledges.services import add_comment, moderate
from tests.factories import make_business, make_pledge, make_user


def _comment(business, *, publish=None):
    comment = add_comment(business, make_user(), helped="Dim lights", did_not_help="", now=utcnow())
    if publish is not None:
        moderate(comment, publish=publish, actor=make_user(role="staff"), now=utcnow())
    db.session.commit()
    return comment


def test_the_review_queue_shows_the_longest_waiting_pledge_first(app):
    now = utcnow()
    later = make_pledge(make_business(name="Later"), status="submitted", now=now)
    earlier = make_pledge(
        make_business(name="Earlier"), status="submitted", now=now - timedelta(days=2)
    )
    make_pledge(make_business(name="Live"), status="approved")

    submitted, _ = review_queue()

    assert submitted == [earlier, later]


def test_the_review_queue_lists_pledges_sent_back_in_the_order_they_began(app):
    first = make_pledge(make_business(name="First"), status="changes-requested")
    second = make_pledge(make_business(name="Second"), status="changes-requested")
    make_pledge(make_business(name="Waiting"), status="submitted")

    _, waiting_on_business = review_queue()

    assert waiting_on_business == [first, second]


def test_pending_comments_are_read_in_the_order_they_came(app):
    business = make_business()
    make_pledge(business)
    first, second = _comment(business), _comment(business)
    _comment(business, publish=True)
    _comment(business, publish=False)

    assert pending_comments() == [first, second]
    assert comments_waiting() == 2


def test_the_published_comment_count_is_for_one_business(app):
    business, other = make_business(name="One"), make_business(name="Two")
    _comment(business, publish=True)
    _comment(business, publish=True)
    _comment(business)
    _comment(other, publish=True)

    assert published_comment_count(business.id) == 2


def test_pledges_waiting_counts_only_submitted_pledges(app):
    make_pledge(make_business(name="One"), status="submitted")
    make_pledge(make_business(name="Two"), status="changes-requested")
    make_pledge(make_business(name="Three"), status="approved")

    assert pledges_waiting() == 1
