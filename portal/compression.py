"""Compressed pages (Brotli or gzip) for visitors who are not signed in.

Pages for a signed-in person are sent uncompressed. They carry secrets (the CSRF token) next to
text an attacker could choose (a search box, say), and compressing both together lets the
response length reveal the secret (the BREACH attack). Their pages are small and few; the
public pages, which are most of the traffic, are compressed.

Static files are compressed ahead of time and served by WhiteNoise (portal/assets.py).
"""

from __future__ import annotations

from flask import Flask, Response
from flask_compress import Compress
from flask_login import current_user

compress = Compress()


def _compress_public_pages(response: Response) -> Response:
    if current_user and not current_user.is_anonymous:
        return response
    return compress.after_request(response)


def init_app(app: Flask) -> None:
    compress.init_app(app)
    app.after_request(_compress_public_pages)
