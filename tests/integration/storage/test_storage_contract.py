"""The storage interface's contract, kept alike by both backends: a folder on this host, and an
S3 bucket on a real S3-compatible server over HTTP (moto's standalone server, tests/s3.py)."""

from __future__ import annotations

import io
import urllib.request
from pathlib import Path

import pytest

from portal.storage import KeyRefused, LocalStorage, NotStored, Storage, make_storage

DATA = bytes(range(256)) * 40  # 10,240 bytes, every byte value, so offsets show


@pytest.fixture(params=["local", "s3"])
def store(request, tmp_path) -> Storage:
    if request.param == "local":
        return LocalStorage(tmp_path / "media")
    return make_storage(request.getfixturevalue("s3_settings"))


def test_saved_bytes_read_back_the_same_with_their_size(store):
    assert store.save("photo.png", DATA, "image/png") == len(DATA)

    with store.open("photo.png") as stream:
        assert stream.read() == DATA
    assert store.size("photo.png") == len(DATA)
    assert store.exists("photo.png")


def test_a_stream_is_saved_whole(store):
    store.save("library/film.webm", io.BytesIO(DATA), "video/webm")

    assert store.read_bytes("library/film.webm") == DATA


def test_saving_again_replaces_the_file(store):
    store.save("leaflet.pdf", b"first", "application/pdf")
    store.save("leaflet.pdf", b"second", "application/pdf")

    assert store.read_bytes("leaflet.pdf") == b"second"


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (0, 8, DATA[0:8]),
        (300, 1300, DATA[300:1300]),
        (10_000, None, DATA[10_000:]),
        (None, 5, DATA[:5]),
        (10_200, 99_999, DATA[10_200:]),  # an end past the file stops at the file's end
        (20_000, None, b""),
    ],
)
def test_a_range_reads_only_those_bytes(store, start, end, expected):
    store.save("film.webm", DATA, "video/webm")

    with store.open("film.webm", start, end) as stream:
        assert stream.read() == expected


def test_a_whole_file_stream_can_seek_like_a_file(store):
    store.save("film.webm", DATA, "video/webm")

    with store.open("film.webm") as stream:
        assert stream.seekable()
        stream.seek(5000)
        assert stream.read(10) == DATA[5000:5010]
        stream.seek(-6, io.SEEK_END)
        assert stream.read() == DATA[-6:]


def test_a_missing_key_is_not_stored(store):
    assert not store.exists("nothing.png")
    with pytest.raises(NotStored):
        store.open("nothing.png")
    with pytest.raises(NotStored):
        store.size("nothing.png")


def test_deleting_removes_the_file_and_a_missing_one_is_no_error(store):
    store.save("photo.png", DATA, "image/png")

    store.delete("photo.png")
    store.delete("photo.png")

    assert not store.exists("photo.png")


def test_keys_lists_every_file_under_a_prefix_in_order(store):
    for key in ("b.png", "library/z.pdf", "a.png", "library/a.vtt"):
        store.save(key, b"x", "application/octet-stream")

    assert store.keys() == ["a.png", "b.png", "library/a.vtt", "library/z.pdf"]
    assert store.keys("library/") == ["library/a.vtt", "library/z.pdf"]
    assert store.keys("posters/") == []


def test_a_copy_is_a_file_of_its_own(store):
    store.save("library/a.pdf", DATA, "application/pdf")

    store.copy("library/a.pdf", "library/b.pdf")
    store.delete("library/a.pdf")

    assert store.read_bytes("library/b.pdf") == DATA


def test_a_local_copy_is_a_path_on_this_host_with_the_bytes(store):
    store.save("library/film.webm", DATA, "video/webm")

    with store.local_copy("library/film.webm", ".webm") as path:
        assert Path(path).read_bytes() == DATA


BAD_KEYS = [
    "../escaped.txt",
    "library/../../escaped.txt",
    "/etc/passwd",
    "library\\..\\escaped.txt",
    "",
    "library//a.pdf",
    "./a.png",
    ".hidden.png",
    "library/.a.png.1234.partial",
    "a\0.png",
]


@pytest.mark.parametrize("key", BAD_KEYS)
def test_a_key_that_could_escape_the_store_is_refused_by_every_method(store, tmp_path, key):
    for call in (
        lambda: store.save(key, b"x", "text/plain"),
        lambda: store.open(key),
        lambda: store.size(key),
        lambda: store.exists(key),
        lambda: store.delete(key),
        lambda: store.url(key, expires=60),
    ):
        with pytest.raises(KeyRefused):
            call()
    assert sorted(p.name for p in tmp_path.iterdir()) in ([], ["media"])
    assert store.keys() == []


def test_a_local_folder_gives_no_link_and_the_portal_serves_the_file(tmp_path):
    store = LocalStorage(tmp_path)
    store.save("photo.png", DATA, "image/png")

    assert store.url("photo.png", expires=60) is None


def test_a_local_folder_lists_no_file_still_being_written(tmp_path):
    store = LocalStorage(tmp_path)
    store.save("library/a.pdf", b"done", "application/pdf")
    (tmp_path / "library" / ".b.pdf.1a2b.partial").write_bytes(b"half")

    assert store.keys() == ["library/a.pdf"]


def test_a_bucket_gives_a_presigned_link_that_fetches_the_file_with_its_type(s3_settings):
    store = make_storage(s3_settings)
    store.save("library/film.webm", DATA, "video/webm")

    link = store.url(
        "library/film.webm", expires=120, content_type="video/webm", download_name="Our film.webm"
    )

    assert link.startswith(s3_settings["S3_ENDPOINT_URL"])
    assert "X-Amz-Expires=120" in link
    with urllib.request.urlopen(link) as answer:  # noqa: S310 - our own test server
        assert answer.read() == DATA
        assert answer.headers["Content-Type"] == "video/webm"


def test_a_store_that_answers_is_reachable_before_any_file_is_saved(store):
    assert store.reachable()


def test_a_folder_that_cannot_be_made_is_not_reachable(tmp_path):
    (tmp_path / "taken").write_text("a file where the folder should be")

    assert not LocalStorage(tmp_path / "taken" / "media").reachable()


def test_a_bucket_that_is_not_there_is_not_reachable(s3_settings):
    settings = {**s3_settings, "S3_BUCKET": s3_settings["S3_BUCKET"] + "-gone"}

    assert not make_storage(settings).reachable()


def test_a_store_that_does_not_answer_is_not_reachable(s3_settings):
    from tests.conftest import free_port

    # Nothing listens on this port: the check gives up rather than hang a health check.
    settings = {**s3_settings, "S3_ENDPOINT_URL": f"http://127.0.0.1:{free_port()}"}

    assert not make_storage(settings).reachable()
