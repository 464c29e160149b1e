"""On a phone, with only a keyboard: a parent searches the demo library for "film", sees the
film where they are looking, opens it and plays it. axe checks every page, JavaScript on and
off."""

import pytest

from portal.dates import utcnow
from portal.demo.library import load_demo_library
from portal.extensions import db
from tests.factories import make_user

PHONE = {"width": 320, "height": 568}
FILM = "A day at the shops, by Bromley parents"


def _tab_to(page, selector: str, text: str = "", most: int = 40) -> None:
    """Press Tab until an element matching `selector` (and showing `text`) has the focus."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate(
            "([s, t]) => document.activeElement.matches(s)"
            " && document.activeElement.textContent.trim().startsWith(t)",
            [selector, text],
        ):
            return
    raise AssertionError(f"Tab never reached {selector} {text}")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_a_parent_on_a_phone_searches_film_and_watches_it(open_page, live_server, javascript):
    with live_server.app.app_context():
        staff = make_user(email="staff@example.org", role="staff")
        load_demo_library(staff, utcnow())
        db.session.commit()
        db.session.remove()

    parent = open_page(width=PHONE["width"], javascript=javascript)
    page = parent.page
    page.set_viewport_size(PHONE)
    parent.goto("/library")
    _tab_to(page, "#q")
    page.keyboard.type("the film")
    if not javascript:
        page.keyboard.press("Enter")  # the form is sent; with JavaScript the results come live
    page.get_by_role("heading", name="1 item for “the film”").wait_for()
    parent.check()
    parent.screenshot("results")

    # The result is on the screen, not below folded-away filters.
    result = page.get_by_role("link", name=FILM)
    box = result.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"], box
    assert page.locator("details").evaluate("d => d.open") is False

    _tab_to(page, "a", FILM)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name=FILM, level=1).wait_for()
    parent.check()
    parent.screenshot("film")
    video = page.locator("video")
    assert video.get_attribute("controls") is not None
    if javascript:
        _tab_to(page, "video")
        page.keyboard.press("Space")
        page.wait_for_function("() => document.querySelector('video').currentTime > 0")
