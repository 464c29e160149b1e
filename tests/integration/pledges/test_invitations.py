"""Inviting a colleague to help manage a business, and answering the emailed link.

Inviting never tells the owner whether an address has an account; the email goes to the address
typed; nobody becomes an owner without accepting; a link works once, until it expires.
"""

import hashlib
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEntry
from portal.dates import utcnow
from portal.extensions import db
from portal.outbox.models import OutboxMessage
from portal.outbox.services import deliver_due
from portal.pledges.models import Business, BusinessInvitation
from portal.pledges.owners import invite_colleague
from tests.factories import make_business, make_user

LINK = re.compile(r"http://127\.0\.0\.1:5000(/business-invitation/[A-Za-z0-9_-]+)")
MAIN = re.compile(r"<main.*</main>", re.S)
USED = "This invitation has expired or has already been used"


@pytest.fixture
def colleague(app):
    return make_user(email="colleague@example.org", full_name="Cal Colleague")


def _invite(client, business, email):
    return client.post_form(f"/business/{business.slug}/invite", {"email": email})


def _link_to(address: str) -> str:
    message = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.recipient == address)
        .order_by(OutboxMessage.id.desc())
    ).first()
    return LINK.search(message.body_text).group(1)


def _owners(business) -> list:
    return db.session.get(Business, business.id).owners


def _invited(client, auth, owner, email, business=None):
    """`owner` invites `email` to their business and signs out; returns (business, link)."""
    business = business or make_business(owner)
    auth.login(owner.email)
    assert _invite(client, business, email).status_code == 200
    auth.logout()
    return business, _link_to(email.strip().lower())


def test_inviting_says_the_same_whether_or_not_the_address_has_an_account(
    client, auth, owner, app, smtp_server
):
    business = make_business(owner)
    make_user(email="known@example.org", full_name="Kim Known")
    auth.login(owner.email)

    known = _invite(client, business, "known@example.org")
    unknown = _invite(client, business, "unknown@example.org")

    assert known.status_code == unknown.status_code == 200
    known_page = MAIN.search(known.get_data(as_text=True)).group(0)
    unknown_page = MAIN.search(unknown.get_data(as_text=True)).group(0)
    assert "We have emailed an invitation to <strong>known@example.org</strong>" in known_page
    assert known_page.replace("known@", "X@") == unknown_page.replace("unknown@", "X@")
    manage = client.get(f"/business/{business.slug}").get_data(as_text=True)
    assert "known@example.org" in manage and "unknown@example.org" in manage
    assert "Kim Known" not in manage
    # The emails go, over real SMTP, to exactly the addresses typed.
    inbox, port = smtp_server
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    assert deliver_due().sent == 2
    recipients = sorted(address for envelope in inbox.messages for address in envelope.rcpt_tos)
    assert recipients == ["known@example.org", "unknown@example.org"]


def test_the_email_holds_the_link_and_only_a_hash_of_its_token_is_stored(client, auth, owner):
    _, link = _invited(client, auth, owner, " Colleague@Example.org ")
    token = link.rsplit("/", 1)[1]
    message = db.session.scalar(select(OutboxMessage))
    assert message.recipient == "colleague@example.org"
    assert message.subject == "Ada Owner invited you to help manage Bromley Bean Café"
    assert f"http://127.0.0.1:5000{link}" in message.body_html
    invitation = db.session.scalar(select(BusinessInvitation))
    assert invitation.email == "colleague@example.org"
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in repr(db.session.execute(select(BusinessInvitation.__table__)).all())


def test_invitations_last_the_configured_number_of_days(client, auth, owner, app):
    app.config["BUSINESS_INVITATION_DAYS"] = 2
    _invited(client, auth, owner, "colleague@example.org")
    invitation = db.session.scalar(select(BusinessInvitation))
    assert invitation.expires_at - invitation.created_at == timedelta(days=2)


