"""Logs an operations team can use: one line per request, every line carrying the request's id.

- Every request gets an id: the one a trusted proxy sends in `X-Request-ID` (only when
  PROXY_FIX_X_FOR says there is a proxy, and only if it looks like an id), or a new one. It goes
  back in the `X-Request-ID` response header and on error pages, as a reference a family can
  quote when they phone.
- Production logs are JSON (python-json-logger), one object per line on stderr: timestamp,
  level, logger, message, request_id, user_id, and for the request line method, path, status
  and duration_ms. Development logs are plain text with the request id.
- Never names, email addresses or what would help: the user is their id, and a path's secret
  parts (emailed links' tokens) are masked.
- With SENTRY_DSN set, unexpected errors also go to Sentry, with personal data scrubbed.
"""

from __future__ import annotations

import logging
import re
import sys
import time
import uuid

from flask import Flask, g, has_request_context, request
from pythonjsonlogger.json import JsonFormatter
from sqlalchemy import inspect

ACCESS = logging.getLogger("portal.access")
# What we accept from a proxy as a request id: letters, digits, dashes, dots, underscores.
TRUSTABLE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# View arguments that are secrets (the token in an emailed link): never written to a log.
SECRET_ARGS = {"token"}
MASK = "[token]"


def request_id() -> str | None:
    """This request's id (None outside a request)."""
    return g.get("request_id") if has_request_context() else None


def _start_request(trust_proxy: bool) -> None:
    offered = request.headers.get("X-Request-ID", "")
    g.request_id = offered if trust_proxy and TRUSTABLE_ID.match(offered) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def loggable_path() -> str:
    """The request's path with the secret parts of emailed links masked."""
    path = request.path
    for name, value in (request.view_args or {}).items():
        if name in SECRET_ARGS and isinstance(value, str) and value:
            path = path.replace(value, MASK)
    return path


def _finish_request(response):
    response.headers["X-Request-ID"] = request_id() or ""
    started = g.get("request_started")
    ACCESS.info(
        "%s %s %s",
        request.method,
        loggable_path(),
        response.status_code,
        extra={
            "request_id": request_id(),
            "user_id": _user_id(),
            "method": request.method,
            "path": loggable_path(),
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
        },
    )
    return response


def _user_id() -> int | None:
    """The signed-in person's id, if there is one (never more about them)."""
    if not has_request_context():
        return None
    user = g.get("_login_user")  # only if Flask-Login has loaded them: never load for a log
    if user is None or user.is_anonymous:
        return None
    # The id the row was loaded with: after a commit, `user.id` would load the row again.
    state = inspect(user, raiseerr=False)
    return state.identity[0] if state is not None and state.identity else user.id


class RequestContext(logging.Filter):
    """Adds the request id and the signed-in person's id to every record that lacks them."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id() or "-"
        if not hasattr(record, "user_id"):
            record.user_id = _user_id()
        return True


def _handler(json_lines: bool) -> logging.Handler:
    handler = logging.StreamHandler(sys.stderr)
    if json_lines:
        handler.setFormatter(
            JsonFormatter(
                "{asctime}{levelname}{name}{message}{request_id}{user_id}",
                style="{",
                rename_fields={"asctime": "timestamp", "levelname": "level", "name": "logger"},
                datefmt="%Y-%m-%dT%H:%M:%S%z",
            )
        )
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
        )
    handler.addFilter(RequestContext())
    return handler


def _scrub(event, hint):
    """Sentry gets the error and where it happened, not who: no cookies, headers, form data,
    query string, user details or local variables."""
    request_data = event.get("request") or {}
    for key in ("cookies", "headers", "data", "query_string", "env"):
        request_data.pop(key, None)
    if "url" in request_data and has_request_context():
        request_data["url"] = loggable_path()
    event.pop("user", None)
    for exception in (event.get("exception") or {}).get("values", []):
        for frame in (exception.get("stacktrace") or {}).get("frames", []):
            frame.pop("vars", None)
    event.setdefault("tags", {})["request_id"] = request_id()
    return event


def _start_sentry(app: Flask) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.flask import FlaskIntegration

    sentry_sdk.init(
        dsn=app.config["SENTRY_DSN"],
        integrations=[FlaskIntegration()],
        # Collect nothing about the person; before_send removes the rest (cookies, headers,
        # the query string) whatever an integration adds.
        data_collection={
            "user_info": False,
            "http_bodies": [],
            "stack_frame_variables": False,
            "database_query_data": False,
        },
        before_send=_scrub,
        environment=app.config["PORTAL_ENV"],
        traces_sample_rate=0,
    )


def init_app(app: Flask) -> None:
    json_lines = app.config.get("LOG_FORMAT", "text") == "json"
    root = logging.getLogger()
    # One handler of ours on the root logger (several apps in one process, as in tests, share it).
    for old in [h for h in root.handlers if getattr(h, "portal", False)]:
        root.removeHandler(old)
    handler = _handler(json_lines)
    handler.portal = True
    root.addHandler(handler)
    if not app.testing:
        root.setLevel(logging.INFO)
        # Flask's own handler would print each record a second time.
        from flask.logging import default_handler

        app.logger.removeHandler(default_handler)
    trust_proxy = app.config.get("PROXY_FIX_X_FOR", 0) > 0
    app.before_request(lambda: _start_request(trust_proxy))
    app.after_request(_finish_request)
    if app.config.get("SENTRY_DSN"):
        _start_sentry(app)
