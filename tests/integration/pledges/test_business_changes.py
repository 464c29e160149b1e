"""Changing a business's details and photos once the public sees them: staff check first."""

import io
from pathlib import Path

import pytest
from flask import current_app
from PIL import Image
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import FileStorage

from portal.audit.models import AuditEntry
from portal.dates import utcnow
from portal.extensions import db
from portal.outbox.models import OutboxMessage
from portal.pledges.changes import (
    approve_change,
    change_details,
    keep_photo,
    open_change,
    propose_photo,
    propose_removal,
    send_back_change,
    withdraw_change,
    withdraw_photo,
)
from portal.pledges.models import BusinessChange, BusinessPhoto, ChangeStatus, ProposedPhoto
from portal.pledges.photos import add_business_photo
from portal.pledges.services import NotEditable, NotReady
from tests.factories import make_business, make_pledge, make_user

HOURS = "Monday to Friday, 8am to 6pm\nSaturday, 9am to 5pm"


def _stored(filename: str) -> Path:
    """Where the app's (local) store keeps a photo."""
    return Path(current_app.config["MEDIA_FOLDER"]) / filename


def _png(name: str = "door.png") -> FileStorage:
    stream = io.BytesIO()
    Image.new("RGB", (20, 10)).save(stream, format="PNG")
    stream.seek(0)
    return FileStorage(stream=stream, filename=name, content_type="image/png")


def _details(business, **changes):
    values = {
        "address": business.address,
        "postcode": business.postcode,
        "website": business.website,
        "description": business.description,
        "opening_hours": business.opening_hours,
    }
    values.update(changes)
    return values


def _live(owner=None):
    business = make_business(owner or make_user(role="business"))
    make_pledge(business)
    return business


@pytest.fixture
def staff(app):
    return make_user(email="staff@example.org", role="staff")


def _subjects() -> list[str]:
    return db.session.scalars(db.select(OutboxMessage.subject)).all()


def test_details_change_at_once_before_there_is_a_pledge(app, owner):
    business = make_business(owner)
    change = change_details(
        business,
        **_details(business, opening_hours=HOURS, postcode="br3 1aa"),
        actor=owner,
        now=utcnow(),
    )
    db.session.commit()
    assert change is None
    assert business.opening_hours == HOURS
    assert business.postcode_district == "BR3"
    assert db.session.scalars(db.select(BusinessChange)).all() == []


def test_details_of_a_live_business_wait_for_staff_and_the_public_keeps_the_old_ones(app, owner):
    business = _live(owner)
    change = change_details(
        business, **_details(business, opening_hours=HOURS), actor=owner, now=utcnow()
    )
    db.session.commit()
    assert change.status == ChangeStatus.WAITING
    assert business.opening_hours == ""
    assert change.differences() == [("Opening hours", "", HOURS)]


def test_details_wait_for_staff_while_the_first_pledge_is_with_them(app, owner):
    business = make_business(owner)
    make_pledge(business, status="submitted")
    change = change_details(
        business, **_details(business, website="https://bean.example"), actor=owner, now=utcnow()
    )
    db.session.commit()
    assert change is not None
    assert business.website == ""


def test_later_edits_update_the_one_open_change(app, owner):
    business = _live(owner)
    first = change_details(
        business, **_details(business, opening_hours="9 to 5"), actor=owner, now=utcnow()
    )
    second = change_details(
        business, **_details(business, description="Tea and cake"), actor=owner, now=utcnow()
    )
    db.session.commit()
    assert first.id == second.id
    assert second.opening_hours == business.opening_hours  # the second edit put it back
    assert db.session.scalar(db.select(db.func.count(BusinessChange.id))) == 1


def test_an_edit_back_to_what_the_public_sees_drops_the_change(app, owner):
    business = _live(owner)
    change_details(
        business, **_details(business, opening_hours="9 to 5"), actor=owner, now=utcnow()
    )
    db.session.commit()
    assert change_details(business, **_details(business), actor=owner, now=utcnow()) is None
    db.session.commit()
    assert open_change(business) is None