def test_accepting_makes_a_member_an_owner_who_can_manage_the_business(
    client, auth, owner, colleague
):
    business, link = _invited(client, auth, owner, colleague.email)
    auth.login(colleague.email)

    page = client.get(link).get_data(as_text=True)
    accepted = client.post_form(f"{link}/accept")

    assert "Ada Owner has invited you to help manage Bromley Bean Café on the portal" in page
    assert "This invitation was sent to <strong>colleague@example.org</strong>" in page
    assert accepted.status_code == 302
    assert accepted.headers["Location"] == f"/business/{business.slug}"
    assert colleague in _owners(business)
    assert db.session.get(type(colleague), colleague.id).role == "business"
    manage = client.get(f"/business/{business.slug}").get_data(as_text=True)
    assert "You can now help manage Bromley Bean Café." in manage


def test_accepting_keeps_a_staff_members_role(client, auth, owner, staff_user):
    business, link = _invited(client, auth, owner, staff_user.email)
    auth.login(staff_user.email)
    client.post_form(f"{link}/accept")
    assert staff_user in _owners(business)
    assert db.session.get(type(staff_user), staff_user.id).role == "staff"


def test_signed_out_the_link_hides_the_address_and_accept_leads_to_sign_in_and_back(
    client, auth, owner, colleague
):
    business, link = _invited(client, auth, owner, colleague.email)

    page = client.get(link)
    accept = client.post_form(f"{link}/accept")

    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "colleague@example.org" not in page.get_data(as_text=True)
    assert accept.status_code == 302
    assert accept.headers["Location"] == f"/login?next={link}"
    assert colleague not in _owners(business)
    back = client.post_form(
        accept.headers["Location"],
        {"email": colleague.email, "password": "correct horse battery"},
    )
    assert back.headers["Location"] == link
    client.post_form(f"{link}/accept")
    assert colleague in _owners(business)


def test_someone_without_an_account_registers_from_the_link_and_accepts(client, auth, owner):
    business, link = _invited(client, auth, owner, "newcomer@example.org")
    registered = client.post_form(
        f"/register?next={link}",
        {
            "full_name": "Nia Newcomer",
            "email": "newcomer@example.org",
            "password": "a long passphrase for nia",
        },
    )
    assert "Check your email" in registered.get_data(as_text=True)
    # The address is confirmed by the link emailed at registration, which comes back here.
    confirm = re.search(
        r"http://127\.0\.0\.1:5000(/account/confirm-email/\S+)",
        db.session.scalars(
            select(OutboxMessage.body_text).where(
                OutboxMessage.subject == "Confirm your email address"
            )
        ).one(),
    ).group(1)
    assert client.get(confirm).headers["Location"] == link
    client.post_form(f"{link}/accept")
    assert [o.full_name for o in _owners(business)] == ["Ada Owner", "Nia Newcomer"]


def test_declining_needs_no_sign_in_and_changes_nothing(client, auth, owner, colleague):
    business, link = _invited(client, auth, owner, colleague.email)

    declined = client.post_form(f"{link}/decline")

    assert declined.status_code == 200
    assert "You said no to the invitation" in declined.get_data(as_text=True)
    assert colleague not in _owners(business)
    assert db.session.get(type(colleague), colleague.id).role == "member"
    assert db.session.scalar(select(BusinessInvitation.declined_at)) is not None
    after = client.get(link)
    assert after.status_code == 404 and USED in after.get_data(as_text=True)


def test_a_link_works_once(client, auth, owner, colleague):
    _, link = _invited(client, auth, owner, colleague.email)
    auth.login(colleague.email)
    client.post_form(f"{link}/accept")

    for response in (
        client.get(link),
        client.post_form(f"{link}/accept"),
        client.post_form(f"{link}/decline"),
    ):
        assert response.status_code == 404
        assert USED in response.get_data(as_text=True)


