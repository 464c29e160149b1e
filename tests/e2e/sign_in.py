"""Signing in, in browser tests: the password, then for staff a real code from their app
(tests/two_step.py reads the secret the portal stored and computes the code, as a phone would)."""

from portal.extensions import db
from tests.factories import DEFAULT_PASSWORD
from tests.two_step import fresh_code

CODE_LABEL = "Code from your authenticator app"


def sign_in(checked, live_server, email: str, password: str = DEFAULT_PASSWORD, *, goto=True):
    """Sign in from the sign-in page (opened first unless `goto` is False), typing the app's
    code when asked for one; axe checks each page on the way."""
    page = checked.page
    if goto:
        checked.goto("/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    checked.check()
    if page.url.endswith("/login/code"):
        enter_code(checked, live_server, email)


def enter_code(checked, live_server, email: str) -> None:
    """Type the code the person's app shows now, on the code page."""
    with live_server.app.app_context():
        code = fresh_code(email)
        db.session.remove()
    checked.page.get_by_label(CODE_LABEL).fill(code)
    checked.page.get_by_role("button", name="Continue").click()
    checked.check()
