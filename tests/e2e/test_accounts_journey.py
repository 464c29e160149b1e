"""A newcomer registers, signs out, signs in, resets a forgotten password by email, and signs
out, on a phone with JavaScript off and on a desktop with it on."""

import re
from email import message_from_bytes, policy

import pytest

from portal.extensions import db
from portal.outbox.services import deliver_due

PASSWORD = "bromley family passphrase"
NEW_PASSWORD = "a brand new family passphrase"


def _emailed_link(live_server, inbox) -> str:
    with live_server.app.app_context():
        deliver_due()
        db.session.remove()
    email = message_from_bytes(inbox.messages[-1].content, policy=policy.default)
    text = email.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"(http://127\.0\.0\.1:\d+/password-reset/\S+)", text).group(1)


@pytest.mark.parametrize(
    ("width", "javascript"),
    [(320, False), (320, True), (1280, False), (1280, True)],
    ids=["phone-no-js", "phone-js", "desktop-no-js", "desktop-js"],
)
def test_newcomer_account_journey(open_page, live_server, smtp_server, width, javascript):
    inbox, _ = smtp_server
    checked = open_page(width=width, javascript=javascript)
    page = checked.page

    checked.goto("/")
    if width < 641 and javascript:
        page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Sign in").first.click()
    checked.check()
    page.get_by_role("link", name="Create an account").click()
    checked.check()

    # A mistake first: the form keeps what was typed and says what is wrong.
    page.get_by_label("Full name").fill("Priya Shah")
    page.get_by_label("Email address").fill("priya.example.org")
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    checked.check()
    assert page.title().startswith("Error: ")
    assert page.get_by_label("Full name").input_value() == "Priya Shah"
    assert page.locator(".govuk-error-summary").is_visible()
    checked.screenshot("register-error")

    page.get_by_label("Email address").fill("priya@example.org")
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    checked.check()
    assert page.get_by_role("heading", name="Your account").is_visible()
    checked.screenshot("account")

    page.get_by_role("button", name="Sign out").click()
    checked.check()
    assert "You have signed out" in page.content()

    checked.goto("/login")
    page.get_by_role("link", name="I have forgotten my password").click()
    checked.check()
    page.get_by_label("Email address").fill("priya@example.org")
    page.get_by_role("button", name="Send reset link").click()
    checked.check()
    assert page.get_by_role("heading", name="Check your email").is_visible()

    page.goto(_emailed_link(live_server, inbox))
    checked.check()
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save new password").click()
    checked.check()
    assert "Your password has been reset" in page.content()

    page.get_by_label("Email address").fill("priya@example.org")
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    checked.check()
    assert page.get_by_role("heading", name="Your account").is_visible()
    checked.screenshot("signed-in-again")
