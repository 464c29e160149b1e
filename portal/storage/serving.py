"""Serving a stored file from the portal's own routes, after their checks: the content type,
caching, ETag and Last-Modified, and range requests (206, or 416 for a range past the end),
whichever store holds it."""

from __future__ import annotations

from zlib import adler32

from flask import abort, request, send_file
from werkzeug.exceptions import RequestedRangeNotSatisfiable
from werkzeug.wrappers import Response

from portal.storage import KeyRefused, NotStored, storage


def send_stored(
    key: str,
    *,
    mimetype: str,
    download_name: str | None = None,
    as_attachment: bool = False,
    max_age: int | None = None,
) -> Response:
    """The file at `key` as a response; 404 when nothing is stored there."""
    store = storage()
    try:
        info = store.info(key)
        stream = store.open(key)
    except (NotStored, KeyRefused):
        abort(404)
    # send_file cannot tell a stream's length, and without it werkzeug answers ranges whole:
    # it gets the length here, and the range is applied below.
    response = send_file(
        stream,
        mimetype=mimetype,
        as_attachment=as_attachment,
        download_name=download_name,
        conditional=False,
        etag=f"{info.modified.timestamp()}-{info.size}-{adler32(key.encode()) & 0xFFFFFFFF}",
        last_modified=info.modified,
        max_age=max_age,
    )
    response.content_length = info.size
    try:
        return response.make_conditional(
            request.environ, accept_ranges=True, complete_length=info.size
        )
    except RequestedRangeNotSatisfiable:
        stream.close()
        raise
