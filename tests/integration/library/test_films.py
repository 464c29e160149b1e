"""Films everyone can play: the worker's films job makes the other format (MP4 or WebM) and a
poster from a frame with a real ffmpeg; the page offers both, with the sensory note first."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import filetype
import pytest

from portal.demo.library import film_clip
from portal.extensions import db
from portal.jobs.services import run_due_jobs
from portal.library.files import store_upload
from portal.library.films import ffmpeg_binary, films_to_prepare, prepare_films
from portal.library.models import LibraryItem
from portal.library.services import attach
from tests.factories import make_library_item, upload
from tests.stored import library_folder


@pytest.fixture(scope="module")
def webm() -> bytes:
    clip = film_clip()  # four seconds made by the same ffmpeg
    assert clip, "the demo extra (imageio-ffmpeg) is part of the test install"
    return clip


def _film(webm: bytes, **fields) -> LibraryItem:
    item = make_library_item(kind="leaflet", title="A day at the shops", status="draft", **fields)
    item.kind = "film"
    item.files.clear()
    attach(item, store_upload(upload(webm, "shops.webm")), role="main")
    db.session.commit()
    return item


def _streams(path: Path) -> str:
    """What ffmpeg says the file holds (its stream lines)."""
    result = subprocess.run(  # noqa: S603
        [ffmpeg_binary(), "-hide_banner", "-i", str(path)], capture_output=True, text=True
    )
    return "\n".join(line for line in result.stderr.splitlines() if "Stream #" in line)


def _by_role(item: LibraryItem) -> dict[tuple[str, str], object]:
    db.session.refresh(item)
    return {(f.role, f.mimetype): f for f in item.files}


def test_a_webm_film_gets_an_h264_mp4_and_a_poster_from_a_frame(app, webm):
    film = _film(webm)
    assert films_to_prepare() == [film.id]

    report = prepare_films()

    assert (report.done, report.failed) == (1, [])
    files = _by_role(film)
    assert set(files) == {
        ("main", "video/webm"),
        ("encoding", "video/mp4"),
        ("poster", "image/jpeg"),
    }
    mp4 = files[("encoding", "video/mp4")]
    assert mp4.generated and files[("poster", "image/jpeg")].generated
    assert mp4.original_name == "shops.mp4"
    streams = _streams(library_folder() / mp4.filename)
    assert re.search(r"Video: h264 \(High\).*yuv420p", streams)
    assert "Audio: aac" in streams
    poster = (library_folder() / files[("poster", "image/jpeg")].filename).read_bytes()
    assert filetype.guess(poster).mime == "image/jpeg"
    assert films_to_prepare() == []
    assert prepare_films().done == 0  # nothing left to do


def test_an_mp4_film_gets_a_webm(app, webm):
    film = _film(webm)
    prepare_films()
    mp4 = _by_role(film)[("encoding", "video/mp4")]
    source = (library_folder() / mp4.filename).read_bytes()
    other = _film(webm, summary="The same film, uploaded as MP4")
    attach(other, store_upload(upload(source, "shops.mp4")), role="main")
    db.session.commit()

    prepare_films()

    files = _by_role(other)
    assert ("encoding", "video/webm") in files
    assert "Video: vp8" in _streams(library_folder() / files[("encoding", "video/webm")].filename)


def test_a_new_upload_of_the_film_replaces_what_was_made_from_it_but_not_a_chosen_poster(app, webm):
    film = _film(webm)
    prepare_films()
    made = [library_folder() / f.filename for f in film.files if f.generated]
    assert len(made) == 2

    attach(film, store_upload(upload(webm, "shops-2.webm")), role="main")
    db.session.commit()

    assert set(_by_role(film)) == {("main", "video/webm")}
    assert not any(path.exists() for path in made)

    prepare_films()
    frame = (library_folder() / _by_role(film)[("poster", "image/jpeg")].filename).read_bytes()
    attach(film, store_upload(upload(frame, "our-poster.jpg")), role="poster")
    attach(film, store_upload(upload(webm, "shops-3.webm")), role="main")
    db.session.commit()

    files = _by_role(film)
    assert set(files) == {("main", "video/webm"), ("poster", "image/jpeg")}
    assert files[("poster", "image/jpeg")].original_name == "our-poster.jpg"


def test_without_ffmpeg_the_job_fails_and_staff_are_told_to_upload_the_formats(
    app, client, auth, staff_user, webm
):
    film = _film(webm)
    app.config["FFMPEG_PATH"] = "/nowhere/ffmpeg"

    reports = {r.job: r.result for r in run_due_jobs(now=film.created_at)}

    assert reports["films"] == "failed"
    auth.login(staff_user.email)
    page = client.get(f"/staff/library/{film.id}").get_data(as_text=True)
    assert "this server cannot make them" in page
    assert "MP4 version and poster" in page


def test_staff_see_that_the_portal_is_making_the_other_format(client, auth, staff_user, webm):
    film = _film(webm)
    auth.login(staff_user.email)
    page = client.get(f"/staff/library/{film.id}").get_data(as_text=True)
    assert "The portal is making the MP4 version and poster" in page


def test_the_film_page_offers_both_formats_the_poster_and_the_sensory_note_first(app, client, webm):
    film = _film(webm, sensory_note="Loud beeping from 0:02.")
    prepare_films()
    from portal.library.services import publish

    publish(db.session.get(LibraryItem, film.id), actor=None, now=film.created_at)
    db.session.commit()

    page = client.get(f"/library/{film.slug}").get_data(as_text=True)

    note = page.index("Loud beeping from 0:02.")
    video = page.index("<video")
    assert note < video
    assert 'aria-describedby="before-you-watch"' in page
    sources = re.findall(r'<source src="[^"]+" type="([^"]+)">', page)
    assert sources == ["video/webm", "video/mp4"]
    assert re.search(r'<video[^>]+poster="/library/files/\d+/[0-9a-f]+\.jpg"', page)
