"""The dashboard counts pledges (live, waiting, ending soon), the library (due for review, this
month's views and downloads), local help and families' comments, in a fixed number of queries;
its charts carry a labelled scale."""

from datetime import timedelta

from portal.dates import LONDON, utcnow
from portal.extensions import db
from portal.library.queries import use_this_month
from portal.library.services import count
from portal.pledges.figures import pledge_counts
from tests.factories import make_business, make_library_item, make_pledge
from tests.sql import queries_for


def _pledges():
    now = utcnow()
    make_pledge(make_business(name="Fresh Café"))
    make_pledge(make_business(name="Ending Soon"), now=now - timedelta(days=355))
    make_pledge(make_business(name="Long Gone"), now=now - timedelta(days=400))
    make_pledge(make_business(name="Waiting Shop"), status="submitted")
    make_pledge(make_business(name="Draft Shop"), status="draft")


def test_pledge_counts_are_live_waiting_and_ending_within_30_days(app):
    _pledges()

    counts = pledge_counts(now=utcnow())

    assert (counts.live, counts.waiting, counts.expiring) == (2, 1, 1)


def test_views_and_downloads_are_counted_per_month_as_well_as_in_total(app):
    item = make_library_item()
    now = utcnow()
    count(item.id, "views", now=now)
    count(item.id, "views", now=now)
    count(item.id, "downloads", now=now)
    count(item.id, "views", now=now - timedelta(days=40))
    db.session.commit()

    assert use_this_month(today=now.astimezone(LONDON).date()) == (2, 1)
    db.session.refresh(item)
    assert (item.views, item.downloads) == (3, 1)


def test_the_dashboard_shows_the_counts(staff_client):
    _pledges()
    item = make_library_item()
    count(item.id, "views")
    count(item.id, "downloads")
    db.session.commit()

    page = staff_client.get("/staff").get_data(as_text=True)

    assert "<li>2 live in the directory</li>" in page
    assert "<li>1 waiting for review</li>" in page
    assert "<li>1 ending in the next 30 days</li>" in page
    month = utcnow().astimezone(LONDON).strftime("%B")
    assert f"1 view and 1 download in {month}" in page
    assert "0 services due for review" in page
    assert "0 comments waiting to be read" in page


def test_the_charts_have_a_labelled_scale(staff_client):
    make_pledge(make_business())

    page = staff_client.get("/staff").get_data(as_text=True)

    assert "The scale on the left counts bookings in a week" in page
    assert ">100%</text>" in page and ">0%</text>" in page


def test_the_dashboard_uses_the_same_queries_with_more_pledges_and_items(staff_client):
    make_pledge(make_business(name="First Café"))
    make_library_item(title="First leaflet")
    few, _ = queries_for(staff_client, "/staff")
    for n in range(4):
        make_pledge(make_business(name=f"Shop {n}"), status="submitted" if n % 2 else "approved")
        item = make_library_item(title=f"Leaflet {n}")
        count(item.id, "views")
    db.session.commit()

    many, _ = queries_for(staff_client, "/staff")

    assert many == few


def test_the_dashboard_counts_board_questions_and_consultations_waiting_for_staff(staff_client):
    from tests.integration.board.factories import make_question
    from tests.integration.consultations.factories import make_consultation

    page = staff_client.get("/staff").get_data(as_text=True)
    assert "Autism board (0 questions to answer)" in page
    assert "Consultations (0 waiting for “what we heard”)" in page

    make_question()
    closed = make_consultation(title="Closed, nothing said yet")
    closed.closed_at = utcnow() - timedelta(days=1)
    make_consultation(title="Still open")
    past_its_day = make_consultation(title="Its closing day has gone")
    past_its_day.closes_on = utcnow().astimezone(LONDON).date() - timedelta(days=1)
    db.session.commit()

    page = staff_client.get("/staff").get_data(as_text=True)
    assert "Autism board (1 question to answer)" in page
    assert "Consultations (2 waiting for “what we heard”)" in page
