"""Several quiet hours per pledge (issue 16): given on the details page, shown on the business
page, the directory card (the next one) and the sticker."""

from datetime import time

from portal.extensions import db
from portal.pledges.models import Commitment, Pledge
from portal.pledges.services import give_details
from tests.factories import make_business, make_pledge, make_user


def _details_page(client, auth, owner):
    business = make_business(owner)
    auth.login(owner.email)
    ids = db.session.scalars(
        db.select(Commitment.id).where(Commitment.slug.in_(["quiet-hour", "sunflower"]))
    ).all()
    client.post_form(f"/business/{business.slug}/pledge/commitments", {"commitments": ids})
    return business


def test_an_owner_gives_two_quiet_hours_and_gets_a_third_empty_one(client, auth, owner):
    business = _details_page(client, auth, owner)
    url = f"/business/{business.slug}/pledge/details"
    first = client.get(url).get_data(as_text=True)
    assert "Quiet hour 1" in first and "Quiet hour 2 (optional)" in first

    client.post_form(
        url,
        {
            "quiet_day_1": "1",
            "quiet_starts_1": "9am",
            "quiet_ends_1": "10am",
            "quiet_day_2": "5",
            "quiet_starts_2": "8",
            "quiet_ends_2": "9:00",
        },
    )

    pledge = db.session.scalar(db.select(Pledge))
    assert [(h.weekday, h.starts_at, h.ends_at) for h in pledge.quiet_hours] == [
        (1, time(9), time(10)),
        (5, time(8), time(9)),
    ]
    again = client.get(url).get_data(as_text=True)
    assert "Quiet hour 3 (optional)" in again and 'value="8am"' in again


def test_clearing_a_quiet_hour_removes_it(client, auth, owner):
    business = _details_page(client, auth, owner)
    url = f"/business/{business.slug}/pledge/details"
    both = {"quiet_day_1": "1", "quiet_starts_1": "9am", "quiet_ends_1": "10am"}
    client.post_form(
        url, {**both, "quiet_day_2": "5", "quiet_starts_2": "8am", "quiet_ends_2": "9am"}
    )

    client.post_form(url, {**both, "quiet_day_2": "", "quiet_starts_2": "", "quiet_ends_2": ""})

    assert [h.weekday for h in db.session.scalar(db.select(Pledge)).quiet_hours] == [1]


def test_a_second_quiet_hour_with_times_but_no_day_is_an_error_that_keeps_the_times(
    client, auth, owner
):
    business = _details_page(client, auth, owner)
    response = client.post_form(
        f"/business/{business.slug}/pledge/details",
        {
            "quiet_day_1": "1",
            "quiet_starts_1": "9am",
            "quiet_ends_1": "10am",
            "quiet_starts_2": "2pm",
            "quiet_ends_2": "3pm",
        },
    )
    page = response.get_data(as_text=True)
    assert 'href="#quiet_day_2">Choose the day of quiet hour 2' in page
    assert 'value="2pm"' in page
    assert db.session.scalar(db.select(Pledge)).quiet_hours == []


def test_two_quiet_hours_at_the_same_time_are_refused(client, auth, owner):
    business = _details_page(client, auth, owner)
    page = client.post_form(
        f"/business/{business.slug}/pledge/details",
        {
            "quiet_day_1": "1",
            "quiet_starts_1": "9am",
            "quiet_ends_1": "10am",
            "quiet_day_2": "1",
            "quiet_starts_2": "9:30am",
            "quiet_ends_2": "11am",
        },
    ).get_data(as_text=True)
    assert "Quiet hour 2 is at the same time as quiet hour 1" in page


def _two_quiet_hours(business):
    pledge = make_pledge(business, status="draft", commitments=("quiet-hour", "sunflower"))
    give_details(pledge, quiet_hours=[(1, time(9), time(10)), (5, time(8), time(9))])
    db.session.commit()
    return pledge


def test_every_quiet_hour_and_the_next_one_show_on_the_business_page_and_the_card(
    client, staff_user
):
    business = make_business(make_user(), name="Quiet Shop")
    pledge = _two_quiet_hours(business)
    from portal.dates import utcnow
    from portal.pledges.services import approve, submit

    submit(pledge, now=utcnow())
    approve(pledge, actor=staff_user, now=utcnow())
    db.session.commit()

    page = client.get(f"/pledges/{business.slug}").get_data(as_text=True)
    assert "Tuesdays, 9am to 10am<br>Saturdays, 8am to 9am" in page
    assert "Next quiet hour: " in page or "Quiet hour now, until" in page
    card = client.get("/pledges").get_data(as_text=True)
    assert "Next quiet hour: " in card or "Quiet hour now, until" in card


def test_the_sticker_shows_the_quiet_hours_and_its_print_buttons(client):
    business = make_business(make_user())
    make_pledge(business)

    page = client.get(f"/pledges/{business.slug}/sticker").get_data(as_text=True)

    sticker = page[page.index('id="sticker"') : page.index('id="certificate"')]
    assert "Quiet hour:" in sticker and "Tuesdays, 9am to 10am" in sticker
    assert 'data-print="sticker"' in page and 'data-print="certificate"' in page
    assert "/static/js/print.js" in page
