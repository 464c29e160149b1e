"""Control characters never reach the database, in one place for every request.

PostgreSQL refuses a NUL byte in text, and the other C0 control characters do no good in a
name, an email subject or a spreadsheet cell. So, for every request:

- in the query string and form fields they are removed (tab, line feed and carriage return stay
  in values, where a text area needs them), so a stray character pasted from a spreadsheet
  loses nobody's typing;
- a path that contains one names nothing we serve, and gets a styled 400 page.
"""

from __future__ import annotations

import re

from flask import Flask, Request, current_app, request
from werkzeug.datastructures import ImmutableMultiDict

from portal.errors import error_page

# C0 controls and DEL, except tab, LF and CR (kept in values: text areas need lines).
_IN_VALUES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# In names and paths: none at all.
_IN_NAMES = re.compile(r"[\x00-\x1f\x7f]")


def without_control_characters(text: str, *, lines: bool = True) -> str:
    """`text` without control characters (keeping tab, LF and CR if `lines`)."""
    return (_IN_VALUES if lines else _IN_NAMES).sub("", text)


class CleanMultiDict(ImmutableMultiDict):
    """Query and form parameters with control characters removed as they are parsed."""

    def __init__(self, mapping=None):
        if mapping is None:
            super().__init__()
            return
        items = mapping.items(multi=True) if hasattr(mapping, "items") else mapping
        super().__init__(
            (
                without_control_characters(key, lines=False),
                without_control_characters(value) if isinstance(value, str) else value,
            )
            for key, value in items
        )


class PortalRequest(Request):
    parameter_storage_class = CleanMultiDict


def refuse_control_characters_in_path():
    if _IN_NAMES.search(request.path):
        current_app.logger.warning("Refused a path with control characters")
        return error_page(
            400,
            heading="Sorry, we cannot open that web address",
            body="It contains characters that cannot be part of a web address. "
            "Check the address, or go back and try again.",
        )
    return None


def init_app(app: Flask) -> None:
    app.request_class = PortalRequest
    app.before_request(refuse_control_characters_in_path)
