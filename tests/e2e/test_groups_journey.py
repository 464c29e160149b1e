"""A parent who leads a group, on a phone (320 px), adds a monthly meet-up and posts an update;
a follower gets the update by email through a real SMTP server; a visitor with no account reads
the group. axe checks every page, with JavaScript on and off."""

from email import message_from_bytes, policy

import pytest

from portal.dates import LONDON, utcnow
from portal.extensions import db
from portal.groups.services import follow
from portal.outbox.services import deliver_due
from tests.e2e.sign_in import sign_in
from tests.factories import make_user
from tests.integration.groups.factories import first_tuesday_after, make_group


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_a_parent_lead_adds_a_monthly_meetup_and_a_follower_gets_the_update(
    open_page, live_server, smtp_server, javascript
):
    inbox, _ = smtp_server
    with live_server.app.app_context():
        lead = make_user(email="lead@example.org", full_name="Grace Adeyemi")
        group = make_group(lead=lead)
        follow(group, make_user(email="follower@example.org"), now=utcnow())
        db.session.commit()
        slug = group.slug
        db.session.remove()
    first = first_tuesday_after(utcnow()).astimezone(LONDON)

    phone = open_page(width=320, javascript=javascript)
    sign_in(phone, live_server, "lead@example.org")
    phone.goto(f"/groups/{slug}")
    phone.page.get_by_role("link", name="Add a meet-up").click()
    phone.check()
    page = phone.page
    page.get_by_label("Name of the meet-up").fill("Coffee morning")
    page.get_by_label("Day", exact=True).fill(str(first.day))
    page.get_by_label("Month", exact=True).fill(str(first.month))
    page.get_by_label("Year", exact=True).fill(str(first.year))
    page.get_by_label("Start time").fill("10am")
    page.get_by_label("Every month, on the same day of the month").check()
    page.get_by_label("Where", exact=True).fill("Bromley Library, BR1 1EX")
    phone.screenshot("meetup-form")
    page.get_by_role("button", name="Add meet-up").click()
    phone.check()
    assert page.get_by_text("Meet-up added: First Tuesday of the month, 10am.").is_visible()
    phone.screenshot("group-with-meetup")

    page.get_by_role("link", name="Post an update").click()
    phone.check()
    page.get_by_label("Title").fill("Picnic in the park")
    page.get_by_label("Your update").fill("Bring a blanket and something to share.")
    page.get_by_role("button", name="Post update").click()
    phone.check()
    assert page.get_by_text("Your update is posted").is_visible()

    with live_server.app.app_context():
        deliver_due()
        db.session.remove()
    [message] = [m for m in inbox.messages if "follower@example.org" in m.rcpt_tos]
    email = message_from_bytes(message.content, policy=policy.default)
    assert email["Subject"] == "Bromley Parents Together: Picnic in the park"
    assert "Bring a blanket" in email.get_body(preferencelist=("plain",)).get_content()

    visitor = open_page(width=1280, javascript=javascript)
    visitor.goto("/groups")
    visitor.page.get_by_role("link", name="Bromley Parents Together").click()
    visitor.check()
    assert visitor.page.get_by_text("First Tuesday of the month, 10am").first.is_visible()
    assert visitor.page.get_by_role("link", name="Picnic in the park").is_visible()
    visitor.screenshot("group-page")
    visitor.page.get_by_role("link", name="report a concern to staff").click()
    visitor.check()
    visitor.goto("/groups/code-of-conduct")


@pytest.mark.parametrize("width", [320, 1280])
def test_staff_add_a_group_name_its_lead_read_a_concern_and_hide_an_update(
    open_page, live_server, width
):
    from portal.groups.services import post_update, report_concern

    with live_server.app.app_context():
        make_user(email="staff@example.org", full_name="Sam Staff", role="staff")
        make_user(email="parent@example.org", full_name="Ama Mensah")
        db.session.remove()

    staff = open_page(width=width)
    sign_in(staff, live_server, "staff@example.org")
    staff.goto("/staff/groups")
    page = staff.page
    page.get_by_role("button", name="Add a group").click()
    staff.check()
    page.get_by_label("Name of the group").fill("Penge Young People")
    page.get_by_label("Summary").fill("Games and chat for autistic teenagers.")
    page.get_by_label("What the group is like").fill("A calm room, board games, no pressure.")
    page.get_by_label("Young people").check()
    page.get_by_label("Area").select_option("penge")
    page.get_by_label("Just come along").check()
    page.get_by_role("button", name="Save").click()
    staff.check()
    page.get_by_label("Add a lead: the email address of their account").fill("parent@example.org")
    page.get_by_role("button", name="Make them a lead").click()
    staff.check()
    assert page.get_by_text("Ama Mensah now leads Penge Young People.").is_visible()

    with live_server.app.app_context():
        from portal.accounts.services import find_user_by_email
        from portal.groups.queries import group_by_slug

        group = group_by_slug("penge-young-people")
        update = post_update(
            group,
            title="Games night",
            body="See you Friday.",
            actor=find_user_by_email("parent@example.org"),
            now=utcnow(),
        )
        report_concern(group, message="A worrying update", update=update, now=utcnow())
        db.session.commit()
        db.session.remove()

    staff.goto("/staff/groups/concerns")
    assert page.get_by_text("A worrying update").is_visible()
    staff.screenshot("concerns")
    page.get_by_role("link", name="Penge Young People").first.click()
    staff.check()
    page.get_by_role("button", name="Hide: Games night").click()
    staff.check()
    assert page.get_by_text("The update is hidden.").is_visible()
    staff.screenshot("group-console")
