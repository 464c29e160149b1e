"""Uploads: images are refused above the pixel limit with a clear message (photos and library
images alike), and a file that cannot be written (a full disk) leaves nothing behind and tells
the person so."""

import io
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from portal.events.models import VisualStoryPhoto
from portal.extensions import db
from portal.library.files import FileRefused, store_upload
from portal.media import MAX_PIXELS, PhotoRefused, store_photo
from portal.storage import LocalStorage
from tests.factories import make_venue, upload


def _png(width: int, height: int) -> bytes:
    # A one-bit image: millions of pixels in a few kilobytes, as a hostile upload would be.
    data = io.BytesIO()
    Image.new("1", (width, height)).save(data, format="PNG")
    return data.getvalue()


def test_a_30_megapixel_photo_is_refused_with_its_size_in_the_message(app, tmp_path):
    app.extensions["storage"] = LocalStorage(tmp_path)
    with pytest.raises(PhotoRefused, match="6000 by 5000 pixels, which is too big"):
        store_photo(upload(_png(6000, 5000), "huge.png"))
    assert list(tmp_path.iterdir()) == []


def test_a_photo_just_inside_the_limit_is_kept(app, tmp_path):
    assert MAX_PIXELS >= 5000 * 4000
    app.extensions["storage"] = LocalStorage(tmp_path)
    filename = store_photo(upload(_png(5000, 4000), "big.png"))
    assert (tmp_path / filename).exists()


def test_a_30_megapixel_library_image_is_refused_too(app):
    with pytest.raises(FileRefused, match="The image is 6000 by 5000 pixels"):
        store_upload(upload(_png(6000, 5000), "poster.png"))


def test_a_library_image_inside_the_limit_is_kept(app):
    stored = store_upload(upload(_png(400, 300), "poster.png"))
    assert stored.mimetype == "image/png"


@pytest.fixture
def full_disk(tmp_path):
    """A tiny filesystem of its own, filled up: every write there fails with 'no space'."""
    mount_point = tmp_path / "tiny"
    mount_point.mkdir()
    mounted = subprocess.run(  # noqa: S603 - fixed arguments
        ["/usr/bin/mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount_point)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small filesystem here: {mounted.stderr.decode().strip()}")
    try:
        filler = (mount_point / "filler").open("wb", buffering=0)
        with pytest.raises(OSError):
            while True:
                filler.write(b"\0" * 4096)
        filler.close()
        yield mount_point
    finally:
        subprocess.run(["/usr/bin/umount", str(mount_point)], check=False)  # noqa: S603


def test_a_photo_that_cannot_be_written_leaves_no_file_and_says_nothing_changed(app, full_disk):
    folder = full_disk / "photos"
    app.extensions["storage"] = LocalStorage(folder)
    with pytest.raises(PhotoRefused, match=r"We could not save the file\. Nothing was changed"):
        store_photo(upload(_png(400, 300), "door.png"))
    assert [p.name for p in folder.iterdir()] == []  # not even a partial file


def test_a_library_file_that_cannot_be_written_leaves_nothing(app, full_disk):
    app.extensions["storage"] = LocalStorage(full_disk)
    with pytest.raises(FileRefused, match="We could not save the file"):
        store_upload(upload(b"%PDF-1.4\n" + b"x" * 200_000 + b"\n%%EOF\n", "leaflet.pdf"))
    assert [p.name for p in (full_disk / "library").iterdir()] == []


def test_staff_see_the_message_when_a_venue_photo_cannot_be_saved(
    app, client, auth, staff_user, full_disk
):
    app.extensions["storage"] = LocalStorage(full_disk)
    venue = make_venue()
    auth.login(staff_user.email)

    response = client.post_form(
        f"/staff/venues/{venue.id}/photos",
        {"photo": (io.BytesIO(_png(400, 300)), "door.png"), "alt_text": "The front door"},
        content_type="multipart/form-data",
    )

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "We could not save the file. Nothing was changed" in page
    assert 'value="The front door"' in page  # what was typed is kept
    assert db.session.scalar(db.select(db.func.count()).select_from(VisualStoryPhoto)) == 0
    assert sorted(p.name for p in Path(full_disk).iterdir()) == ["filler"]
