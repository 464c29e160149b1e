"""Staff training that counts towards a pledge: a business books named staff onto training for
businesses (names only, through the booking guard), and the register adds them to the pledge's
"N of M staff trained", shown apart from training done elsewhere."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.dates import utcnow
from portal.events.models import Booking, Event
from portal.events.register import mark_register
from portal.events.services import EventNotBookable, NotEnoughPlaces, TooManyPlaces
from portal.extensions import db
from portal.pledges.training import (
    StaffNamesRefused,
    StaffTrainee,
    book_staff_training,
    next_business_training,
    trained_count,
)
from tests.factories import make_business, make_event, make_pledge, make_user


@pytest.fixture
def business(owner):
    business = make_business(owner)
    make_pledge(business, commitments=("training", "sunflower"))
    return business


@pytest.fixture
def training(app):
    return make_event(title="Autism-friendly customer service", audience="businesses", capacity=4)


def _book(client, business, event, names: str, note: str = ""):
    return client.post_form(
        f"/business/{business.slug}/training/{event.id}", {"names": names, "note": note}
    )


def test_an_owner_books_named_staff_one_place_each_and_nothing_else(
    client, auth, owner, business, training
):
    auth.login(owner.email)

    response = _book(client, business, training, "Priya Shah\n\n  Tom   Reed \n")

    assert response.status_code == 302
    booking = db.session.scalar(select(Booking).where(Booking.event_id == training.id))
    assert (booking.adults, booking.children, booking.carer, booking.places) == (2, 0, False, 2)
    assert booking.children_ages == "" and booking.adjustments == []
    assert [t.name for t in booking.trainees] == ["Priya Shah", "Tom Reed"]
    assert {t.business_id for t in booking.trainees} == {business.id}
    assert db.session.get(Event, training.id).places_booked == 2


def test_the_business_form_asks_only_for_names_and_a_note(client, auth, owner, business, training):
    auth.login(owner.email)

    page = client.get(f"/business/{business.slug}/training/{training.id}").get_data(as_text=True)

    assert "Names of the staff coming" in page
    assert 'name="names"' in page and 'name="note"' in page
    assert "children" not in page.lower() and 'name="carer"' not in page


def test_the_family_form_sends_a_business_to_the_staff_form(
    client, auth, owner, business, training
):
    auth.login(owner.email)

    who = client.get(f"/events/{training.id}/book/who")
    chosen = client.get(who.headers["Location"])

    assert who.headers["Location"] == f"/business/training/{training.id}"
    assert chosen.headers["Location"] == f"/business/{business.slug}/training/{training.id}"


def test_a_person_without_a_business_is_told_to_register_one(client, auth, member, training):
    auth.login(member.email)

    page = client.get(f"/business/training/{training.id}").get_data(as_text=True)

    assert "This training is for businesses" in page
    assert "/business/new" in page


def test_more_staff_than_places_left_are_refused_and_nothing_is_booked(
    client, auth, owner, business, training
):
    auth.login(owner.email)

    response = _book(client, business, training, "A One\nB Two\nC Three\nD Four\nE Five")

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There are only 4 places left. Book fewer people." in page
    assert "A One" in page  # what was typed is kept
    assert db.session.scalar(select(StaffTrainee.id)) is None
    assert db.session.get(Event, training.id).places_booked == 0


def test_the_places_guard_refuses_a_booking_that_no_longer_fits(app, owner, business, training):
    other = make_user(email="other@example.org")
    book_staff_training(
        training, make_business(other, name="Other"), other, ["X", "Y", "Z"], now=utcnow()
    )
    db.session.commit()

    with pytest.raises(NotEnoughPlaces):
        book_staff_training(training, business, owner, ["Priya Shah", "Tom Reed"], now=utcnow())
    db.session.rollback()

    assert db.session.get(Event, training.id).places_booked == 3
    assert db.session.scalar(select(StaffTrainee.id).where(StaffTrainee.name == "Tom Reed")) is None


def test_the_limit_on_one_booking_holds_for_businesses(app, owner, business):
    big = make_event(audience="businesses", capacity=40)
    names = [f"Person {n}" for n in range(app.config["MAX_PLACES_PER_SESSION"] + 1)]

    with pytest.raises(TooManyPlaces):
        book_staff_training(big, business, owner, names, now=utcnow())


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (["", "   "], "Enter the name of at least one member of staff"),
        (["Priya Shah", "priya  shah"], "priya shah is in the list twice"),
        (["x" * 101], "Each name must be 100 characters or fewer"),
    ],
)
def test_names_must_be_given_once_each_and_not_too_long(
    app, owner, business, training, names, message
):
    with pytest.raises(StaffNamesRefused, match=message):
        book_staff_training(training, business, owner, names, now=utcnow())


def test_only_sessions_for_businesses_take_named_staff(app, owner, business):
    families = make_event(audience="parents")

    with pytest.raises(EventNotBookable, match="not training for businesses"):
        book_staff_training(families, business, owner, ["Priya Shah"], now=utcnow())


def test_arrivals_on_the_register_add_to_the_trained_count(app, owner, business, training):
    pledge = business.pledges[-1]
    booking = book_staff_training(
        training, business, owner, ["Priya Shah", "Tom Reed"], now=utcnow()
    )
    db.session.commit()
    before = trained_count(pledge)

    mark_register(booking, "arrived", now=utcnow())
    db.session.commit()
    arrived = trained_count(pledge)
    mark_register(booking, "undo", now=utcnow())
    db.session.commit()

    assert (before.with_us, before.elsewhere, before.trained) == (0, 18, 18)
    assert (arrived.with_us, arrived.elsewhere, arrived.trained) == (2, 18, 20)
    assert trained_count(pledge).with_us == 0


def test_the_pledge_page_shows_training_with_us_apart_from_elsewhere(
    client, auth, owner, business, training, staff_user
):
    booking = book_staff_training(
        training, business, owner, ["Priya Shah", "Tom Reed"], now=utcnow()
    )
    db.session.commit()
    auth.login(staff_user.email)
    client.post_form(f"/staff/bookings/{booking.reference}/arrival", {"action": "arrived"})
    auth.logout()

    page = client.get(f"/pledges/{business.slug}").get_data(as_text=True)

    assert "20 of 24 customer-facing staff trained so far (2 trained with us, 18 elsewhere)" in page


def test_the_count_never_passes_the_staff_the_business_has(app, owner, business, training):
    pledge = business.pledges[-1]
    pledge.staff_trained = 23
    booking = book_staff_training(training, business, owner, ["A", "B"], now=utcnow())
    mark_register(booking, "arrived", now=utcnow())
    db.session.commit()

    count = trained_count(pledge)

    assert (count.trained, count.total, count.more_than_staff) == (24, 24, True)


def test_the_pledge_and_sticker_pages_link_to_the_next_training(
    client, auth, owner, business, training
):
    later = make_event(title="Later training", audience="businesses", starts_in=timedelta(days=30))
    auth.login(owner.email)

    public = client.get(f"/pledges/{business.slug}").get_data(as_text=True)
    sticker = client.get(f"/pledges/{business.slug}/sticker").get_data(as_text=True)

    assert next_business_training(now=utcnow()).id == training.id
    for page in (public, sticker):
        assert f'href="/events/{training.id}"' in page
        assert f'href="/events/{later.id}"' not in page


def test_the_register_shows_the_business_and_its_staff(
    client, auth, owner, business, training, staff_user
):
    book_staff_training(training, business, owner, ["Priya Shah", "Tom Reed"], now=utcnow())
    db.session.commit()
    auth.login(staff_user.email)

    page = client.get(f"/staff/sessions/{training.id}/register").get_data(as_text=True)

    assert "Bromley Bean Café: Priya Shah, Tom Reed" in page


def test_another_business_owner_cannot_book_for_this_business(client, auth, business, training):
    stranger = make_user(email="stranger@example.org")
    auth.login(stranger.email)

    response = _book(client, business, training, "Priya Shah")

    assert response.status_code == 404
    assert db.session.scalar(select(StaffTrainee.id)) is None


def test_a_business_booking_is_not_changed_with_the_family_form(
    client, auth, owner, business, training
):
    auth.login(owner.email)
    _book(client, business, training, "Priya Shah\nTom Reed")
    booking = db.session.scalar(select(Booking).where(Booking.event_id == training.id))

    page = client.get(f"/bookings/{booking.reference}").get_data(as_text=True)
    refused = client.get(f"/bookings/{booking.reference}/change/who")

    assert f"/bookings/{booking.reference}/change/who" not in page
    assert refused.status_code == 409
    assert "book again with the new names" in refused.get_data(as_text=True)


def test_the_staff_booked_are_in_the_owners_data_and_leave_with_their_account(
    app, client, auth, owner, business, training
):
    from datetime import timedelta

    from portal.accounts.data_rights import erase_account
    from portal.pledges.personal_data import trainees_held

    past = make_event(
        title="Autism-friendly customer service",
        audience="businesses",
        capacity=4,
        starts_in=timedelta(days=-3),
    )
    came = book_staff_training(
        past, business, owner, ["Asha Came"], now=past.starts_at - timedelta(days=2)
    )
    mark_register(came, "arrived", now=past.starts_at)
    book_staff_training(training, business, owner, ["Ben Coming"], now=utcnow())
    db.session.commit()

    held = trainees_held(owner)
    assert [(t["Name"], t["Came"]) for t in held] == [("Ben Coming", False), ("Asha Came", True)]

    erase_account(owner, actor=owner, reason="asked", now=utcnow())
    db.session.commit()

    names = {t.name: t.booked_by_id for t in db.session.scalars(select(StaffTrainee))}
    assert names == {"Asha Came": None}  # trained for the business; nobody's booking now
    assert trained_count(business.pledges[-1]).with_us == 1