def test_a_second_open_change_for_a_business_is_refused_by_the_database(app, owner):
    business = _live(owner)
    for _ in range(2):
        db.session.add(BusinessChange(business=business, **_details(business)))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_approving_applies_details_and_photos_together_and_emails_the_owners(app, owner, staff):
    business = _live(owner)
    old = add_business_photo(business, _png(), alt_text="Old door", caption="")
    kept = add_business_photo(business, _png(), alt_text="Quiet room", caption="")
    db.session.commit()
    change_details(
        business,
        **_details(business, opening_hours=HOURS, postcode="BR6 0AA"),
        actor=owner,
        now=utcnow(),
    )
    proposed = propose_photo(
        business,
        _png(),
        alt_text="New door",
        caption="Ring the bell",
        actor=owner,
        now=utcnow(),
    )
    propose_removal(business, old, actor=owner, now=utcnow())
    db.session.commit()
    assert isinstance(proposed, ProposedPhoto)
    assert [p.alt_text for p in business.photos] == ["Old door", "Quiet room"]
    old_file, new_file = _stored(old.filename), _stored(proposed.filename)

    approve_change(open_change(business), actor=staff, now=utcnow())
    db.session.commit()

    db.session.expire_all()
    assert business.opening_hours == HOURS
    assert business.postcode_district == "BR6"
    assert [p.alt_text for p in business.photos] == ["Quiet room", "New door"]
    assert business.photos[0].id == kept.id
    assert not old_file.exists() and new_file.exists()
    assert db.session.scalars(db.select(ProposedPhoto)).all() == []
    assert open_change(business) is None
    assert "Changes approved: Bromley Bean Café" in _subjects()
    actions = db.session.scalars(db.select(AuditEntry.action)).all()
    assert "business change approved" in actions


def test_sending_back_needs_a_message_and_keeps_the_public_details(app, owner, staff):
    business = _live(owner)
    change = change_details(
        business, **_details(business, opening_hours=HOURS), actor=owner, now=utcnow()
    )
    db.session.commit()
    with pytest.raises(NotReady):
        send_back_change(change, message=" ", actor=staff, now=utcnow())
    send_back_change(change, message="Say which days you close.", actor=staff, now=utcnow())
    db.session.commit()
    assert change.status == ChangeStatus.SENT_BACK
    assert business.opening_hours == ""
    assert "Please look at your changes: Bromley Bean Café" in _subjects()
    assert "business change sent back" in db.session.scalars(db.select(AuditEntry.action)).all()


def test_editing_a_change_sent_back_sends_it_to_staff_again(app, owner, staff):
    business = _live(owner)
    change = change_details(
        business, **_details(business, opening_hours=HOURS), actor=owner, now=utcnow()
    )
    send_back_change(change, message="Say which days you close.", actor=staff, now=utcnow())
    db.session.commit()
    again = change_details(
        business,
        **_details(business, opening_hours=HOURS + "\nClosed on Sundays"),
        actor=owner,
        now=utcnow(),
    )
    db.session.commit()
    assert again.id == change.id
    assert again.status == ChangeStatus.WAITING


def test_only_a_change_waiting_for_staff_can_be_approved(app, owner, staff):
    business = _live(owner)
    change = change_details(
        business, **_details(business, opening_hours=HOURS), actor=owner, now=utcnow()
    )
    send_back_change(change, message="Say which days you close.", actor=staff, now=utcnow())
    with pytest.raises(NotEditable):
        approve_change(change, actor=staff, now=utcnow())


