"""htmx helpers: render a whole page, or only the named block an htmx request asked for."""

from __future__ import annotations

from flask import make_response, render_template, request
from jinja2_fragments.flask import render_block


def is_htmx() -> bool:
    """True when htmx made this request (the header grants nothing: it only picks a fragment)."""
    return request.headers.get("HX-Request") == "true"


def render(template: str, *, block: str, **context):
    """Render `template`, or just its `block` for htmx, and tell caches the two differ."""
    if is_htmx():
        response = make_response(render_block(template, block, **context))
    else:
        response = make_response(render_template(template, **context))
    response.vary.add("HX-Request")
    return response
