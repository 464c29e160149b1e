"""A business's visual story: adding and removing photos with their files."""

import io
from pathlib import Path

import pytest
from PIL import Image
from werkzeug.datastructures import FileStorage

from portal.extensions import db
from portal.pledges.models import BusinessPhoto
from portal.pledges.photos import add_business_photo, business_photo, remove_business_photo
from tests.factories import make_business, make_user


def _png(name: str = "door.png") -> FileStorage:
    stream = io.BytesIO()
    Image.new("RGB", (20, 10)).save(stream, format="PNG")
    stream.seek(0)
    return FileStorage(stream=stream, filename=name, content_type="image/png")


@pytest.fixture
def media(app) -> Path:
    """Where the app's (local) store keeps photos."""
    return Path(app.config["MEDIA_FOLDER"])


def _add(business) -> BusinessPhoto:
    return add_business_photo(business, _png(), alt_text="The way in", caption="")


def test_each_business_photo_added_goes_last_in_the_visual_story(app, media):
    business = make_business()
    for _ in range(3):
        _add(business)
        db.session.commit()
    assert [photo.position for photo in business.photos] == [1, 2, 3]


def test_removing_a_business_photo_deletes_its_file_once_committed(app, media):
    business = make_business()
    photo = _add(business)
    db.session.commit()
    remove_business_photo(business, photo)
    assert (media / photo.filename).exists()
    db.session.commit()
    assert not (media / photo.filename).exists()
    assert db.session.scalars(db.select(BusinessPhoto)).all() == []


def test_a_business_photo_rolled_back_leaves_no_file(app, media):
    _add(make_business())
    db.session.rollback()
    assert list(media.iterdir()) == []


def test_a_business_photo_is_found_only_in_its_own_visual_story(app, media):
    business = make_business()
    other = make_business(make_user(), name="Other Shop", postcode="BR2 2BB")
    photo = _add(business)
    db.session.commit()
    assert business_photo(business, photo.id) == photo
    assert business_photo(other, photo.id) is None


def test_the_owner_removing_a_photo_deletes_its_file(app, client, auth):
    owner = make_user(email="owner@example.org")
    business = make_business(owner)
    photo = _add(business)
    db.session.commit()
    stored = Path(app.config["MEDIA_FOLDER"]) / photo.filename
    auth.login(owner.email)
    response = client.post_form(f"/business/{business.slug}/photos/{photo.id}/delete")
    assert response.status_code == 302
    assert not stored.exists()
    assert db.session.scalars(db.select(BusinessPhoto)).all() == []


def _details_page_with_visual_story(client, auth):
    from portal.pledges.models import Commitment

    owner = make_user(email="owner@example.org")
    business = make_business(owner)
    auth.login(owner.email)
    ids = db.session.scalars(
        db.select(Commitment.id).where(Commitment.slug.in_(["quiet-hour", "visual-story"]))
    ).all()
    client.post_form(f"/business/{business.slug}/pledge/commitments", {"commitments": ids})
    return business


def test_continuing_without_a_photo_keeps_the_quiet_hour_typed_and_asks_for_one(client, auth):
    business = _details_page_with_visual_story(client, auth)

    response = client.post_form(
        f"/business/{business.slug}/pledge/details",
        {"quiet_day_1": "1", "quiet_starts_1": "9am", "quiet_ends_1": "10am"},
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<title>Error: " in page
    assert page.index("govuk-error-summary") < page.index("<h1")
    assert 'href="#photo">Add at least one photo to your visual story' in page
    assert 'value="9am"' in page
    pledge = db.session.get(type(business.pledges[0]), business.pledges[0].id)
    assert [hour.weekday for hour in pledge.quiet_hours] == [1]


def test_a_photo_without_a_description_is_refused_at_the_top_of_the_page(client, auth):
    business = _details_page_with_visual_story(client, auth)

    response = client.post_form(
        f"/business/{business.slug}/photos",
        {"photo": (_png(), "door.png"), "alt_text": "  "},
        content_type="multipart/form-data",
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<title>Error: " in page
    assert page.index("Describe what the photo shows") < page.index("<h1")
    assert business.photos == []


def test_a_quiet_hour_must_end_after_it_starts(client, auth):
    business = _details_page_with_visual_story(client, auth)

    page = client.post_form(
        f"/business/{business.slug}/pledge/details",
        {"quiet_day_1": "1", "quiet_starts_1": "10am", "quiet_ends_1": "9am"},
    ).get_data(as_text=True)

    assert "The quiet hour must end after it starts" in page