def test_photos_change_at_once_while_a_pledge_is_a_draft(app, owner):
    business = make_business(owner)
    make_pledge(business, status="draft")
    photo = propose_photo(
        business,
        _png(),
        alt_text="Door",
        caption="",
        actor=owner,
        now=utcnow(),
    )
    db.session.commit()
    assert isinstance(photo, BusinessPhoto)
    propose_removal(business, photo, actor=owner, now=utcnow())
    db.session.commit()
    assert business.photos == []


def test_photos_wait_for_staff_while_a_pledge_is_submitted(app, owner):
    business = make_business(owner)
    make_pledge(business, status="submitted")
    photo = propose_photo(
        business,
        _png(),
        alt_text="Door",
        caption="",
        actor=owner,
        now=utcnow(),
    )
    db.session.commit()
    assert isinstance(photo, ProposedPhoto)
    assert business.photos == []


def test_taking_back_the_last_proposed_photo_drops_the_change_and_its_file(app, owner):
    business = _live(owner)
    photo = propose_photo(business, _png(), alt_text="Door", caption="", actor=owner, now=utcnow())
    db.session.commit()
    stored = _stored(photo.filename)
    withdraw_photo(open_change(business), photo, actor=owner, now=utcnow())
    db.session.commit()
    assert not stored.exists()
    assert open_change(business) is None


def test_keeping_a_photo_asked_to_be_removed_drops_an_otherwise_empty_change(app, owner):
    business = make_business(owner)
    photo = add_business_photo(business, _png(), alt_text="Door", caption="")
    make_pledge(business)
    propose_removal(business, photo, actor=owner, now=utcnow())
    db.session.commit()
    keep_photo(open_change(business), photo, actor=owner, now=utcnow())
    db.session.commit()
    assert open_change(business) is None
    assert [p.id for p in business.photos] == [photo.id]


def test_withdrawing_a_change_deletes_its_photo_files_and_leaves_the_public_page(app, owner):
    business = _live(owner)
    change_details(business, **_details(business, opening_hours=HOURS), actor=owner, now=utcnow())
    photo = propose_photo(business, _png(), alt_text="Door", caption="", actor=owner, now=utcnow())
    db.session.commit()
    stored = _stored(photo.filename)
    withdraw_change(open_change(business), actor=owner, now=utcnow())
    db.session.commit()
    assert not stored.exists()
    assert open_change(business) is None
    assert business.opening_hours == ""


# Through the pages: the owner's forms, staff's comparison, and what the public sees.


def test_the_public_page_shows_new_opening_hours_only_after_staff_approve(
    client, auth, owner, staff
):
    business = _live(owner)
    auth.login(owner.email)
    response = client.post_form(
        f"/business/{business.slug}/details", _details(business, opening_hours="Tuesdays 9 to 5")
    )
    assert response.status_code == 302
    assert "Tuesdays 9 to 5" not in client.get(f"/pledges/{business.slug}").get_data(as_text=True)

    auth.logout()
    auth.login(staff.email)
    change = open_change(business)
    page = client.get(f"/staff/pledges/changes/{change.id}").get_data(as_text=True)
    assert "Opening hours" in page and "Tuesdays 9 to 5" in page and "Changed to" in page
    assert (
        client.post_form(f"/staff/pledges/changes/{change.id}", {"decision": "approve"}).status_code
        == 302
    )

    assert "Tuesdays 9 to 5" in client.get(f"/pledges/{business.slug}").get_data(as_text=True)


def test_staff_sending_back_without_a_message_is_told_to_write_one(client, auth, owner, staff):
    business = _live(owner)
    change = change_details(
        business, **_details(business, opening_hours=HOURS), actor=owner, now=utcnow()
    )
    db.session.commit()
    auth.login(staff.email)
    response = client.post_form(f"/staff/pledges/changes/{change.id}", {"decision": "send-back"})
    page = response.get_data(as_text=True)
    assert "Say what needs to change" in page
    assert db.session.get(BusinessChange, change.id).status == ChangeStatus.WAITING


