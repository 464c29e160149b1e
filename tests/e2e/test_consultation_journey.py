"""A parent on a phone, with JavaScript off and no account, answers a consultation; staff read
the results, close it and publish what they heard and what they will do; the parent finds it on
“You said, we did”. axe checks every page; nothing scrolls sideways at 320px."""

from portal.extensions import db
from tests.e2e.sign_in import sign_in
from tests.factories import make_user
from tests.integration.consultations.factories import make_consultation

PHONE = {"width": 320, "height": 568}
TITLE = "Training sessions next year"
HEARD = "Most parents told us evenings suit them best."
WILL_DO = "Half of next year's sessions will be in the evening."


def _no_sideways_scroll(checked) -> None:
    assert checked.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_parent_answers_staff_publish_what_they_heard_and_the_parent_finds_it(
    open_page, live_server
):
    with live_server.app.app_context():
        staff = make_user(email="staff@example.org", role="staff")
        make_consultation(title=TITLE, staff=staff)
        db.session.remove()

    parent = open_page(width=PHONE["width"], javascript=False)
    page = parent.page
    page.set_viewport_size(PHONE)
    parent.goto("/have-your-say")
    _no_sideways_scroll(parent)
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("heading", name=TITLE, level=1).wait_for()
    parent.check()
    _no_sideways_scroll(parent)
    page.get_by_role("button", name="Start now").click()

    # Nothing chosen: the question stays, with a GOV.UK error.
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="Choose an answer").wait_for()
    parent.check()
    _no_sideways_scroll(parent)
    parent.screenshot("question-error")
    page.get_by_label("Weekday evenings").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="What should sessions cover?").wait_for()
    parent.check()
    page.get_by_label("Sensory needs").check()
    page.get_by_label("Sleep").check()
    page.get_by_role("button", name="Continue").click()
    parent.check()
    page.get_by_label("What should we call the new session? (optional)").fill("Calm club")
    page.get_by_role("button", name="Continue").click()
    parent.check()
    page.get_by_role("heading", name="What else would help? (optional)").wait_for()
    page.get_by_text("Up to 1,000 characters.").wait_for()
    page.get_by_label("What else would help? (optional)").fill("A quiet room to go to.")
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("heading", name="Check your answers").wait_for()
    parent.check()
    _no_sideways_scroll(parent)
    parent.screenshot("check")
    assert page.get_by_text("Sensory needs").count() == 1
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_role("heading", name="Answers sent").wait_for()
    parent.check()
    _no_sideways_scroll(parent)
    # Back does not open a blank question 1: the page thanks them instead of "Start now".
    page.go_back()
    page.get_by_role("heading", name="You have answered this. Thank you.").wait_for()
    assert page.get_by_role("button", name="Start now").count() == 0
    page.get_by_role("link", name="Someone else using this device? Answer as them").wait_for()
    parent.check()
    _no_sideways_scroll(parent)
    parent.screenshot("answered")

    staff_page = open_page(width=1280)
    desk = staff_page.page
    sign_in(staff_page, live_server, "staff@example.org")
    staff_page.goto("/staff")
    desk.get_by_role("link", name="Consultations").click()
    staff_page.check()
    desk.set_viewport_size(PHONE)  # the list fits a phone: nothing cut off
    assert desk.get_by_text("Open. Closes at the end of").is_visible()
    _no_sideways_scroll(staff_page)
    staff_page.screenshot("staff-list-320")
    desk.set_viewport_size({"width": 1280, "height": 800})
    desk.get_by_role("link", name=TITLE).click()
    staff_page.check()
    desk.get_by_role("link", name="See the results").click()
    desk.get_by_role("heading", name="Results").wait_for()
    staff_page.check()
    staff_page.screenshot("results")
    assert "Calm club" in desk.content()
    desk.get_by_role("link", name=TITLE).click()
    desk.get_by_role("button", name="Close it now").click()
    desk.get_by_role("heading", name="Close this consultation now?").wait_for()
    staff_page.check()
    desk.get_by_role("button", name="Yes, close it now").click()
    desk.get_by_text("Closed. Now read the results").wait_for()
    staff_page.check()
    desk.get_by_label("What we heard").fill(HEARD)
    desk.get_by_label("What we will do").fill(WILL_DO)
    desk.get_by_role("button", name="Publish").click()
    desk.get_by_text("Published on its page and on “You said, we did”.").wait_for()
    staff_page.check()

    parent.goto("/you-said-we-did")
    page.get_by_text(HEARD).wait_for()
    page.get_by_text(WILL_DO).wait_for()
    _no_sideways_scroll(parent)
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("heading", name="What we heard").wait_for()
    parent.check()
    _no_sideways_scroll(parent)
    parent.screenshot("outcome")


def test_staff_write_a_consultation_add_questions_and_publish_it_on_a_phone(open_page, live_server):
    with live_server.app.app_context():
        make_user(email="staff@example.org", role="staff")
        db.session.commit()
        db.session.remove()
    staff = open_page(width=390)
    page = staff.page
    sign_in(staff, live_server, "staff@example.org")
    staff.goto("/staff/consultations")
    _no_sideways_scroll(staff)
    page.get_by_role("button", name="Write a consultation").click()
    staff.check()

    page.get_by_label("Title").fill("Our leaflet")
    page.get_by_role("button", name="Save").click()  # the rest left empty: errors lead the page
    page.get_by_role("link", name="Say why you are asking").wait_for()
    staff.check()
    _no_sideways_scroll(staff)
    assert page.get_by_label("Title").input_value() == "Our leaflet"
    page.get_by_label("Why we are asking").fill("Parents wrote the leaflet. Is it clear?")
    page.get_by_label("What will change because of it").fill("We will print a better one.")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("12")
    page.get_by_label("Year").fill("2099")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("You cannot publish it yet: add at least one question first.").wait_for()
    staff.check()
    _no_sideways_scroll(staff)

    page.get_by_role("button", name="Add a question").click()
    staff.check()
    page.get_by_label("Choose one (radios)").check()
    page.get_by_label("Question", exact=True).fill("Is the leaflet clear?")
    page.get_by_label("Options, one per line").fill("Yes\nMostly\nNo")
    page.get_by_role("button", name="Save question").click()
    page.get_by_text("Question saved.").wait_for()
    staff.check()
    _no_sideways_scroll(staff)
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("Published. It takes answers until it closes.").wait_for()
    staff.check()

    page.get_by_role("link", name="See it as families do").click()
    page.get_by_role("heading", name="Our leaflet", level=1).wait_for()
    staff.check()
    _no_sideways_scroll(staff)
