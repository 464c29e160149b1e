"""Static files for a year under names that change with their content; compressed public pages."""

import gzip
import html
import json
import re
from urllib.parse import unquote
from xml.etree import ElementTree

import brotli

from portal.config import PROJECT_ROOT
from tests.factories import make_event

DIST = PROJECT_ROOT / "static" / "dist"
MANIFEST = json.loads((DIST / "manifest.json").read_text())
PREVIOUS = json.loads((DIST / "previous.json").read_text())


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


def test_the_previous_builds_files_are_still_served_for_pages_an_older_host_rendered(client):
    assert PREVIOUS, "scripts/build-assets keeps the build before the current one"
    for built in PREVIOUS.values():
        with client.get(f"/static/dist/{built}") as response:
            assert response.status_code == 200
            assert "immutable" in response.headers["Cache-Control"]


def test_the_manifests_are_not_cached_for_a_year(client):
    with client.get("/static/dist/manifest.json") as response:
        assert response.status_code == 200
        assert "immutable" not in response.headers["Cache-Control"]


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
    found = re.search(r'<link rel="icon" href="data:image/svg\+xml,([^"]+)"', page).group(1)
    href = html.unescape(found)
    assert "#" not in href  # a bare # would end the URL there
    svg = ElementTree.fromstring(unquote(href))  # noqa: S314 - our own page's icon
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg.find("{http://www.w3.org/2000/svg}rect").get("fill") == "#5b2a86"


def test_static_files_carry_their_own_safety_headers(client):
    with client.get(f"/static/dist/{MANIFEST['portal.css']}") as response:
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
        assert "Access-Control-Allow-Origin" not in response.headers
