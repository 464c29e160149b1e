"""Two attempts at once to start a business's pledge make one draft, on PostgreSQL, where two
requests really do run at the same time (SQLite lets one writer in at a time anyway).

In each test a second session starts a draft and holds it, uncommitted, while the first
attempt runs into it; then the second session commits."""

import threading
import time

import pytest

from portal.dates import utcnow
from portal.extensions import db
from portal.pledges import services
from portal.pledges.models import Business, Pledge
from portal.pledges.services import PledgeBusy, start_pledge
from tests.factories import make_business, make_user

HOLD_SECONDS = 0.5


@pytest.fixture
def postgres(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("two transactions at once: PostgreSQL only")
    return app


def _open_pledges(business_id: int) -> list[int]:
    db.session.rollback()
    return list(
        db.session.scalars(
            db.select(Pledge.id).where(
                Pledge.business_id == business_id,
                Pledge.status.in_(("draft", "submitted", "changes-requested")),
            )
        )
    )


def _start_and_hold(app, business_id: int, started: threading.Event, made: list, *, queue=True):
    """In its own session: start a draft, say so, wait, then commit. With queue=False it skips
    the business row's queue (as a path that forgot it would), leaving only the index."""
    with app.app_context():
        business = db.session.get(Business, business_id)
        if queue:
            pledge = start_pledge(business, now=utcnow())
        else:
            pledge = services._new_draft(business, None, now=utcnow())
        made.append(pledge.id)
        started.set()
        time.sleep(HOLD_SECONDS)
        db.session.commit()
        db.session.remove()


def test_two_starts_at_once_queue_and_both_get_the_same_draft(postgres):
    business = make_business(make_user())
    started, made = threading.Event(), []
    other = threading.Thread(target=_start_and_hold, args=(postgres, business.id, started, made))
    other.start()
    assert started.wait(5)

    began = time.monotonic()
    mine = start_pledge(db.session.get(Business, business.id), now=utcnow())
    waited = time.monotonic() - began
    db.session.commit()
    other.join()

    assert mine.id == made[0]
    assert waited >= HOLD_SECONDS * 0.8  # it queued behind the other, then found its draft
    assert _open_pledges(business.id) == made


def test_a_start_that_skips_the_queue_is_stopped_by_the_index(postgres):
    business = make_business(make_user())
    started, made = threading.Event(), []
    other = threading.Thread(
        target=_start_and_hold,
        args=(postgres, business.id, started, made),
        kwargs={"queue": False},
    )
    other.start()
    assert started.wait(5)

    with pytest.raises(PledgeBusy, match="at the same moment"):
        services._new_draft(db.session.get(Business, business.id), None, now=utcnow())
    db.session.rollback()
    other.join()

    assert _open_pledges(business.id) == made


def test_the_owner_who_loses_the_race_is_shown_the_other_draft_not_an_error(
    postgres, client, auth, owner
):
    business = make_business(owner)
    auth.login(owner.email)
    started, made = threading.Event(), []
    # The other attempt skips the queue, so this request's insert runs into the index.
    other = threading.Thread(
        target=_start_and_hold,
        args=(postgres, business.id, started, made),
        kwargs={"queue": False},
    )
    other.start()
    assert started.wait(5)

    response = client.get(f"/business/{business.slug}/pledge/commitments")
    other.join()

    assert response.status_code == 302
    assert response.headers["Location"] == f"/business/{business.slug}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Someone else started this business" in page
    assert "Choose your commitments" in page  # the other draft, ready to carry on
    assert _open_pledges(business.id) == made
