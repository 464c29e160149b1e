"""The framework floor: a minimal Flask app that returns a page's bytes from memory.

Run under the same gunicorn settings as the portal, it shows what Flask and gunicorn alone
cost on this machine, so the portal's figures can be read as a ratio of the best possible.
`FLOOR_PAGES` names a directory of captured responses: <name>.body and <name>.headers (the
Content-Type and Content-Encoding the portal sent). Each is served at /<name>.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from flask import Flask, Response


def create_floor_app(pages_dir: str | os.PathLike) -> Flask:
    app = Flask(__name__)
    pages = {}
    for body in Path(pages_dir).glob("*.body"):
        headers = json.loads(body.with_suffix(".headers").read_text())
        pages[body.stem] = (body.read_bytes(), headers)

    @app.route("/<name>")
    def page(name: str):
        body, headers = pages[name]
        return Response(body, headers=headers)

    return app


app = create_floor_app(os.environ.get("FLOOR_PAGES", "bench/.pages"))
