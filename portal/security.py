"""Response headers that keep pages safe: a strict CSP and the usual hardening headers."""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from importlib.resources import files

from flask import Flask, Response
from flask_login import current_user

_INLINE_SCRIPT = re.compile(r"<script[^>]*>(.+?)</script>", re.DOTALL)


@cache
def inline_script_hashes() -> tuple[str, ...]:
    """CSP hashes of the page template's inline scripts (GOV.UK's one-line `js-enabled`).

    Scripts are allowed by hash, not by a per-request nonce, so a page is the same bytes for
    every visitor and can be kept ready (portal/page_cache.py). The hashes are read from the
    template itself, so an upgrade of govuk-frontend-jinja cannot silently break the page.
    """
    template = files("govuk_frontend_jinja").joinpath("templates/template.html").read_text()
    hashes = []
    for body in _INLINE_SCRIPT.findall(template):
        digest = hashlib.sha256(body.encode()).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode()}'")
    return tuple(hashes)


@cache
def _content_security_policy(media_origin: str = "") -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' {' '.join(inline_script_hashes())}",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            f"media-src 'self' {media_origin}".strip(),
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def add_security_headers(response: Response, *, hsts: bool, media_origin: str = "") -> Response:
    response.headers["Content-Security-Policy"] = _content_security_policy(media_origin)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if hsts:
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    # (`is_anonymous`, unlike `is_authenticated`, reads nothing from the user's row, so a
    # request that has just committed does not load it again.)
    # Pages for a signed-in person carry their details: never keep them in a shared cache or
    # the browser's back-forward history on a shared family computer.
    if current_user and not current_user.is_anonymous and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    hsts = app.config.get("HSTS", False)
    # Films played from the bucket through presigned links (S3_PRESIGNED_FILMS) come from its
    # origin, which the page must then allow.
    store = app.extensions["storage"]
    media_origin = (
        store.origin() if app.config.get("S3_PRESIGNED_FILMS") and hasattr(store, "origin") else ""
    )
    app.after_request(
        lambda response: add_security_headers(response, hsts=hsts, media_origin=media_origin)
    )
