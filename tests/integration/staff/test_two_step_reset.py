"""An admin resets someone's two-step sign-in (a lost phone) from their page in the console:
a confirmation first, recorded in the audit log, and never their own."""

import pyotp
import pytest
from sqlalchemy import select

from portal.accounts.models import RecoveryCode, SecondFactor
from portal.accounts.second_factor import finish_set_up, reset_second_factor, start_set_up
from portal.accounts.services import OwnAccount
from portal.audit.models import AuditEntry
from portal.dates import utcnow
from portal.extensions import db
from tests.conftest import Auth
from tests.factories import DEFAULT_PASSWORD, make_user


@pytest.fixture
def admin(app):
    return make_user(email="ann@example.org", role="admin", full_name="Ann Admin")


@pytest.fixture
def admin_client(client, auth, admin):
    auth.login(admin.email)
    return client


@pytest.fixture
def kai(app):
    """A member of staff with an app and recovery codes, who has lost their phone."""
    person = make_user(
        email="kai@example.org", role="staff", full_name="Kai Staff", second_factor=False
    )
    factor = start_set_up(person, now=utcnow())
    finish_set_up(person, pyotp.TOTP(factor.secret).now(), now=utcnow())
    db.session.commit()
    return person


def _resets() -> list[AuditEntry]:
    return db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "two-step sign-in reset")
    ).all()


def test_the_person_page_offers_a_reset_for_someone_with_an_app(admin_client, kai):
    page = admin_client.get(f"/staff/people/{kai.id}").get_data(as_text=True)

    assert "They set up an authenticator app on" in page
    assert f"/staff/people/{kai.id}/two-step" in page


def test_a_reset_asks_the_admin_to_confirm_they_checked_who_asked(admin_client, kai):
    url = f"/staff/people/{kai.id}/two-step"
    assert "Reset their two-step sign-in" in admin_client.get(url).get_data(as_text=True)

    response = admin_client.post_form(url)

    assert response.status_code == 200
    assert "Confirm you have checked this is the person who asked" in response.get_data(
        as_text=True
    )
    assert db.session.scalar(select(SecondFactor).where(SecondFactor.user_id == kai.id))
    assert _resets() == []


def test_a_reset_deletes_the_app_and_codes_signs_them_out_and_is_recorded(
    app, admin_client, admin, kai
):
    their_phone = app.test_client()
    their_phone.post_form("/login", {"email": kai.email, "password": DEFAULT_PASSWORD})
    Auth(their_phone).enter_code(kai.email)
    assert their_phone.get("/staff").status_code == 200

    response = admin_client.post_form(f"/staff/people/{kai.id}/two-step", {"checked": "y"})

    assert response.headers["Location"] == f"/staff/people/{kai.id}"
    assert "has been reset" in admin_client.get(response.headers["Location"]).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(select(SecondFactor).where(SecondFactor.user_id == kai.id)) is None
    assert db.session.scalars(select(RecoveryCode)).all() == []
    [entry] = _resets()
    assert (entry.actor_id, entry.target_id) == (admin.id, kai.id)
    assert their_phone.get("/staff").headers["Location"].startswith("/login")
    # Their next sign-in sets up an app again.
    again = their_phone.post_form("/login", {"email": kai.email, "password": DEFAULT_PASSWORD})
    assert again.headers["Location"] == "/login/set-up-app"


def test_nobody_can_reset_their_own_from_the_console(admin_client, admin):
    url = f"/staff/people/{admin.id}/two-step"

    assert admin_client.get(url).headers["Location"] == f"/staff/people/{admin.id}"
    admin_client.post_form(url, {"checked": "y"})

    assert db.session.scalar(select(SecondFactor).where(SecondFactor.user_id == admin.id))
    assert _resets() == []
    page = admin_client.get(f"/staff/people/{admin.id}").get_data(as_text=True)
    assert "You cannot reset your own" in page
    with pytest.raises(OwnAccount):
        reset_second_factor(admin, actor=admin, now=utcnow())


def test_staff_who_are_not_admins_cannot_reset(client, auth, kai):
    other = make_user(email="olu@example.org", role="staff")
    auth.login(other.email)

    response = client.post_form(f"/staff/people/{kai.id}/two-step", {"checked": "y"})

    assert response.status_code == 403
    assert db.session.scalar(select(SecondFactor).where(SecondFactor.user_id == kai.id))