def test_an_expired_link_says_so_and_cannot_be_accepted(client, auth, owner, colleague):
    business = make_business(owner)
    invite_colleague(
        business,
        email=colleague.email,
        invited_by=owner,
        now=utcnow() - timedelta(days=8),
        lifetime=timedelta(days=7),
    )
    db.session.commit()
    link = _link_to(colleague.email)
    auth.login(colleague.email)

    page = client.get(link)
    accept = client.post_form(f"{link}/accept")

    assert page.status_code == accept.status_code == 404
    assert USED in page.get_data(as_text=True) and USED in accept.get_data(as_text=True)
    assert colleague not in _owners(business)


# A control character in the link never gets this far (tests/integration/core/test_input_guard.py).
@pytest.mark.parametrize("token", ["made-up-token", "x" * 300])
def test_a_forged_link_is_a_clear_404_not_a_crash(client, auth, owner, token):
    _invited(client, auth, owner, "colleague@example.org")
    for response in (
        client.get(f"/business-invitation/{token}"),
        client.post_form(f"/business-invitation/{token}/accept"),
        client.post_form(f"/business-invitation/{token}/decline"),
    ):
        assert response.status_code == 404
        assert USED in response.get_data(as_text=True)


def test_inviting_the_same_address_again_sends_a_new_link_and_the_old_one_stops(
    client, auth, owner, colleague
):
    business, first = _invited(client, auth, owner, colleague.email)
    _, second = _invited(client, auth, owner, colleague.email, business=business)

    assert first != second
    assert db.session.scalar(select(db.func.count()).select_from(BusinessInvitation)) == 1
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200


def test_cancelling_an_invitation_stops_its_link(client, auth, owner, colleague):
    business, link = _invited(client, auth, owner, colleague.email)
    invitation = db.session.scalar(select(BusinessInvitation))
    auth.login(owner.email)

    client.post_form(f"/business/{business.slug}/invitations/{invitation.id}/cancel")

    manage = client.get(f"/business/{business.slug}").get_data(as_text=True)
    assert "Invitation to colleague@example.org cancelled" in manage
    assert "Cancel invitation" not in manage
    assert client.get(link).status_code == 404


def test_the_owner_sees_the_typed_address_until_accepted_then_the_name(
    client, auth, owner, colleague
):
    business, link = _invited(client, auth, owner, colleague.email)
    auth.login(owner.email)
    before = client.get(f"/business/{business.slug}").get_data(as_text=True)
    auth.logout()
    auth.login(colleague.email)
    client.post_form(f"{link}/accept")
    auth.logout()
    auth.login(owner.email)
    after = client.get(f"/business/{business.slug}").get_data(as_text=True)

    assert "colleague@example.org" in before and "Cal Colleague" not in before
    assert "Cal Colleague" in after and "colleague@example.org" not in after


