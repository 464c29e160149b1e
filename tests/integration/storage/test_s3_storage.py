"""The portal on STORAGE=s3, against a real S3-compatible server over HTTP (moto's standalone
server on 127.0.0.1, tests/s3.py): uploads land in the bucket, never in MEDIA_FOLDER; the
portal's own checked routes serve them with ranges; deleting in the app deletes from the
bucket; films convert from and to the bucket; films can be handed out as presigned links."""

from __future__ import annotations

import io
import urllib.request
from pathlib import Path

import pytest
from PIL import Image

from portal.demo.library import film_clip
from portal.extensions import db
from portal.library.files import library_key, store_upload
from portal.library.films import prepare_films
from portal.library.models import LibraryItem
from portal.library.services import attach, publish, upload_file
from portal.storage import storage
from tests.conftest import make_config
from tests.factories import LEAFLET_PDF, make_business, make_user, upload


@pytest.fixture
def app_config(database_url, tmp_path, s3_settings) -> dict:
    return make_config(database_url, tmp_path / "instance", **s3_settings)


def _png() -> bytes:
    data = io.BytesIO()
    Image.new("RGB", (64, 48), (91, 42, 134)).save(data, format="PNG")
    return data.getvalue()


def _nothing_in_the_media_folder(app) -> bool:
    media = Path(app.config["MEDIA_FOLDER"])
    return not media.exists() or not any(media.rglob("*"))


def test_a_business_photo_is_stored_in_the_bucket_served_in_part_and_deleted_with_it(
    app, client, auth
):
    owner = make_user(email="owner@example.org")
    business = make_business(owner)
    auth.login(owner.email)

    added = client.post_form(
        f"/business/{business.slug}/photos",
        {"photo": (io.BytesIO(_png()), "door.png"), "alt_text": "The way in"},
        content_type="multipart/form-data",
    )
    assert added.status_code == 302
    photo = db.session.get(type(business), business.id).photos[0]
    assert storage().keys() == [photo.filename]
    assert _nothing_in_the_media_folder(app)
    stored = storage().read_bytes(photo.filename)

    with client.get(f"/media/{photo.filename}", headers={"Range": "bytes=0-9"}) as part:
        assert part.status_code == 206
        assert part.data == stored[:10]
        assert part.headers["Content-Range"] == f"bytes 0-9/{len(stored)}"
        assert part.mimetype == "image/png"
        assert part.headers["X-Content-Type-Options"] == "nosniff"
    with client.get(f"/media/{photo.filename}") as whole:
        assert whole.status_code == 200
        assert whole.data == stored

    filename = photo.filename
    removed = client.post_form(f"/business/{business.slug}/photos/{photo.id}/delete")
    assert removed.status_code == 302
    assert storage().keys() == []
    assert client.get(f"/media/{filename}").status_code == 404


