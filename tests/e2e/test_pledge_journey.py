"""A business owner signs a pledge with two quiet hours; staff ask for a change; the owner
answers; staff approve; a family filtering by "quiet hour" and town finds the business and sees
the next quiet hour; the sticker's QR code opens the business's page, and the sticker prints on
A5 and the certificate on A4. axe checks every page."""

import re

import zxingcpp
from PIL import Image

from portal.extensions import db
from portal.pledges.models import Pledge
from tests.e2e.mail import emailed_link
from tests.e2e.sign_in import sign_in
from tests.factories import make_user


def test_a_pledge_from_signing_to_the_directory_and_the_sticker(
    open_page, live_server, smtp_server, tmp_path
):
    with live_server.app.app_context():
        make_user(email="staff@example.org", full_name="Sam Staff", role="staff")
        db.session.remove()

    # The owner creates an account and registers the business.
    owner = open_page(width=1280)
    page = owner.page
    owner.goto("/pledges/sign")
    page.get_by_role("button", name="Start now").click()
    owner.check()  # asked to sign in first
    page.get_by_role("link", name="Create an account").click()
    owner.check()
    page.get_by_label("Full name").fill("Ada Owner")
    page.get_by_label("Email address").fill("ada@example.org")
    page.get_by_label("Create a password").fill("beans and quiet mornings")
    page.get_by_role("button", name="Create account").click()
    owner.check()
    # The emailed link confirms the address, signs in and goes back to signing the pledge.
    page.goto(emailed_link(live_server, smtp_server[0], "/account/confirm-email/"))
    owner.check()
    page.get_by_label("Business name").fill("Bromley Bean Café")
    page.get_by_label("Address").fill("1 High Street, Bromley")
    page.get_by_label("Postcode").fill("BR1 1AA")
    page.get_by_label("What kind of business is it?").fill("Café")
    page.get_by_role("button", name="Save and continue").click()
    owner.check()
    page.get_by_label("A weekly quiet hour").check()
    page.get_by_label("Staff recognise the Sunflower lanyard").check()
    page.get_by_role("button", name="Continue").click()
    owner.check()
    first = page.get_by_role("group", name="Quiet hour 1")
    first.get_by_label("Day").select_option("Tuesday")
    first.get_by_label("Starts").fill("9am")
    first.get_by_label("Ends").fill("10am")
    second = page.get_by_role("group", name="Quiet hour 2 (optional)")
    second.get_by_label("Day").select_option("Saturday")
    second.get_by_label("Starts").fill("8am")
    second.get_by_label("Ends").fill("9am")
    owner.screenshot("quiet-hours")
    page.get_by_role("button", name="Continue").click()
    owner.check()
    page.get_by_label("Your role").fill("Owner")
    page.get_by_label("I agree, on behalf of the business").check()
    page.get_by_role("button", name="Continue").click()
    owner.check()
    page.get_by_role("button", name="Send the pledge").click()
    owner.check()
    assert page.get_by_role("heading", name="Pledge sent").is_visible()

    # Staff ask for a change.
    staff = open_page(width=1280)
    sign_in(staff, live_server, "staff@example.org")
    staff.goto("/staff/pledges")
    staff.page.get_by_role("link", name="Bromley Bean Café").click()
    staff.check()
    staff.page.get_by_label("Message to the business").fill(
        "Please put the quiet hour on your door."
    )
    staff.page.get_by_role("button", name="Ask for changes").click()
    staff.check()

    # The owner answers and sends it again.
    owner.goto("/business")
    page.get_by_role("link", name="Bromley Bean Café").click()
    owner.check()
    assert "Please put the quiet hour on your door." in page.content()
    page.get_by_role("link", name="Check and send").click()
    owner.check()
    page.get_by_label("Your answer to the team").fill("It is on the door now.")
    page.get_by_role("button", name="Send the pledge").click()
    owner.check()

    # Staff approve.
    staff.goto("/staff/pledges")
    staff.page.get_by_role("link", name="Bromley Bean Café").click()
    assert "It is on the door now." in staff.page.content()
    staff.page.get_by_role("button", name="Approve").click()
    staff.check()

    # A family looks for somewhere with a quiet hour, on a phone.
    family = open_page(width=320, javascript=False)
    family.goto("/pledges")
    family.page.get_by_label("Offers").select_option(label="A weekly quiet hour")
    family.page.get_by_label("Town").select_option("Bromley")
    family.page.get_by_role("button", name="Search").click()
    family.check()
    card = family.page.locator(".portal-result", has_text="Bromley Bean Café")
    assert re.search(r"Next quiet hour: \w+day|Quiet hour now, until", card.inner_text())
    family.screenshot("directory")
    assert family.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    family.page.get_by_role("link", name="Bromley Bean Café").click()
    family.check()
    content = family.page.content()
    assert "Tuesdays, 9am to 10am<br>Saturdays, 8am to 9am" in content
    assert re.search(r"Next quiet hour: \w+day|Quiet hour now, until", content)
    family.screenshot("business")
    assert family.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    business_url = family.page.url

    # The sticker's QR code opens that page.
    owner.goto("/business")
    page.get_by_role("link", name="Bromley Bean Café").click()
    owner.check()
    # A pledge approved today cannot be renewed yet: no button, but the day it can be.
    assert "You can renew yours from" in page.content()
    assert page.get_by_role("button", name="Renew your pledge").count() == 0
    page.get_by_role("link", name="print your window sticker and certificate").click()
    owner.check()
    shot = tmp_path / "qr.png"
    page.locator(".portal-sticker__qr svg").screenshot(path=str(shot))
    [decoded] = zxingcpp.read_barcodes(Image.open(shot).convert("RGB"))
    assert decoded.text == business_url
    assert page.get_by_role("button", name="Print the sticker").is_visible()
    assert "Tuesdays, 9am to 10am" in page.locator("#sticker").inner_text()
    owner.screenshot("sticker")
    # Each Print button prints only its part (the browser's dialog is stood in for here).
    page.evaluate(
        """window.print = () => {
          window.printed = [...document.querySelectorAll('[data-printable]')]
            .filter((part) => !part.hidden).map((part) => part.id);
          window.dispatchEvent(new Event('afterprint'));
        }"""
    )
    page.get_by_role("button", name="Print the certificate").click()
    assert page.evaluate("window.printed") == ["certificate"]
    assert page.locator("#sticker").is_visible()  # shown again once printed

    # Printed: the sticker alone on one A5 page, the certificate alone on one A4 page.
    assert _page_sizes(page.pdf(prefer_css_page_size=True)) == [A5, A4]
    page.evaluate("document.getElementById('certificate').hidden = true")  # as its button does
    sticker_pdf = page.pdf(prefer_css_page_size=True)
    assert _page_sizes(sticker_pdf) == [A5]
    (tmp_path / "sticker.pdf").write_bytes(sticker_pdf)
    page.evaluate("document.getElementById('certificate').hidden = false")
    page.evaluate("document.getElementById('sticker').hidden = true")
    certificate_pdf = page.pdf(prefer_css_page_size=True)
    assert _page_sizes(certificate_pdf) == [A4]
    (tmp_path / "certificate.pdf").write_bytes(certificate_pdf)

    with live_server.app.app_context():
        assert db.session.scalar(db.select(Pledge.status)) == "approved"
        db.session.remove()


A5, A4 = (420, 595), (595, 842)  # in points, rounded


def _page_sizes(pdf: bytes) -> list[tuple[int, int]]:
    """Each page's size, from the MediaBox Chromium writes (uncompressed) in each page."""
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    return [(round(float(w)), round(float(h))) for w, h in boxes]
