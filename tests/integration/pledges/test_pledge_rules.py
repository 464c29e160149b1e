"""Pledge rules (issue 16): renewing in the last 60 days only, renewals copying only what is
still offered, no progress on an ended pledge, one open pledge per business."""

from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from portal.dates import utcnow
from portal.extensions import db
from portal.pledges.models import Commitment, Pledge
from portal.pledges.services import NotYetRenewable, start_pledge
from tests.factories import make_business, make_pledge, make_user


def _open_pledges(business) -> int:
    return db.session.scalar(
        db.select(db.func.count())
        .select_from(Pledge)
        .where(
            Pledge.business_id == business.id,
            Pledge.status.in_(("draft", "submitted", "changes-requested")),
        )
    )


def test_renew_is_offered_only_in_the_last_60_days_of_a_pledge(client, auth, owner):
    business = make_business(owner)
    pledge = make_pledge(business, now=utcnow() - timedelta(days=200))
    auth.login(owner.email)

    early = client.get(f"/business/{business.slug}").get_data(as_text=True)
    assert "Renew your pledge" not in early
    assert "You can renew yours from" in early
    refused = client.post_form(f"/business/{business.slug}/renew", follow_redirects=True)
    assert "You can renew it from" in refused.get_data(as_text=True)
    assert _open_pledges(business) == 0

    pledge.approved_at -= timedelta(days=120)
    pledge.expires_at -= timedelta(days=120)  # now 45 days or so to run
    db.session.commit()
    late = client.get(f"/business/{business.slug}").get_data(as_text=True)
    assert "Renew your pledge" in late
    client.post_form(f"/business/{business.slug}/renew")
    assert _open_pledges(business) == 1


def test_the_pledge_pages_of_a_live_pledge_do_not_start_a_renewal_early(client, auth, owner):
    business = make_business(owner)
    make_pledge(business)
    auth.login(owner.email)

    response = client.get(f"/business/{business.slug}/pledge/commitments")

    assert response.status_code == 302
    assert _open_pledges(business) == 0


def test_a_renewal_copies_only_the_commitments_still_offered(app):
    business = make_business(make_user())
    old = make_pledge(
        business,
        commitments=("quiet-hour", "sunflower", "champion"),
        now=utcnow() - timedelta(days=330),
    )
    champion = db.session.scalar(db.select(Commitment).where(Commitment.slug == "champion"))
    champion.active = False
    db.session.commit()

    renewal = start_pledge(business, now=utcnow())

    assert sorted(c.slug for c in renewal.commitments) == ["quiet-hour", "sunflower"]
    assert "champion" in [c.slug for c in db.session.get(Pledge, old.id).commitments]


def test_progress_cannot_be_reported_on_an_ended_pledge(client, auth, owner):
    business = make_business(owner)
    pledge = make_pledge(
        business, commitments=("training", "sunflower"), now=utcnow() - timedelta(days=400)
    )
    auth.login(owner.email)

    response = client.post_form(
        f"/business/{business.slug}/progress",
        {"staff_total": "24", "staff_trained": "24"},
        follow_redirects=True,
    )

    assert "so progress cannot be added to it" in response.get_data(as_text=True)
    assert db.session.get(Pledge, pledge.id).staff_trained == 18


def test_a_double_click_on_make_a_pledge_makes_one_draft(client, auth, owner):
    business = make_business(owner)
    auth.login(owner.email)

    first = client.get(f"/business/{business.slug}/pledge/commitments")
    second = client.get(f"/business/{business.slug}/pledge/commitments")

    assert first.status_code == second.status_code == 200
    assert _open_pledges(business) == 1


def test_the_database_refuses_a_second_open_pledge_for_a_business(app):
    business = make_business(make_user())
    start_pledge(business, now=utcnow())
    db.session.commit()

    db.session.add(Pledge(business_id=business.id, status="submitted"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    # Decided pledges are not open: a business keeps as many of those as it has had.
    make_pledge(make_business(make_user(), name="Other"), status="approved")
    db.session.add(Pledge(business_id=business.id, status="declined"))
    db.session.flush()


def test_starting_too_early_names_the_day_renewing_opens(app):
    business = make_business(make_user())
    make_pledge(business)
    with pytest.raises(NotYetRenewable, match="60 days before it ends"):
        start_pledge(business, now=utcnow())
