"""The stylesheet and script, under names that change with their content, served by WhiteNoise.

`scripts/build-assets` writes `static/dist/` with files named after a hash of their content,
gzip and Brotli copies beside them, and `manifest.json` mapping plain names to hashed ones.
Because a hashed name never changes its content, browsers may keep the file for a year, and a
new release is fetched at once because its name is new. WhiteNoise serves the compressed copy
the browser accepts, so compression costs nothing per request.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from flask import Flask, url_for
from whitenoise import WhiteNoise

ONE_YEAR = 365 * 24 * 3600
# Files that are not hashed (the favicon, say) may change at the next release.
ONE_HOUR = 3600


def _is_fingerprinted(path: str, url: str) -> bool:
    return url.startswith("/static/dist/") and not url.endswith(".json")  # the manifests


def _favicon_data_url(static_folder: Path) -> str:
    """The icon inside the page: a separate request for 251 bytes costs more than it carries."""
    svg = (static_folder / "img" / "favicon.svg").read_text().strip()
    return "data:image/svg+xml," + quote(svg, safe=" :/='")


def _static_headers(headers, path: str, url: str) -> None:
    # WhiteNoise answers before Flask, so the headers Flask adds must be set here too. A static
    # file never needs to run anything (an SVG opened on its own could).
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Content-Security-Policy"] = "default-src 'none'; style-src 'self'"


def init_app(app: Flask) -> None:
    static_folder = Path(app.static_folder)
    manifest = json.loads((static_folder / "dist" / "manifest.json").read_text())

    def asset_url(name: str) -> str:
        return url_for("static", filename=f"dist/{manifest[name]}")

    app.jinja_env.globals["asset_url"] = asset_url
    app.jinja_env.globals["favicon_url"] = _favicon_data_url(static_folder)
    app.wsgi_app = WhiteNoise(
        app.wsgi_app,
        root=str(static_folder),
        prefix="static/",
        max_age=ONE_HOUR,
        immutable_file_test=_is_fingerprinted,
        allow_all_origins=False,
        add_headers_function=_static_headers,
    )
