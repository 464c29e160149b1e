"""Business pledges: signing, review, the directory, expiry and renewal, isolation."""

from datetime import time, timedelta

from portal.dates import utcnow
from portal.extensions import db
from portal.outbox.models import OutboxMessage
from portal.pledges.models import Commitment, Pledge, VisitComment
from portal.pledges.services import expiry_for, send_pledge_reminders, start_pledge
from tests.factories import make_business, make_pledge, make_user


def _ids(*slugs):
    return db.session.scalars(db.select(Commitment.id).where(Commitment.slug.in_(slugs))).all()


def _subjects():
    return db.session.scalars(db.select(OutboxMessage.subject)).all()


def test_a_business_owner_registers_and_signs_a_pledge_with_a_quiet_hour(client, auth, owner):
    auth.login(owner.email)
    response = client.post_form(
        "/business/new",
        {
            "name": "Bromley Bean Café",
            "address": "1 High Street",
            "postcode": "br1 1aa",
            "sector": "Café",
        },
    )
    slug = response.headers["Location"].split("/")[2]
    assert slug == "bromley-bean-cafe-br1"

    too_few = client.post_form(
        f"/business/{slug}/pledge/commitments", {"commitments": _ids("quiet-hour")}
    )
    assert "Choose at least 2 commitments" in too_few.get_data(as_text=True)
    client.post_form(
        f"/business/{slug}/pledge/commitments", {"commitments": _ids("quiet-hour", "sunflower")}
    )
    missing = client.post_form(f"/business/{slug}/pledge/details", {"quiet_day_1": ""})
    assert "Choose the day of the quiet hour" in missing.get_data(as_text=True)
    client.post_form(
        f"/business/{slug}/pledge/details",
        {"quiet_day_1": "1", "quiet_starts_1": "9am", "quiet_ends_1": "10:00"},
    )
    client.post_form(
        f"/business/{slug}/pledge/sign", {"name": "Ada Owner", "role": "Manager", "agree": "y"}
    )
    check = client.get(f"/business/{slug}/pledge/check").get_data(as_text=True)
    assert "Tuesdays, 9am to 10am" in check
    done = client.post_form(f"/business/{slug}/pledge/check", {})

    assert "Pledge sent" in done.get_data(as_text=True)
    pledge = db.session.scalar(db.select(Pledge))
    assert pledge.status == "submitted"
    assert "Pledge sent for review: Bromley Bean Café" in _subjects()
    assert db.session.get(type(owner), owner.id).role == "business"


def test_posting_a_status_to_business_forms_changes_nothing(client, auth, owner):
    business = make_business(owner)
    pledge = make_pledge(business, status="draft")
    auth.login(owner.email)
    client.post_form(
        f"/business/{business.slug}/pledge/sign",
        {
            "name": "Ada",
            "role": "Owner",
            "agree": "y",
            "status": "approved",
            "expires_at": "2099-01-01",
        },
    )
    client.post_form(
        f"/business/{business.slug}/pledge/commitments",
        {"commitments": _ids("quiet-hour", "champion"), "status": "approved"},
    )
    assert db.session.get(Pledge, pledge.id).status == "draft"
    assert db.session.get(Pledge, pledge.id).expires_at is None


