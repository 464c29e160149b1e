"""Stored photos are fresh copies: no metadata, a bounded size, the right way up."""

import io

import pytest
from flask import Flask
from PIL import Image
from werkzeug.datastructures import FileStorage

from portal.media import DISPLAY_SIZE, store_photo
from portal.storage import LocalStorage

GPS_IFD = 0x8825
ORIENTATION = 0x0112


@pytest.fixture(autouse=True)
def _photos_stored_in(tmp_path):
    """A bare app whose store is `tmp_path`: store_photo writes through the app's store."""
    app = Flask(__name__)
    app.extensions["storage"] = LocalStorage(tmp_path)
    with app.app_context():
        yield


def _jpeg_with_location(size=(4000, 3000), orientation=1) -> FileStorage:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # the camera's make
    exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {1: "N", 2: (51.0, 24.0, 20.0), 3: "E", 4: (0.0, 1.0, 5.0)}
    stream = io.BytesIO()
    Image.new("RGB", size, (91, 42, 134)).save(stream, format="JPEG", exif=exif)
    stream.seek(0)
    return FileStorage(stream=stream, filename="door.jpg", content_type="image/jpeg")


def test_a_stored_photo_keeps_no_location_or_camera_details(tmp_path):
    name = store_photo(_jpeg_with_location())

    with Image.open(tmp_path / name) as stored:
        assert dict(stored.getexif()) == {}
        assert "exif" not in stored.info


def test_a_stored_photo_is_at_most_the_display_size_and_keeps_its_shape(tmp_path):
    name = store_photo(_jpeg_with_location(size=(4000, 3000)))

    with Image.open(tmp_path / name) as stored:
        assert stored.size == (DISPLAY_SIZE, DISPLAY_SIZE * 3 // 4)


def test_a_photo_taken_sideways_is_stored_the_right_way_up(tmp_path):
    # Orientation 6: the camera was turned; the picture is shown rotated a quarter turn.
    name = store_photo(_jpeg_with_location(size=(400, 300), orientation=6))

    with Image.open(tmp_path / name) as stored:
        assert stored.size == (300, 400)


def test_a_small_png_is_stored_as_a_png_at_its_own_size(tmp_path):
    stream = io.BytesIO()
    Image.new("RGBA", (40, 30)).save(stream, format="PNG")
    stream.seek(0)

    name = store_photo(FileStorage(stream=stream, filename="sign.png"))

    with Image.open(tmp_path / name) as stored:
        assert (stored.format, stored.size) == ("PNG", (40, 30))
