"""Only the staff who run a session, and admins, read what families said would help."""

from datetime import timedelta

import pytest

from portal.audit.models import AuditEntry
from portal.dates import utcnow
from portal.events.exports import attendees_for_export
from portal.events.models import Event
from portal.events.organising import NotAllowedNow, set_leads
from portal.events.register import NotALead, may_see_needs, view_access_needs
from portal.extensions import db
from tests.factories import make_booking, make_event, make_user

NOTE = "Loud beeps upset him"


@pytest.fixture
def other_staff(app):
    return make_user(email="other@example.org", role="staff", full_name="Olu Other")


def test_a_lead_and_an_admin_may_see_needs_but_other_staff_may_not(app, staff_user, other_staff):
    admin = make_user(role="admin")
    event = make_event(leads=[staff_user])

    assert may_see_needs(event, staff_user) and may_see_needs(event, admin)
    assert not may_see_needs(event, other_staff)
    with pytest.raises(NotALead):
        view_access_needs(event, actor=other_staff)
    with pytest.raises(NotALead):
        attendees_for_export(event, include_needs=True, reason="seats", actor=other_staff)


def test_other_staff_can_export_attendees_without_needs(app, other_staff):
    event = make_event()
    make_booking(event, note=NOTE)

    rows = attendees_for_export(event, include_needs=False, reason="", actor=other_staff)

    assert NOTE not in str(rows)


def test_other_staff_see_that_something_was_said_and_get_403_on_the_needs(
    client, auth, other_staff
):
    event = make_event()
    make_booking(event, make_user(full_name="Jo Parent"), note=NOTE)
    auth.login(other_staff.email)

    overview = client.get(f"/staff/sessions/{event.id}").get_data(as_text=True)
    needs = client.get(f"/staff/sessions/{event.id}/needs")
    export = client.post_form(
        f"/staff/sessions/{event.id}/export", {"include_needs": "y", "reason": "seats"}
    )

    assert "Only the staff who run this session can see what would help" in overview
    assert NOTE not in overview
    assert needs.status_code == 403 and NOTE not in needs.get_data(as_text=True)
    assert "Only the staff who run this session" in export.get_data(as_text=True)
    assert NOTE not in export.get_data(as_text=True)


def test_an_admin_names_who_runs_a_session_and_it_is_recorded(client, auth, staff_user):
    admin = make_user(email="admin@example.org", role="admin")
    event = make_event()
    auth.login(admin.email)

    client.post_form(f"/staff/sessions/{event.id}/leads", {"leads": [staff_user.id]})

    assert [lead.id for lead in db.session.get(Event, event.id).leads] == [staff_user.id]
    entry = db.session.scalar(db.select(AuditEntry).order_by(AuditEntry.id.desc()))
    assert (entry.action, entry.summary) == ("session leads set", "Sam Staff")


def test_staff_who_are_not_admins_cannot_name_leads(client, auth, staff_user):
    event = make_event()
    auth.login(staff_user.email)

    response = client.post_form(f"/staff/sessions/{event.id}/leads", {"leads": [staff_user.id]})

    assert response.status_code == 403
    assert db.session.get(Event, event.id).leads == []


def test_only_staff_can_lead_a_session(app, staff_user):
    with pytest.raises(NotAllowedNow):
        set_leads(make_event(), [make_user()], actor=staff_user, now=utcnow())


def test_the_sessions_page_lists_the_sessions_you_run_first(client, auth, staff_user):
    make_event(title="Someone else's session", starts_in=timedelta(days=1))
    make_event(title="Your later session", starts_in=timedelta(days=9), leads=[staff_user])
    auth.login(staff_user.email)

    page = client.get("/staff/sessions").get_data(as_text=True)

    assert page.index("Sessions you run") < page.index("Your later session")
    assert page.index("Your later session") < page.index("Other sessions")
    assert page.index("Other sessions") < page.index("Someone else&#39;s session")


def test_the_member_of_staff_who_makes_a_session_runs_it(app, staff_user):
    from portal.events.organising import EventDetails, create_event, duplicate

    original = make_event(leads=[staff_user])
    details = EventDetails.of(original)

    made = create_event(details, actor=staff_user, now=utcnow())
    copy = duplicate(original, actor=make_user(role="admin"), now=utcnow())

    assert made.leads == [staff_user]
    assert copy.leads == [staff_user]


def test_an_admin_can_leave_a_session_with_no_named_lead(client, auth, staff_user):
    admin = make_user(email="admin@example.org", role="admin")
    event = make_event(leads=[staff_user])
    auth.login(admin.email)

    response = client.post_form(f"/staff/sessions/{event.id}/leads", {})

    assert response.status_code == 302
    assert db.session.get(Event, event.id).leads == []
    assert "Nobody named yet" in client.get(f"/staff/sessions/{event.id}").get_data(as_text=True)