def test_a_business_cannot_see_or_change_another_business(client, auth, owner):
    other = make_business(make_user(email="rival@example.org"), name="Rival Café")
    make_pledge(other, status="changes-requested")
    make_business(owner)
    auth.login(owner.email)
    for url in (
        f"/business/{other.slug}",
        f"/business/{other.slug}/pledge/commitments",
        f"/business/{other.slug}/pledge/check",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post_form(f"/business/{other.slug}/pledge/check", {}).status_code == 404


def test_staff_ask_for_a_change_the_owner_answers_and_staff_approve(
    client, auth, owner, staff_user
):
    business = make_business(owner)
    pledge = make_pledge(business, status="submitted")
    auth.login(staff_user.email)
    empty = client.post_form(f"/staff/pledges/{pledge.id}", {"decision": "changes", "message": ""})
    assert "Say what needs to change" in empty.get_data(as_text=True)
    client.post_form(
        f"/staff/pledges/{pledge.id}",
        {"decision": "changes", "message": "Put the quiet hour on your door."},
    )
    auth.logout()

    auth.login(owner.email)
    page = client.get(f"/business/{business.slug}").get_data(as_text=True)
    assert "Put the quiet hour on your door." in page
    client.post_form(
        f"/business/{business.slug}/pledge/check", {"reply": "Done: it is on the door."}
    )
    auth.logout()

    auth.login(staff_user.email)
    assert "Done: it is on the door." in client.get(f"/staff/pledges/{pledge.id}").get_data(
        as_text=True
    )
    client.post_form(f"/staff/pledges/{pledge.id}", {"decision": "approve"})
    pledge = db.session.get(Pledge, pledge.id)
    assert pledge.status == "approved"
    assert pledge.expires_at == expiry_for(pledge.approved_at)
    assert "Please change your pledge: Bromley Bean Café" in _subjects()
    assert "Pledge approved: Bromley Bean Café" in _subjects()


def test_the_directory_filters_by_commitment_area_and_name(client):
    quiet = make_business(make_user(), name="Quiet Shop", postcode="BR1 1AA")
    make_pledge(quiet, commitments=("quiet-hour", "sunflower"))
    other = make_business(make_user(), name="Busy Shop", postcode="BR6 0HH")
    make_pledge(other, commitments=("champion", "sunflower"))
    make_pledge(make_business(make_user(), name="Waiting Shop"), status="submitted")

    everyone = client.get("/pledges").get_data(as_text=True)
    assert "Quiet Shop" in everyone and "Busy Shop" in everyone and "Waiting Shop" not in everyone
    by_hour = client.get("/pledges?commitment=quiet-hour").get_data(as_text=True)
    assert "Quiet Shop" in by_hour and "Busy Shop" not in by_hour
    by_area = client.get("/pledges?area=BR6").get_data(as_text=True)
    assert "Busy Shop" in by_area and "Quiet Shop" not in by_area
    by_name = client.get("/pledges?q=busy", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Busy Shop" in by_name and "Quiet Shop" not in by_name and "<html" not in by_name


def test_the_business_page_shows_quiet_hour_and_progress(client):
    business = make_business(make_user())
    make_pledge(business, commitments=("quiet-hour", "training"))
    page = client.get(f"/pledges/{business.slug}").get_data(as_text=True)
    assert "Tuesdays, 9am to 10am" in page
    assert "18 of 24 customer-facing staff trained so far" in page
    assert "Valid until" in page


def test_a_pledge_approved_a_year_ago_leaves_the_directory_is_reminded_once_and_renews(
    client, auth, owner, staff_user
):
    business = make_business(owner)
    old = make_pledge(business, now=utcnow() - timedelta(days=366))

    assert "Bromley Bean Café" not in client.get("/pledges").get_data(as_text=True)
    page = client.get(f"/pledges/{business.slug}").get_data(as_text=True)
    assert (
        "This business&#39;s pledge ended on" in page or "This business's pledge ended on" in page
    )
    assert client.get(f"/pledges/{business.slug}/sticker").status_code == 404

    assert [report.done for report in send_pledge_reminders(now=utcnow())] == [0, 1]
    assert [report.done for report in send_pledge_reminders(now=utcnow())] == [0, 0]
    db.session.commit()
    assert _subjects().count("Your pledge has ended: Bromley Bean Café") == 1

    auth.login(owner.email)
    client.post_form(f"/business/{business.slug}/renew")
    renewal = db.session.scalar(db.select(Pledge).where(Pledge.id != old.id))
    assert renewal.renews_id == old.id
    assert [c.slug for c in renewal.commitments] == [c.slug for c in old.commitments]
    assert [(hour.weekday, hour.starts_at) for hour in renewal.quiet_hours] == [(1, time(9))]


def test_reminders_go_30_days_before_expiry_once(app):
    business = make_business(make_user())
    make_pledge(business, now=utcnow() - timedelta(days=340))
    result = app.test_cli_runner().invoke(args=["pledges", "remind"])
    again = app.test_cli_runner().invoke(args=["pledges", "remind"])
    assert "Queued 1 reminders and 0 expiry notices" in result.output
    assert "Queued 0 reminders and 0 expiry notices" in again.output


def test_an_approved_renewal_replaces_the_old_pledge(app, staff_user):
    business = make_business(make_user())
    old = make_pledge(business, now=utcnow() - timedelta(days=350))
    new = make_pledge(business, staff=staff_user)
    assert new.renews_id == old.id
    assert db.session.get(Pledge, old.id).status == "replaced"
    assert db.session.get(Pledge, new.id).status == "approved"


def test_the_renewal_starts_from_the_previous_answers(app):
    business = make_business(make_user())
    make_pledge(
        business, commitments=("quiet-hour", "training"), now=utcnow() - timedelta(days=320)
    )
    renewal = start_pledge(business, now=utcnow())
    assert renewal.staff_total == 24 and renewal.staff_trained == 18


def test_families_comments_show_only_after_staff_publish_them(client, auth, member, staff_user):
    business = make_business(make_user())
    make_pledge(business)
    auth.login(member.email)
    client.post_form(f"/pledges/{business.slug}/tell-us", {"helped": "Lights were dimmed"})
    assert "Lights were dimmed" not in client.get(f"/pledges/{business.slug}").get_data(
        as_text=True
    )
    auth.logout()

    auth.login(staff_user.email)
    comment = db.session.scalar(db.select(VisitComment))
    client.post_form(f"/staff/comments/{comment.id}", {"action": "publish"})
    assert "Lights were dimmed" in client.get(f"/pledges/{business.slug}").get_data(as_text=True)


def test_owners_report_progress(client, auth, owner):
    business = make_business(owner)
    pledge = make_pledge(business, commitments=("training", "sunflower"))
    auth.login(owner.email)
    client.post_form(
        f"/business/{business.slug}/progress", {"staff_total": "24", "staff_trained": "22"}
    )
    assert db.session.get(Pledge, pledge.id).staff_trained == 22


def test_a_visual_story_pledge_needs_a_photo_checked_by_its_content(client, auth, owner, app):
    import io

    from PIL import Image

    business = make_business(owner)
    auth.login(owner.email)
    client.post_form(
        f"/business/{business.slug}/pledge/commitments",
        {"commitments": _ids("visual-story", "sunflower")},
    )
    client.post_form(
        f"/business/{business.slug}/pledge/sign", {"name": "Ada", "role": "Owner", "agree": "y"}
    )
    refused = client.post_form(f"/business/{business.slug}/pledge/check", {})
    assert "Add at least one photo to your visual story" in refused.get_data(as_text=True)

    fake = client.post_form(
        f"/business/{business.slug}/photos",
        {"photo": (io.BytesIO(b"<html>not a photo</html>"), "door.jpg"), "alt_text": "Door"},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "The photo must be a JPEG or PNG" in fake.get_data(as_text=True)
    png = io.BytesIO()
    Image.new("RGB", (20, 10)).save(png, format="PNG")
    png.seek(0)
    client.post_form(
        f"/business/{business.slug}/photos",
        {"photo": (png, "door.png"), "alt_text": "The front door"},
        content_type="multipart/form-data",
    )
    sent = client.post_form(f"/business/{business.slug}/pledge/check", {})
    assert "Pledge sent" in sent.get_data(as_text=True)


def test_staff_keep_the_commitments_catalogue(client, auth, staff_user):
    auth.login(staff_user.email)
    client.post_form(
        "/staff/commitments/new",
        {"title": "Ear defenders to borrow", "description": "Ask at the till.", "active": "y"},
    )
    item = db.session.scalar(
        db.select(Commitment).where(Commitment.title == "Ear defenders to borrow")
    )
    assert item.slug == "ear-defenders-to-borrow" and item.active
    client.post_form(
        f"/staff/commitments/{item.id}",
        {"title": "Ear defenders to borrow", "description": "Ask at the till."},
    )
    assert db.session.get(Commitment, item.id).active is False
    page = client.get("/pledges").get_data(as_text=True)
    assert "Ear defenders to borrow" not in page


def test_the_business_is_told_why_in_the_email(client, auth, owner, staff_user):
    pledge = make_pledge(make_business(owner), status="submitted")
    auth.login(staff_user.email)
    client.post_form(
        f"/staff/pledges/{pledge.id}",
        {"decision": "decline", "message": "We could not confirm the quiet hour."},
    )
    message = db.session.scalar(
        db.select(OutboxMessage).where(OutboxMessage.subject.startswith("Pledge not approved"))
    )
    assert "We could not confirm the quiet hour." in message.body_text
    auth.logout()
    auth.login(owner.email)
    page = client.get(f"/business/{pledge.business.slug}").get_data(as_text=True)
    assert "We could not confirm the quiet hour." in page


def test_bad_answers_are_errors_not_crashes(client, auth, owner):
    business = make_business(owner)
    auth.login(owner.email)
    twice = _ids("quiet-hour")[0]
    same = client.post_form(
        f"/business/{business.slug}/pledge/commitments", {"commitments": [twice, twice]}
    )
    assert same.status_code == 200
    assert "Choose at least 2 commitments" in same.get_data(as_text=True)
    spaces = client.post_form(
        f"/business/{business.slug}/pledge/sign", {"name": "   ", "role": "Owner", "agree": "y"}
    )
    assert spaces.status_code == 200
    assert "Enter your full name" in spaces.get_data(as_text=True)


def test_comments_only_for_businesses_in_the_directory(client, auth, member):
    business = make_business(make_user())
    make_pledge(business, status="submitted")
    auth.login(member.email)
    assert client.get(f"/pledges/{business.slug}/tell-us").status_code == 404


def test_a_percent_sign_in_the_search_is_just_a_character(client):
    make_pledge(make_business(make_user(), name="Quiet Shop"))
    page = client.get("/pledges?q=%25").get_data(as_text=True)
    assert "Quiet Shop" not in page