def test_accepting_a_business_you_already_manage_changes_nothing(client, auth, owner):
    second = make_user(email="second@example.org", full_name="Sol Second")
    business, link = _invited(client, auth, owner, second.email)
    auth.login(second.email)
    client.post_form(f"{link}/accept")
    auth.logout()
    _, again = _invited(client, auth, owner, second.email, business=business)
    auth.login(second.email)
    response = client.post_form(f"{again}/accept", follow_redirects=True)
    assert "You already help manage Bromley Bean Café." in response.get_data(as_text=True)
    assert len(_owners(business)) == 2


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter their email address"),
        ("not an address", "Enter an email address in the correct format"),
        ("owner@example.org", "That is your own email address"),
        ("a" * 250 + "@example.org", "Email address must be 254 characters or fewer"),
    ],
)
def test_a_bad_address_is_a_clear_error_that_keeps_what_was_typed(
    client, auth, owner, typed, message
):
    business = make_business(owner)
    auth.login(owner.email)
    response = _invite(client, business, typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page and "govuk-error-summary" in page
    assert f'value="{typed}"' in page or not typed
    assert db.session.scalar(select(BusinessInvitation)) is None


def test_at_most_five_invitations_wait_at_once(client, auth, owner):
    business = make_business(owner)
    auth.login(owner.email)
    statuses = [_invite(client, business, f"c{n}@example.org").status_code for n in range(6)]
    refused = _invite(client, business, "c5@example.org").get_data(as_text=True)
    assert statuses == [200] * 5 + [400]
    assert "You already have 5 invitations waiting for an answer" in refused
    # Sending one of the five again is not a sixth.
    assert _invite(client, business, "c0@example.org").status_code == 200
    first = db.session.scalars(select(BusinessInvitation).order_by(BusinessInvitation.id)).first()
    client.post_form(f"/business/{business.slug}/invitations/{first.id}/cancel")
    assert _invite(client, business, "c5@example.org").status_code == 200


def test_a_business_sends_at_most_ten_invitations_an_hour_whoever_sends_them(client, auth, owner):
    business = make_business(owner)
    partner = make_user(email="partner@example.org", full_name="Pat Partner")
    db.session.get(Business, business.id).owners.append(partner)
    db.session.commit()
    auth.login(owner.email)
    # Refused forms do not count: only invitations actually sent do.
    assert [_invite(client, business, "").status_code for _ in range(3)] == [400] * 3
    mine = [_invite(client, business, "c@example.org").status_code for _ in range(6)]
    auth.logout()
    auth.login(partner.email)
    theirs = [_invite(client, business, "c@example.org").status_code for _ in range(5)]
    assert mine == [200] * 6
    assert theirs == [200] * 4 + [429]


def test_a_person_sends_at_most_ten_invitations_an_hour_across_businesses(client, auth, owner):
    first = make_business(owner, name="First Café")
    second = make_business(owner, name="Second Café")
    third = make_business(owner, name="Third Café")
    auth.login(owner.email)
    statuses = [_invite(client, first, "c@example.org").status_code for _ in range(5)]
    statuses += [_invite(client, second, "c@example.org").status_code for _ in range(5)]
    statuses.append(_invite(client, third, "c@example.org").status_code)
    assert statuses == [200] * 10 + [429]


def test_the_audit_log_records_invitations_without_email_addresses(client, auth, owner, colleague):
    business, link = _invited(client, auth, owner, colleague.email)
    auth.login(colleague.email)
    client.post_form(f"{link}/accept")
    _invited(client, auth, owner, "declines@example.org", business=business)
    client.post_form(f"{_link_to('declines@example.org')}/decline")

    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [entry.action for entry in entries] == [
        "business invitation sent",
        "business invitation accepted",
        "business invitation sent",
        "business invitation declined",
    ]
    assert all(entry.target_id == business.id for entry in entries)
    assert not any("@" in entry.summary for entry in entries)


def test_answered_or_expired_invitations_are_deleted_after_the_retention_period(app, owner):
    from portal.pledges.owners import purge_old_invitations

    business = make_business(owner)
    now = utcnow()
    for email in ("one@example.org", "two@example.org"):
        invite_colleague(
            business,
            email=email,
            invited_by=owner,
            now=now,
            lifetime=timedelta(days=7),
        )
    declined = db.session.scalar(
        select(BusinessInvitation).where(BusinessInvitation.email == "one@example.org")
    )
    declined.declined_at = now + timedelta(days=1)
    db.session.commit()

    # The declined one: 30 days after the answer. The other: 30 days after it ran out (day 7).
    assert purge_old_invitations(now=now + timedelta(days=30, hours=23), days=30) == 0
    assert purge_old_invitations(now=now + timedelta(days=31, hours=1), days=30) == 1
    assert purge_old_invitations(now=now + timedelta(days=36, hours=23), days=30) == 0
    assert purge_old_invitations(now=now + timedelta(days=37, hours=1), days=30) == 1
    assert db.session.scalars(select(BusinessInvitation)).all() == []
