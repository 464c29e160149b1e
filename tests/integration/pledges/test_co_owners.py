"""Owners remove a colleague or leave; a business always keeps one owner; one business's owners
cannot touch another's."""

import threading

import pytest
from sqlalchemy import select

from portal.accounts.models import User
from portal.audit.models import AuditEntry
from portal.dates import utcnow
from portal.extensions import db
from portal.pledges.models import Business, BusinessInvitation
from portal.pledges.owners import LastOwner, remove_owner
from tests.factories import make_business, make_user


@pytest.fixture
def colleague(app):
    return make_user(email="colleague@example.org", full_name="Cal Colleague", role="business")


@pytest.fixture
def business(owner, colleague):
    """Ada Owner's café, which Cal Colleague helps manage."""
    business = make_business(owner)
    business.owners.append(colleague)
    db.session.commit()
    return business


def _owners(business) -> list[str]:
    return sorted(o.full_name for o in db.session.get(Business, business.id).owners)


def test_an_owner_removes_a_colleague_after_checking(client, auth, owner, colleague, business):
    auth.login(owner.email)
    url = f"/business/{business.slug}/owners/{colleague.id}/remove"

    check = client.get(url).get_data(as_text=True)
    done = client.post_form(url, follow_redirects=True).get_data(as_text=True)

    assert "Do you want to remove Cal Colleague?" in check
    assert "Cal Colleague can no longer manage Bromley Bean Café." in done
    assert _owners(business) == ["Ada Owner"]
    # With no business left, they are a member again.
    assert db.session.get(User, colleague.id).role == "member"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action.like("business%")))
    assert (entry.action, entry.summary) == (
        "business owner removed",
        "Bromley Bean Café: Cal Colleague",
    )
    auth.logout()
    auth.login(colleague.email)
    assert client.get(f"/business/{business.slug}").status_code == 404


def test_the_manage_page_offers_leave_for_you_and_remove_for_others(client, auth, owner, business):
    auth.login(owner.email)
    page = client.get(f"/business/{business.slug}").get_data(as_text=True)
    assert "Ada Owner (you)" in page
    assert f'href="/business/{business.slug}/leave"' in page
    assert 'Remove<span class="govuk-visually-hidden"> Cal Colleague</span>' in page


def test_an_owner_leaves_after_checking_and_the_others_carry_on(
    client, auth, owner, colleague, business
):
    auth.login(colleague.email)
    check = client.get(f"/business/{business.slug}/leave").get_data(as_text=True)
    left = client.post_form(f"/business/{business.slug}/leave")

    assert "Do you want to stop managing Bromley Bean Café?" in check
    assert left.headers["Location"] == "/business"
    assert _owners(business) == ["Ada Owner"]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action.like("business%")))
    assert (entry.action, entry.actor_id) == ("business owner left", colleague.id)


def test_the_last_owner_cannot_leave(client, auth, owner):
    business = make_business(owner)
    auth.login(owner.email)

    page = client.get(f"/business/{business.slug}/leave").get_data(as_text=True)
    refused = client.post_form(f"/business/{business.slug}/leave")

    assert "You cannot leave yet" in page and "invite the person who will take over" in page
    assert refused.status_code == 409
    assert "You are the only person who manages this business" in refused.get_data(as_text=True)
    assert _owners(business) == ["Ada Owner"]
    assert db.session.get(User, owner.id).role == "business"


def test_the_last_owner_cannot_be_removed_even_by_staff(client, auth, owner, staff_user):
    business = make_business(owner)
    auth.login(staff_user.email)
    refused = client.post_form(f"/business/{business.slug}/owners/{owner.id}/remove")
    assert refused.status_code == 409
    assert "A business needs at least one person to manage it" in refused.get_data(as_text=True)
    assert _owners(business) == ["Ada Owner"]


def test_removing_yourself_is_leaving(client, auth, owner, business):
    auth.login(owner.email)
    response = client.get(f"/business/{business.slug}/owners/{owner.id}/remove")
    assert response.headers["Location"] == f"/business/{business.slug}/leave"


def test_a_person_who_does_not_manage_the_business_cannot_be_removed(client, auth, owner, business):
    stranger = make_user(email="stranger@example.org")
    auth.login(owner.email)
    assert client.get(f"/business/{business.slug}/owners/{stranger.id}/remove").status_code == 404
    assert (
        client.post_form(f"/business/{business.slug}/owners/{stranger.id}/remove").status_code
        == 404
    )


def test_another_business_cannot_invite_remove_or_cancel_here(client, auth, owner, business):
    rival = make_user(email="rival@example.org", full_name="Rex Rival")
    rivals = make_business(rival, name="Rival Café")
    auth.login(owner.email)
    client.post_form(f"/business/{business.slug}/invite", {"email": "new@example.org"})
    invitation = db.session.scalar(select(BusinessInvitation))
    auth.logout()
    auth.login(rival.email)

    responses = [
        client.get(f"/business/{business.slug}/invite"),
        client.post_form(f"/business/{business.slug}/invite", {"email": "x@example.org"}),
        client.post_form(f"/business/{business.slug}/invitations/{invitation.id}/cancel"),
        # Through their own business's address, another business's invitation is not found.
        client.post_form(f"/business/{rivals.slug}/invitations/{invitation.id}/cancel"),
        client.get(f"/business/{business.slug}/owners/{owner.id}/remove"),
        client.post_form(f"/business/{business.slug}/owners/{owner.id}/remove"),
        client.get(f"/business/{business.slug}/leave"),
        client.post_form(f"/business/{business.slug}/leave"),
    ]

    assert [r.status_code for r in responses] == [404] * len(responses)
    assert _owners(business) == ["Ada Owner", "Cal Colleague"]
    assert db.session.scalar(select(db.func.count()).select_from(BusinessInvitation)) == 1


def test_signed_out_nobody_reaches_the_owner_pages(client, owner, business):
    for url in (
        f"/business/{business.slug}/invite",
        f"/business/{business.slug}/leave",
        f"/business/{business.slug}/owners/{owner.id}/remove",
    ):
        assert client.get(url).headers["Location"].startswith("/login"), url


def test_two_owners_leaving_at_the_same_moment_leave_one_behind(app, owner, colleague, business):
    """The business row is locked, so the second leaver sees the first has gone. PostgreSQL
    only: SQLite has one writer at a time anyway, and says so with an error instead."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the row lock matters on PostgreSQL; SQLite allows one writer at a time")
    first_removed, outcomes = threading.Event(), {}

    def leave(user_id: int, *, hold: bool) -> None:
        with app.app_context():
            place = db.session.get(Business, business.id)
            person = db.session.get(User, user_id)
            if not hold:
                first_removed.wait(10)
            try:
                remove_owner(place, person, actor=person, now=utcnow())
            except LastOwner:
                outcomes[user_id] = "refused"
                db.session.rollback()
                return
            if hold:
                first_removed.set()
                threading.Event().wait(0.5)  # still uncommitted while the other one tries
            db.session.commit()
            outcomes[user_id] = "left"

    threads = [
        threading.Thread(target=leave, args=(owner.id,), kwargs={"hold": True}),
        threading.Thread(target=leave, args=(colleague.id,), kwargs={"hold": False}),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)

    assert outcomes == {owner.id: "left", colleague.id: "refused"}
    db.session.expire_all()
    assert _owners(business) == ["Cal Colleague"]
