"""Error pages in the portal's own style: never a traceback or Werkzeug's default page."""

from __future__ import annotations

from flask import (
    Flask,
    Response,
    current_app,
    g,
    has_request_context,
    make_response,
    render_template,
    request,
    url_for,
)
from flask_wtf.csrf import CSRFError
from sqlalchemy import event
from sqlalchemy.exc import DataError, OperationalError
from sqlalchemy.exc import TimeoutError as NoFreeConnection
from sqlalchemy.orm import Session
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError

from portal.extensions import db
from portal.logs import request_id

# What to tell a person for each status we expect, in plain English.
MESSAGES = {
    400: ("Sorry, there is a problem with that request", "Go back and try again."),
    403: (
        "You do not have permission to see this page",
        "If you think you should, contact the team and tell them the page you were trying to open.",
    ),
    404: (
        "Page not found",
        "If you typed the web address, check it is correct. "
        "If you pasted the web address, check you copied the entire address.",
    ),
    405: ("Sorry, that cannot be done here", "Go back and try again from the page you were on."),
    413: (
        "That file is too large",
        "Go back and choose a smaller file.",
    ),
    429: (
        "Too many attempts",
        "You have tried too many times in a short while. Wait 10 minutes, then try again.",
    ),
    500: (
        "Sorry, there is a problem with the service",
        "Try again later. Anything you had already saved is safe.",
    ),
    503: ("Sorry, the service is busy", "Wait a minute, then try again."),
}
NOTHING_SAVED = "Nothing you sent has been saved. Wait a minute, then try again."
MAYBE_SAVED = "What you sent may have been saved. Check before you send it again."
# Seconds a browser or a script is asked to wait after a 503.
RETRY_AFTER = 30


def error_page(
    code: int,
    *,
    heading: str | None = None,
    body: str | None = None,
    back: tuple[str, str] | None = None,
    retry_url: str | None = None,
) -> Response:
    """The portal's error page, optionally with a way `back` (link text, URL) or a "Try again"
    link (`retry_url`). It says it is one (X-Portal-Page), so that an htmx request, whose 4xx or
    5xx answer htmx would not show, shows it whole (assets/portal.js)."""
    default_heading, default_body = MESSAGES.get(code, MESSAGES[400])
    response = make_response(
        render_template(
            "errors/error.html",
            code=code,
            heading=heading or default_heading,
            body=body or default_body,
            back=back,
            request_id=request_id(),
            retry_url=retry_url,
        ),
        code,
    )
    response.headers["X-Portal-Page"] = "error"
    return response


def database_unavailable(
    error: OperationalError,
    *,
    heading: str | None = None,
    body: str | None = None,
    retry_url: str | None = None,
):
    """A 503 for a database that failed part way: the connection was cut (a restart, a
    failover, a killed session), it cannot be reached, or it is too busy. Nothing the request
    did was committed, so the page says so.

    The page is drawn without the database, which may still be away: no signed-in menu.
    A cut connection is expected now and then and logged as a warning; any other operational
    error is logged in full, as it may be a fault in the code.
    """
    try:
        db.session.rollback()
    except OperationalError:
        db.session.close()  # the connection is gone: let the pool replace it
    g.database_unavailable = True
    # Flask-Login hands every template the signed-in person, loading them if need be: with the
    # database away that load fails again, so the page goes without them (base.html).
    g.setdefault("_login_user", current_app.login_manager.anonymous_user())
    reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
    if error.connection_invalidated:
        current_app.logger.warning("Database connection lost, answered 503: %s", reason)
    else:
        current_app.logger.error("Database error, answered 503: %s", reason, exc_info=error)
    response = error_page(503, heading=heading, body=body, retry_url=retry_url)
    response.headers["Retry-After"] = str(RETRY_AFTER)
    return response


@event.listens_for(Session, "after_commit")
def _remember_the_commit(session: Session) -> None:
    # A database that fails after the request committed cannot be answered "nothing saved".
    if has_request_context():
        g.database_committed = True


def committed_in_this_request() -> bool:
    return bool(g.get("database_committed"))


def _this_page() -> str | None:
    if request.url_rule is None:
        return None
    url = url_for(request.endpoint, **(request.view_args or {}))
    query = request.query_string.decode("utf-8", "replace")
    return f"{url}?{query}" if query else url


def handle_database_unavailable(error: OperationalError):
    if request.method in ("GET", "HEAD"):
        return database_unavailable(error, retry_url=_this_page())
    return database_unavailable(
        error, body=MAYBE_SAVED if committed_in_this_request() else NOTHING_SAVED
    )


def handle_no_free_connection(error: NoFreeConnection):
    """Every connection of this process's pool was busy for DATABASE_POOL_TIMEOUT seconds: a
    503 asking to try again (nothing was done: the request never reached the database)."""
    current_app.logger.warning("No free database connection in time: answered 503")
    g.database_unavailable = True
    g.setdefault("_login_user", current_app.login_manager.anonymous_user())
    retry_url = _this_page() if request.method in ("GET", "HEAD") else None
    response = error_page(503, body=NOTHING_SAVED, retry_url=retry_url)
    response.headers["Retry-After"] = str(RETRY_AFTER)
    return response


def handle_untrusted_host(error: SecurityError):
    # The Host header is not one of TRUSTED_HOSTS, so no URL can be built: answer in plain text.
    return "Bad request: this host name is not served here.\n", 400, {"Content-Type": "text/plain"}


def handle_csrf_error(error: CSRFError):
    return error_page(
        400,
        heading="This page has expired",
        body="For your security, forms expire after a while. Reload the page and try again: "
        "anything you typed may need entering again.",
    )


def handle_http_exception(error: HTTPException):
    if error.code is None or error.code < 400:
        return error
    response = error_page(error.code)
    if error.code == 405 and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def handle_unexpected_error(error: Exception):
    # Whatever was half done in this request must not be committed by anything later.
    db.session.rollback()
    original = error.original_exception if isinstance(error, InternalServerError) else error
    current_app.logger.exception("Unhandled error", exc_info=original)
    return error_page(500)


def handle_number_out_of_range(error: Exception):
    # An id or page number too large for the database (/events/99999999999999999999) names
    # nothing: that is a 404, not a server error. Any other data error is a real fault.
    if isinstance(error, DataError) and "out of range" not in str(error.orig):
        return handle_unexpected_error(error)
    db.session.rollback()
    return error_page(404)


def init_app(app: Flask) -> None:
    app.register_error_handler(OverflowError, handle_number_out_of_range)
    app.register_error_handler(DataError, handle_number_out_of_range)
    app.register_error_handler(OperationalError, handle_database_unavailable)
    app.register_error_handler(NoFreeConnection, handle_no_free_connection)
    app.register_error_handler(SecurityError, handle_untrusted_host)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(InternalServerError, handle_unexpected_error)
