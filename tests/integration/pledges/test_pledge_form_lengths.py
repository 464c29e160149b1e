"""The business's answers fit their columns on PostgreSQL: a kind of business longer than its
column is refused with a message (it used to pass the form and fail when saved), and a quiet
hour at "10:30am" is saved (its label used to be longer than the column)."""

from datetime import time

from portal.extensions import db
from portal.pledges.models import Business, Commitment, Pledge

BUSINESS = {"name": "Bromley Bean Café", "address": "1 High Street", "postcode": "BR1 1AA"}
SECTOR_MAX = Business.sector.type.length


def test_a_kind_of_business_longer_than_its_column_is_refused_with_a_message(client, auth, owner):
    auth.login(owner.email)

    response = client.post_form("/business/new", {**BUSINESS, "sector": "x" * (SECTOR_MAX + 1)})

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f"Keep this to {SECTOR_MAX} characters or fewer" in page
    assert db.session.scalar(db.select(Business)) is None


def test_the_longest_kind_of_business_is_saved(client, auth, owner):
    auth.login(owner.email)

    response = client.post_form("/business/new", {**BUSINESS, "sector": "x" * SECTOR_MAX})

    assert response.status_code == 302
    assert db.session.scalar(db.select(Business.sector)) == "x" * SECTOR_MAX


def test_a_quiet_hour_with_minutes_is_saved_as_times(client, auth, owner):
    auth.login(owner.email)
    slug = (
        client.post_form("/business/new", {**BUSINESS, "sector": "Café"})
        .headers["Location"]
        .split("/")[2]
    )
    ids = db.session.scalars(
        db.select(Commitment.id).where(Commitment.slug.in_(["quiet-hour", "sunflower"]))
    ).all()
    client.post_form(f"/business/{slug}/pledge/commitments", {"commitments": ids})

    response = client.post_form(
        f"/business/{slug}/pledge/details",
        {"quiet_day_1": "1", "quiet_starts_1": "10:30", "quiet_ends_1": "12:45"},
    )

    assert response.status_code == 302, response.get_data(as_text=True)
    pledge = db.session.scalar(db.select(Pledge))
    [hour] = pledge.quiet_hours
    assert (hour.weekday, hour.starts_at, hour.ends_at) == (1, time(10, 30), time(12, 45))
