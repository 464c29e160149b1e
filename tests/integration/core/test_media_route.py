"""/media serves the files of visual-story photos, and nothing else kept beside them."""

import io

from PIL import Image
from werkzeug.datastructures import FileStorage

from portal.dates import utcnow
from portal.events.venues import add_venue_photo
from portal.extensions import db
from portal.library.files import library_key
from portal.pledges.photos import add_business_photo
from portal.storage import storage
from tests.factories import make_business, make_library_item, make_venue


def _png() -> FileStorage:
    stream = io.BytesIO()
    Image.new("RGB", (20, 10)).save(stream, format="PNG")
    stream.seek(0)
    return FileStorage(stream=stream, filename="door.png")


def test_a_venue_photo_is_served(app, client):
    venue = make_venue()
    photo = add_venue_photo(
        venue,
        _png(),
        alt_text="The door",
        caption="",
        actor=None,
        now=utcnow(),
    )
    db.session.commit()

    with client.get(f"/media/{photo.filename}") as response:
        assert response.status_code == 200
        assert response.mimetype == "image/png"


def test_a_business_photo_is_served(app, client):
    photo = add_business_photo(make_business(), _png(), alt_text="The way in", caption="")
    db.session.commit()

    with client.get(f"/media/{photo.filename}") as response:
        assert response.status_code == 200


def test_a_library_file_is_never_served_by_its_stored_name(app, client):
    item = make_library_item(status="draft")
    stored = item.files[0].filename
    assert storage().exists(library_key(stored))

    assert client.get(f"/media/library/{stored}").status_code == 404
    assert client.get(f"/media/{stored}").status_code == 404


def test_a_file_no_photo_names_is_not_served(app, client):
    storage().save("left-over.png", b"\x89PNG", "image/png")

    assert client.get("/media/left-over.png").status_code == 404
