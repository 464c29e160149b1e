"""The help directory's pages and rules: visitors read it without an account, staff keep it."""

from datetime import timedelta

import pytest

from portal.dates import utcnow
from portal.extensions import db
from portal.help.models import HelpService, ServiceStatus
from portal.help.services import NoWayToContact, archive, publish, save_service
from tests.factories import make_user
from tests.integration.help.directory import (
    MONEY,
    SAMARITANS,
    YOUTH_CLUB,
    make_directory,
    make_help_service,
)

NEW_SERVICE = {
    "kind": "benefits",
    "name": "Benefits clinic",
    "summary": "Help with DLA forms.",
    "details": "",
    "who_for": "Parents and carers",
    "age_from": "",
    "age_to": "",
    "area": "Bromley",
    "phone": "01632 960123",
    "email": "clinic@example.org",
    "website": "https://clinic.example.org",
    "opening_hours": "Tuesdays, 10am to 2pm",
}


def _results(response) -> str:
    """The list of services on a directory page (the footer names crisis lines too)."""
    return response.get_data(as_text=True).split('id="help-results"')[1].split("<footer")[0]


def test_a_visitor_searches_and_reads_a_service_without_an_account(client):
    make_directory()
    listing = client.get("/help?q=money")
    page = listing.get_data(as_text=True)
    assert listing.status_code == 200
    assert "2 services for “money”" in page and MONEY in page
    service = db.session.scalar(db.select(HelpService).where(HelpService.name == MONEY))
    shown = client.get(f"/help/{service.slug}")
    text = shown.get_data(as_text=True)
    assert shown.status_code == 200
    assert "Free help to check what you can claim" in text
    assert 'href="tel:01632960000"' in text and "Monday, Wednesday and Friday" in text
    assert "Ages" in text and "All ages" in text


def test_the_filters_narrow_by_kind_area_and_age_and_ignore_nonsense(client):
    make_directory()
    teenager = _results(client.get("/help?age=14&kind=charity"))
    assert "2 services" in teenager and YOUTH_CLUB in teenager and SAMARITANS not in teenager
    adults = _results(client.get("/help?age=30&area=Bromley"))
    assert "2 services" in adults and MONEY in adults and YOUTH_CLUB not in adults
    nonsense = _results(client.get("/help?age=fourteen&kind=xyz"))
    assert "9 services" in nonsense


def test_an_htmx_search_answers_with_the_results_only(client):
    make_directory()
    response = client.get("/help?q=crisis", headers={"HX-Request": "true"})
    page = response.get_data(as_text=True)
    assert "<html" not in page and 'id="help-results"' in page and SAMARITANS in page
    assert "HX-Request" in response.headers["Vary"]


def test_drafts_are_hidden_and_archived_services_say_where_to_go(client):
    draft = make_help_service(name="Not ready", published=False)
    gone = make_help_service(name="Closed club")
    archive(gone, note="Try the youth club instead.", actor=None, now=utcnow())
    db.session.commit()
    assert client.get(f"/help/{draft.slug}").status_code == 404
    assert "Not ready" not in client.get("/help").get_data(as_text=True)
    answer = client.get(f"/help/{gone.slug}")
    assert answer.status_code == 410
    assert "Try the youth club instead." in answer.get_data(as_text=True)
    assert client.get("/help/no-such-service").status_code == 404


def test_a_service_cannot_be_published_without_a_way_to_get_in_touch(app):
    service = save_service(
        None, actor=None, now=utcnow(), kind="charity", name="Quiet", summary="Somewhere."
    )
    with pytest.raises(NoWayToContact):
        publish(service, actor=None, now=utcnow())
    assert service.status == ServiceStatus.DRAFT


def test_staff_add_a_service_publish_it_and_families_find_it(client, auth, staff_user):
    auth.login(staff_user.email)
    saved = client.post_form("/staff/help/new", NEW_SERVICE)
    assert saved.status_code == 302
    service = db.session.scalar(db.select(HelpService).where(HelpService.name == "Benefits clinic"))
    assert (
        service.status == ServiceStatus.DRAFT and service.age_from == 0 and service.age_to is None
    )
    client.post_form(f"/staff/help/{service.id}/publish")
    db.session.refresh(service)
    assert service.status == ServiceStatus.PUBLISHED
    assert service.review_due == (utcnow() + timedelta(days=182)).date()
    assert "Benefits clinic" in client.get("/help?q=DLA").get_data(as_text=True)


