"""Static files for a year under names that change with their content; compressed public pages."""

import gzip
import json

import brotli

from portal.config import PROJECT_ROOT
from tests.factories import make_event

MANIFEST = json.loads((PROJECT_ROOT / "static" / "dist" / "manifest.json").read_text())


def test_the_page_links_the_fingerprinted_files(client):
    page = client.get("/privacy").get_data(as_text=True)
    assert f'href="/static/dist/{MANIFEST["portal.css"]}"' in page
    assert f'src="/static/dist/{MANIFEST["portal.js"]}"' in page


def test_fingerprinted_files_are_kept_for_a_year_and_sent_compressed(client):
    url = f"/static/dist/{MANIFEST['portal.js']}"
    with client.get(url) as plain, client.get(url, headers={"Accept-Encoding": "br"}) as squeezed:
        assert "immutable" in plain.headers["Cache-Control"]
        assert "max-age=31536000" in plain.headers["Cache-Control"]
        assert squeezed.headers["Content-Encoding"] == "br"
        assert brotli.decompress(squeezed.data) == plain.data
        assert len(squeezed.data) < len(plain.data) / 3


def test_public_pages_are_compressed_for_visitors(client):
    event = make_event(title="Through their eyes")
    for encoding, decompress in (("br", brotli.decompress), ("gzip", gzip.decompress)):
        for attempt in ("rendered", "kept"):
            response = client.get(f"/events/{event.id}", headers={"Accept-Encoding": encoding})
            assert response.headers["Content-Encoding"] == encoding, attempt
            assert "Accept-Encoding" in response.headers["Vary"]
            assert "Through their eyes" in decompress(response.data).decode()


def test_pages_for_signed_in_people_are_not_compressed(client, auth, member):
    auth.login(member.email)
    response = client.get("/account", headers={"Accept-Encoding": "br, gzip"})
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    assert "csrf-token" in response.get_data(as_text=True)


def test_the_favicon_is_inside_the_page_so_it_costs_no_request(client):
    page = client.get("/").get_data(as_text=True)
    assert '<link rel="icon" href="data:image/svg+xml,' in page