def test_the_owner_sees_the_staff_message_on_the_business_page(client, auth, owner, staff):
    business = _live(owner)
    change = change_details(
        business, **_details(business, opening_hours=HOURS), actor=owner, now=utcnow()
    )
    send_back_change(change, message="Say which days you close.", actor=staff, now=utcnow())
    db.session.commit()
    auth.login(owner.email)
    page = client.get(f"/business/{business.slug}").get_data(as_text=True)
    assert "Say which days you close." in page
    assert "Take back your changes" in page


def test_the_details_form_keeps_what_was_typed_and_says_what_is_wrong(client, auth, owner):
    business = _live(owner)
    auth.login(owner.email)
    response = client.post_form(
        f"/business/{business.slug}/details",
        _details(business, postcode="nowhere", opening_hours="Weekends only"),
    )
    page = response.get_data(as_text=True)
    assert "Enter a real postcode, like BR1 3UH" in page
    assert "Weekends only" in page
    assert open_change(business) is None


def test_someone_else_cannot_change_a_business_they_do_not_run(client, auth, owner):
    business = _live(owner)
    stranger = make_user(email="stranger@example.org")
    auth.login(stranger.email)
    assert client.get(f"/business/{business.slug}/details").status_code == 404
    assert (
        client.post_form(f"/business/{business.slug}/details", _details(business)).status_code
        == 404
    )


def test_a_photo_added_to_a_live_business_waits_for_staff(client, auth, owner):
    business = _live(owner)
    auth.login(owner.email)
    response = client.post_form(
        f"/business/{business.slug}/photos",
        {"photo": (_png(), "door.png"), "alt_text": "The new ramp"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/business/{business.slug}/photos")
    assert business.photos == []
    assert "The new ramp" not in client.get(f"/pledges/{business.slug}").get_data(as_text=True)
    page = client.get(f"/business/{business.slug}/photos").get_data(as_text=True)
    assert "New photos waiting for the team" in page and "The new ramp" in page


def test_a_refused_photo_on_the_photos_page_says_why_at_the_top(client, auth, owner):
    business = _live(owner)
    auth.login(owner.email)
    response = client.post_form(
        f"/business/{business.slug}/photos",
        {"photo": (_png(), "door.png"), "alt_text": " "},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert page.index("govuk-error-summary") < page.index("<h1")
    assert "Describe what the photo shows" in page


def test_a_proposed_photo_is_shown_to_its_owners_but_not_to_the_public(client, auth, owner):
    business = _live(owner)
    photo = propose_photo(
        business,
        _png(),
        alt_text="Door",
        caption="",
        actor=owner,
        now=utcnow(),
    )
    db.session.commit()
    assert client.get(f"/media/{photo.filename}").status_code == 404
    auth.login(owner.email)
    own = client.get(f"/business/{business.slug}/photos/proposed/{photo.id}")
    assert own.status_code == 200
    assert own.headers["Cache-Control"] == "private, no-store"
    own.close()


def test_staff_checking_a_pledge_are_pointed_to_changes_sent_meanwhile(client, auth, owner, staff):
    business = make_business(owner)
    pledge = make_pledge(business, status="submitted")
    change = propose_photo(
        business,
        _png(),
        alt_text="Door",
        caption="",
        actor=owner,
        now=utcnow(),
    )
    db.session.commit()
    auth.login(staff.email)
    page = client.get(f"/staff/pledges/{pledge.id}").get_data(as_text=True)
    assert f'href="/staff/pledges/changes/{open_change(business).id}"' in page
    assert isinstance(change, ProposedPhoto)


def test_sending_the_same_details_again_says_nothing_changed(client, auth, owner):
    business = _live(owner)
    auth.login(owner.email)
    response = client.post_form(
        f"/business/{business.slug}/details", _details(business), follow_redirects=True
    )
    assert "Nothing has changed, so nothing was sent to the team." in response.get_data(
        as_text=True
    )
    assert open_change(business) is None
