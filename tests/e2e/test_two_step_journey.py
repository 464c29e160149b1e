"""A new member of staff sets up an authenticator app on a phone-sized screen: scans the QR
code (decoded here as a phone would), mistypes a code, then types the right one and keeps the
recovery codes. Next time they sign in with a code, and once without their phone with a
recovery code. With JavaScript on and off; axe checks every page."""

import re
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
import zxingcpp
from PIL import Image

from portal.extensions import db
from tests.e2e.sign_in import CODE_LABEL, enter_code
from tests.factories import DEFAULT_PASSWORD, make_user

EMAIL = "nia@example.org"


def _password(checked):
    page = checked.page
    checked.goto("/login")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    checked.check()


def _sign_out(checked):
    checked.goto("/logout")
    checked.page.get_by_role("button", name="Sign out").click()
    checked.check()


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_staff_set_up_an_app_and_sign_in_with_a_code_or_a_recovery_code(
    open_page, live_server, tmp_path, javascript
):
    with live_server.app.app_context():
        make_user(email=EMAIL, full_name="Nia Staff", role="staff", second_factor=False)
        db.session.remove()
    checked = open_page(width=320, javascript=javascript)
    page = checked.page

    # After the password, a new member of staff is sent to set up an app, and is not signed in.
    _password(checked)
    assert page.get_by_role("heading", name="Set up an authenticator app").is_visible()
    checked.screenshot("set-up")
    checked.goto("/staff")
    assert urlsplit(page.url).path == "/login"
    _password(checked)

    # The QR code holds the key shown for typing by hand.
    shot = tmp_path / "qr.png"
    page.locator("svg[aria-label='QR code for your authenticator app']").screenshot(path=str(shot))
    [decoded] = zxingcpp.read_barcodes(Image.open(shot).convert("RGB"))
    link = urlsplit(decoded.text)
    assert (link.scheme, link.netloc) == ("otpauth", "totp")
    secret = parse_qs(link.query)["secret"][0]
    assert page.locator("#set-up-key").inner_text().replace(" ", "") == secret
    assert page.locator("#code").bounding_box()["width"] <= 320

    # A mistyped code is explained; the right one finishes setting up.
    page.get_by_label("Enter the 6-digit code your app shows").fill("12345")
    page.get_by_role("button", name="Continue").click()
    checked.check()
    assert page.title().startswith("Error: ")
    assert "The code is not right" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Enter the 6-digit code your app shows").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Continue").click()
    checked.check()
    assert page.get_by_role("heading", name="Save your recovery codes").is_visible()
    codes = re.findall(
        r"[a-z0-9]{5}-[a-z0-9]{5}",
        page.locator("ul[aria-label='Your recovery codes']").inner_text(),
    )
    assert len(codes) == 10
    checked.screenshot("recovery-codes")
    page.get_by_role("button", name="I have saved my codes, continue").click()
    checked.check()
    assert page.get_by_role("heading", name="Staff console").is_visible()
    _sign_out(checked)

    # Next time: the password, then a code. A wrong one first.
    _password(checked)
    assert urlsplit(page.url).path == "/login/code"
    page.get_by_label(CODE_LABEL).fill("000000")
    page.get_by_role("button", name="Continue").click()
    checked.check()
    assert page.title().startswith("Error: ")
    checked.screenshot("wrong-code")
    enter_code(checked, live_server, EMAIL)
    assert page.get_by_role("heading", name="Staff console").is_visible()
    assert "A wrong code was entered once" in page.content()
    _sign_out(checked)

    # Without the phone: a recovery code, once.
    _password(checked)
    page.get_by_role("link", name="I do not have my phone: use a recovery code").click()
    checked.check()
    page.get_by_label("Recovery code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    checked.check()
    assert page.get_by_role("heading", name="Staff console").is_visible()
    assert "You have 9 left" in page.content()