def test_a_library_file_uploaded_by_staff_is_served_from_the_bucket_with_ranges(
    app, client, auth, staff_user
):
    auth.login(staff_user.email)
    client.post_form(
        "/staff/library/new", {"kind": "leaflet", "title": "At the dentist", "summary": "What."}
    )
    item = db.session.scalar(db.select(LibraryItem))
    response = client.post(
        f"/staff/library/{item.id}/files",
        data={
            "csrf_token": client.csrf_token(),
            "role": "main",
            "file": (io.BytesIO(LEAFLET_PDF), "dentist.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    item = db.session.get(LibraryItem, item.id)
    publish(item, actor=None, now=item.created_at)
    db.session.commit()
    stored = item.files[0]
    assert storage().keys() == [library_key(stored.filename)]
    assert _nothing_in_the_media_folder(app)
    url = f"/library/files/{stored.id}/{stored.filename}"

    with client.get(url, headers={"Range": "bytes=4-11"}) as part:
        assert part.status_code == 206
        assert part.data == LEAFLET_PDF[4:12]
        assert part.headers["Content-Range"] == f"bytes 4-11/{len(LEAFLET_PDF)}"
    with client.get(url) as whole:
        assert whole.data == LEAFLET_PDF
        assert whole.headers["ETag"] and whole.headers["Last-Modified"]
        assert "filename=dentist.pdf" in whole.headers["Content-Disposition"]
    with client.get(url, headers={"Range": f"bytes={len(LEAFLET_PDF) + 10}-"}) as past:
        assert past.status_code == 416


def test_a_replaced_library_file_is_deleted_from_the_bucket_once_that_commits(app):
    item = LibraryItem(kind="leaflet", title="Shops", slug="shops", summary="S")
    db.session.add(item)
    first = store_upload(upload(LEAFLET_PDF, "first.pdf"))
    attach(item, first, role="main")
    db.session.commit()

    second = store_upload(upload(LEAFLET_PDF, "second.pdf"))
    attach(item, second, role="main")
    assert storage().exists(library_key(first.filename))
    db.session.commit()

    assert storage().keys() == [library_key(second.filename)]


def test_an_upload_rolled_back_leaves_nothing_in_the_bucket(app):
    item = LibraryItem(kind="leaflet", title="Shops", slug="shops", summary="S")
    db.session.add(item)
    db.session.commit()
    upload_file(item, upload(LEAFLET_PDF, "leaflet.pdf"), role="main")
    assert len(storage().keys()) == 1

    db.session.rollback()

    assert storage().keys() == []


@pytest.fixture
def film(app) -> LibraryItem:
    clip = film_clip()
    assert clip, "the demo extra (imageio-ffmpeg) is part of the test install"
    item = LibraryItem(kind="film", title="A day at the shops", slug="shops", summary="S")
    db.session.add(item)
    attach(item, store_upload(upload(clip, "shops.webm")), role="main")
    publish(item, actor=None, now=item.created_at)
    db.session.commit()
    return item


def test_a_film_in_the_bucket_gets_its_mp4_and_poster_made_into_the_bucket(app, film):
    report = prepare_films()

    assert report.done == 1
    db.session.refresh(film)
    keys = storage().keys()
    assert sorted(keys) == sorted(library_key(f.filename) for f in film.files)
    assert {f.mimetype for f in film.files} == {"video/webm", "video/mp4", "image/jpeg"}
    mp4 = next(f for f in film.files if f.mimetype == "video/mp4")
    assert storage().read_bytes(library_key(mp4.filename))[4:8] == b"ftyp"
    assert _nothing_in_the_media_folder(app)


def test_with_presigned_films_a_film_redirects_to_a_short_lived_link_after_the_checks(
    app, film, client, s3_settings
):
    app.config["S3_PRESIGNED_FILMS"] = True
    main = film.files[0]

    answer = client.get(f"/library/files/{main.id}/{main.filename}")

    assert answer.status_code == 302
    link = answer.headers["Location"]
    assert link.startswith(s3_settings["S3_ENDPOINT_URL"])
    assert "X-Amz-Expires=600" in link
    assert answer.headers["Cache-Control"] == "private, no-store"
    with urllib.request.urlopen(link) as fetched:  # noqa: S310 - our own test server
        assert fetched.read() == storage().read_bytes(library_key(main.filename))
    assert client.get(f"/library/files/{main.id}/not-its-name.webm").status_code == 404


def test_with_presigned_films_the_pages_let_films_play_from_the_bucket(
    database_url, tmp_path, s3_settings
):
    from portal import create_app

    app = create_app(
        make_config(database_url, tmp_path / "instance", **s3_settings, S3_PRESIGNED_FILMS=True)
    )
    with app.test_client() as client:
        policy = client.get("/healthz").headers["Content-Security-Policy"]
    with app.app_context():
        db.engine.dispose()  # else its connection is left open until collected (a warning)
    assert f"media-src 'self' {s3_settings['S3_ENDPOINT_URL']};" in policy


def test_leaflets_are_served_by_the_portal_even_with_presigned_films(app, client):
    app.config["S3_PRESIGNED_FILMS"] = True
    item = LibraryItem(kind="leaflet", title="Shops", slug="shops", summary="S")
    db.session.add(item)
    attach(item, store_upload(upload(LEAFLET_PDF, "leaflet.pdf")), role="main")
    publish(item, actor=None, now=item.created_at)
    db.session.commit()
    stored = item.files[0]

    answer = client.get(f"/library/files/{stored.id}/{stored.filename}")

    assert answer.status_code == 200
    assert answer.data == LEAFLET_PDF
    answer.close()