def test_the_staff_form_keeps_what_was_typed_and_says_what_to_fix(client, auth, staff_user):
    auth.login(staff_user.email)
    answer = client.post_form(
        "/staff/help/new",
        {
            **NEW_SERVICE,
            "name": "",
            "website": "clinic.example.org",
            "email": "not an address",
            "age_from": "12",
            "age_to": "five",
        },
    )
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert "Enter the service&#39;s name" in page or "Enter the service's name" in page
    assert "Enter the full address, starting https://" in page
    assert "Enter an email address like name@example.org" in page
    assert "Enter the oldest age as a whole number, like 5" in page
    assert 'value="Help with DLA forms."' in page and 'value="12"' in page
    assert db.session.scalar(db.select(db.func.count(HelpService.id))) == 0


def test_the_oldest_age_cannot_be_below_the_youngest(client, auth, staff_user):
    auth.login(staff_user.email)
    answer = client.post_form("/staff/help/new", {**NEW_SERVICE, "age_from": "12", "age_to": "5"})
    assert answer.status_code == 400
    assert "The oldest age must be the same as or more than the youngest" in answer.get_data(
        as_text=True
    )


def test_publishing_without_a_way_to_get_in_touch_is_explained(client, auth, staff_user):
    auth.login(staff_user.email)
    client.post_form("/staff/help/new", {**NEW_SERVICE, "phone": "", "email": "", "website": ""})
    service = db.session.scalar(db.select(HelpService))
    page = client.post_form(f"/staff/help/{service.id}/publish", follow_redirects=True)
    assert "Add a phone number, email address or website before publishing" in page.get_data(
        as_text=True
    )
    assert db.session.get(HelpService, service.id).status == ServiceStatus.DRAFT


def test_services_due_for_review_are_listed_for_staff(client, auth, staff_user):
    service = make_help_service(name="Old helpline")
    service.review_due = (utcnow() + timedelta(days=10)).date()
    make_help_service(name="Fresh helpline")
    db.session.commit()
    auth.login(staff_user.email)
    page = client.get("/staff/help").get_data(as_text=True)
    due = page.split("Due for review")[1].split("Every service")[0]
    assert "Old helpline" in due and "Fresh helpline" not in due
    assert "Local help (1 due for review)" in client.get("/staff").get_data(as_text=True)
    client.post_form(f"/staff/help/{service.id}/reviewed", {"note": "Rang them"})
    checked = db.session.get(HelpService, service.id)
    assert checked.review_due > (utcnow() + timedelta(days=150)).date()
    assert checked.review_note == "Rang them"


def test_families_cannot_reach_the_staff_pages(client, auth):
    service = make_help_service(name="Somewhere")
    make_user(email="family@example.org", role="member")
    db.session.commit()
    assert client.get("/staff/help").status_code == 302  # to sign in
    auth.login("family@example.org")
    assert client.get("/staff/help").status_code == 403
    assert client.post_form(f"/staff/help/{service.id}/archive").status_code == 403
    assert db.session.get(HelpService, service.id).status == ServiceStatus.PUBLISHED


def test_demo_data_has_a_dozen_published_services_with_ways_to_reach_them(app):
    from portal.demo.help import load_demo_help

    staff = make_user(email="staff@example.org", role="staff")
    load_demo_help(staff, utcnow())
    again = load_demo_help(staff, utcnow())
    services = db.session.scalars(db.select(HelpService)).all()
    assert len(services) >= 12 and again == ["  Help directory: already loaded"]
    assert all(s.status == ServiceStatus.PUBLISHED for s in services)
    assert all(s.phone or s.email or s.website for s in services)
    assert {s.kind for s in services} == {
        "crisis",
        "helpline",
        "local-offer",
        "diagnosis",
        "school",
        "benefits",
        "charity",
    }
    # Local numbers are from Ofcom's drama range; addresses are examples.
    local = [s for s in services if s.area == "Bromley"]
    assert local and all(s.phone.startswith("01632 960") for s in local)
    assert all(s.email.endswith("@example.org") for s in local if s.email)
