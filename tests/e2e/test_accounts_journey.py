"""A newcomer registers, confirms their address by email, changes it, signs out, resets a
forgotten password by email, and signs in again, on a phone and a desktop, with JavaScript off
and on."""

import pytest

from tests.e2e.mail import emailed_link

PASSWORD = "bromley family passphrase"
NEW_PASSWORD = "a brand new family passphrase"


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
    assert page.get_by_role("heading", name="Check your email").is_visible()
    checked.screenshot("registered")

    # The emailed link confirms the address and signs the newcomer in.
    page.goto(emailed_link(live_server, inbox, "/account/confirm-email/"))
    checked.check()
    assert page.get_by_role("heading", name="Your account").is_visible()
    assert "Your email address is confirmed" in page.content()
    checked.screenshot("account")

    # A typo in the address, put right: it changes once the new address opens its link.
    page.get_by_role("link", name="Change email address").click()
    checked.check()
    page.get_by_label("New email address").fill("priya.shah@example.org")
    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Send a confirmation link").click()
    checked.check()
    assert page.title().startswith("Error: ")
    assert page.get_by_label("New email address").input_value() == "priya.shah@example.org"
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Send a confirmation link").click()
    checked.check()
    assert page.get_by_role("heading", name="Check your email").is_visible()
    page.goto(emailed_link(live_server, inbox, "/account/email/"))
    checked.check()
    assert "Your email address is now priya.shah@example.org" in page.content()

    page.get_by_role("button", name="Sign out").click()
    checked.check()
    assert "You have signed out" in page.content()

    checked.goto("/login")
    page.get_by_role("link", name="I have forgotten my password").click()
    checked.check()
    page.get_by_label("Email address").fill("priya.shah@example.org")
    page.get_by_role("button", name="Send reset link").click()
    checked.check()
    assert page.get_by_role("heading", name="Check your email").is_visible()

    page.goto(emailed_link(live_server, inbox, "/password-reset/"))
    checked.check()
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save new password").click()
    checked.check()
    assert "Your password has been reset" in page.content()

    page.get_by_label("Email address").fill("priya.shah@example.org")
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    checked.check()
    assert page.get_by_role("heading", name="Your account").is_visible()
    checked.screenshot("signed-in-again")
