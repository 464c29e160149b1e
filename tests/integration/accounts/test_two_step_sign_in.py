"""Two-step sign-in: staff and admins type a code from an authenticator app after their
password, set one up the first time, and can use a recovery code once instead.

Codes are real (pyotp, from the secret the portal stored): nothing is mocked."""

import re
import time

import pyotp
import pytest
from sqlalchemy import select

from portal.accounts.models import RecoveryCode, SecondFactor, User
from portal.accounts.second_factor import CodeAlreadyUsed, check_code, finish_set_up, start_set_up
from portal.accounts.sessions import HALF_SIGNED_IN
from portal.audit.models import AuditEntry
from portal.dates import utcnow
from portal.extensions import db
from tests.conftest import CSRF_META
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.two_step import away_from_a_step_change, fresh_code, used_code, wrong_code


def _audit(action: str) -> list[AuditEntry]:
    return db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
    ).all()


def _factor(user: User) -> SecondFactor:
    db.session.expire_all()
    return db.session.scalar(select(SecondFactor).where(SecondFactor.user_id == user.id))


def _signed_in(client) -> bool:
    return client.get("/account").status_code == 200


def _with_recovery_codes(user: User) -> list[str]:
    factor = start_set_up(user, now=utcnow())
    codes = finish_set_up(user, pyotp.TOTP(factor.secret).now(), now=utcnow())
    db.session.commit()
    return codes


@pytest.fixture
def staff(app):
    return make_user(email="sam@example.org", role="staff", full_name="Sam Staff")


@pytest.fixture
def new_staff(app):
    return make_user(email="nia@example.org", role="staff", second_factor=False)


# -- After the password: the code -----------------------------------------------------------


def test_staff_are_asked_for_a_code_and_are_not_signed_in_until_it_is_right(client, auth, staff):
    response = auth.login(staff.email, code=False)

    assert response.headers["Location"] == "/login/code"
    assert not _signed_in(client)
    assert client.get("/staff").headers["Location"].startswith("/login?next=")
    page = client.get("/login/code").get_data(as_text=True)
    assert "Enter the code from your authenticator app" in page

    response = auth.enter_code(staff.email)

    assert response.headers["Location"] == "/staff"
    assert client.get("/staff").status_code == 200


def test_members_and_businesses_are_not_asked_for_a_code(client, auth):
    for role in ("member", "business"):
        person = make_user(email=f"{role}@example.org", role=role)
        response = auth.login(person.email, code=False)
        assert response.headers["Location"] == "/account", role
        assert _signed_in(client)
        auth.logout()


def test_a_wrong_code_is_refused_counted_and_recorded(client, auth, staff):
    auth.login(staff.email, code=False)

    response = auth.enter_code(staff.email, wrong_code(staff))

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<title>Error: Enter the code" in page
    assert "The code is not right" in page
    assert not _signed_in(client)
    assert _factor(staff).failed_attempts == 1
    [entry] = _audit("wrong sign-in code")
    assert (entry.target_id, entry.summary) == (staff.id, "1 in a row")


def test_the_next_sign_in_says_how_many_wrong_codes_were_typed(client, auth, staff):
    auth.login(staff.email, code=False)
    auth.enter_code(staff.email, wrong_code(staff))
    auth.enter_code(staff.email, "12")

    response = auth.enter_code(staff.email)

    assert response.headers["Location"] == "/staff"
    page = client.get("/staff").get_data(as_text=True)
    assert "A wrong code was entered 2 times before you signed in" in page
    assert _factor(staff).failed_attempts == 0


def test_a_code_is_never_accepted_twice(client, auth, staff):
    auth.login(staff.email)
    auth.logout()
    auth.login(staff.email, code=False)

    response = auth.enter_code(staff.email, used_code(staff))

    assert response.status_code == 200
    assert "That code has been used already" in response.get_data(as_text=True)
    assert not _signed_in(client)


def test_one_code_typed_in_two_places_at_once_lets_only_one_in(app, staff):
    code = fresh_code(staff)
    here = db.session.get(User, staff.id)
    assert here.second_factor.last_used_step is None  # what this request read, before...

    with app.app_context():  # ...another request, on its own connection, used the code
        check_code(db.session.get(User, staff.id), code, now=utcnow())
        db.session.commit()

    with pytest.raises(CodeAlreadyUsed):
        check_code(here, code, now=utcnow())


def test_codes_from_just_before_and_just_after_now_are_accepted(client, auth, staff):
    totp = pyotp.TOTP(_factor(staff).secret)
    auth.login(staff.email, code=False)
    step = away_from_a_step_change()
    assert auth.enter_code(staff.email, totp.at((step - 1) * 30)).status_code == 302
    auth.logout()
    auth.login(staff.email, code=False)
    step = away_from_a_step_change()
    assert auth.enter_code(staff.email, totp.at((step + 1) * 30)).status_code == 302


def test_a_code_from_long_ago_is_refused(client, auth, staff):
    secret = _factor(staff).secret
    auth.login(staff.email, code=False)

    response = auth.enter_code(staff.email, pyotp.TOTP(secret).at(time.time() - 120))

    assert "The code is not right" in response.get_data(as_text=True)


def test_a_code_alone_signs_nobody_in(client, auth, staff):
    response = client.post_form("/login/code", {"code": fresh_code(staff)})

    assert response.headers["Location"] == "/login"
    assert not _signed_in(client)
    assert _factor(staff).last_used_step is None


def test_half_signed_in_lasts_ten_minutes(client, auth, staff):
    auth.login(staff.email, code=False)
    with client.session_transaction() as session:
        session[HALF_SIGNED_IN] = {**session[HALF_SIGNED_IN], "at": time.time() - 601}

    response = auth.enter_code(staff.email)

    assert response.headers["Location"] == "/login"
    assert not _signed_in(client)
    assert "It took too long" in client.get("/login").get_data(as_text=True)


def test_a_new_password_ends_a_half_sign_in(client, auth, staff):
    auth.login(staff.email, code=False)
    staff.end_all_sessions()  # what a password reset does
    db.session.commit()

    assert auth.enter_code(staff.email).headers["Location"] == "/login"
    assert not _signed_in(client)


def test_the_code_page_allows_five_wrong_codes_for_an_account_in_ten_minutes(client, auth, staff):
    auth.login(staff.email, code=False)
    statuses = [auth.enter_code(staff.email, "000000").status_code for _ in range(6)]

    assert statuses == [200] * 5 + [429]
    assert _factor(staff).failed_attempts == 5


def test_staff_sign_ins_and_wrong_passwords_are_recorded_but_not_members(client, auth, staff):
    member = make_user(email="parent@example.org")
    auth.login(member.email, password="not the password")
    auth.login(member.email)
    auth.logout()

    auth.login(staff.email, password="not the password")
    auth.login(staff.email)

    [wrong] = _audit("wrong password")
    assert (wrong.actor_id, wrong.target_id) == (None, staff.id)
    [signed_in] = _audit("signed in")
    assert (signed_in.actor_id, signed_in.summary) == (staff.id, "with a code from their app")


def test_no_code_or_secret_reaches_the_audit_log(client, auth, staff):
    secret = _factor(staff).secret
    codes = _with_recovery_codes(make_user(role="admin", second_factor=False))
    auth.login(staff.email, code=False)
    typed = [wrong_code(staff), fresh_code(staff)]
    for code in typed:
        auth.enter_code(staff.email, code)

    text = " ".join(entry.summary for entry in db.session.scalars(select(AuditEntry)))
    assert _audit("wrong sign-in code") and _audit("signed in")
    for secret_thing in (secret, *typed, *codes):
        assert secret_thing not in text


# -- Recovery codes -------------------------------------------------------------------------


def test_a_recovery_code_works_once_and_says_how_many_are_left(client, auth, staff):
    codes = _with_recovery_codes(new_staff := make_user(role="staff", second_factor=False))
    auth.login(new_staff.email, code=False)

    response = client.post_form("/login/recovery-code", {"code": codes[3].upper()})

    assert response.headers["Location"] == "/staff"
    assert "You have 9 left" in client.get("/staff").get_data(as_text=True)
    [entry] = _audit("recovery code used")
    assert (entry.target_id, entry.summary) == (new_staff.id, "9 left")
    [signed_in] = [e for e in _audit("signed in") if e.actor_id == new_staff.id]
    assert signed_in.summary == "with a recovery code"

    auth.logout()
    auth.login(new_staff.email, code=False)
    again = client.post_form("/login/recovery-code", {"code": codes[3]})
    assert "The code is not right" in again.get_data(as_text=True)
    assert not _signed_in(client)


def test_recovery_codes_are_stored_hashed(app, staff):
    user = make_user(role="staff", second_factor=False)
    codes = _with_recovery_codes(user)

    stored = db.session.scalars(select(RecoveryCode.code_hash)).all()
    assert len(stored) == len(set(codes)) == 10
    assert all(re.fullmatch(r"[a-z0-9]{5}-[a-z0-9]{5}", code) for code in codes)
    assert not set(codes) & set(stored)


def test_staff_can_make_new_recovery_codes_and_the_old_ones_stop_working(client, auth):
    user = make_user(role="staff", second_factor=False)
    old = _with_recovery_codes(user)
    auth.login(user.email)
    assert "Recovery codes left: 10" in client.get("/account").get_data(as_text=True)

    response = client.post_form("/account/recovery-codes")

    page = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    new = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", page)
    assert len(new) == 10 and not set(new) & set(old)
    assert _audit("recovery codes replaced")
    auth.logout()
    auth.login(user.email, code=False)
    refused = client.post_form("/login/recovery-code", {"code": old[0]})
    assert "The code is not right" in refused.get_data(as_text=True)
    assert client.post_form("/login/recovery-code", {"code": new[0]}).status_code == 302


# -- Setting up an app ----------------------------------------------------------------------


def test_staff_set_up_an_app_after_their_password_with_a_real_code(client, auth, new_staff):
    response = auth.login(new_staff.email)
    assert response.headers["Location"] == "/login/set-up-app"
    assert not _signed_in(client)

    set_up = client.get("/login/set-up-app")
    page = set_up.get_data(as_text=True)
    secret = _factor(new_staff).secret
    assert set_up.headers["Cache-Control"] == "no-store"
    assert "<svg" in page and 'aria-label="QR code for your authenticator app"' in page
    assert " ".join(secret[i : i + 4] for i in range(0, 32, 4)) in page
    assert _factor(new_staff).confirmed_at is None

    wrong = client.post_form("/login/set-up-app", {"code": "123"})
    assert "The code is not right" in wrong.get_data(as_text=True)
    assert not _signed_in(client)

    done = client.post_form("/login/set-up-app", {"code": pyotp.TOTP(secret).now()})

    assert done.status_code == 200
    assert done.headers["Cache-Control"] == "no-store"
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", done.get_data(as_text=True))
    assert len(set(codes)) == 10
    assert _factor(new_staff).confirmed_at is not None
    assert client.get("/staff").status_code == 200
    assert _audit("two-step sign-in set up")[0].target_id == new_staff.id
    assert _audit("signed in")[0].summary == "after setting up an authenticator app"

    # From now on, the password alone is not enough.
    auth.logout()
    assert auth.login(new_staff.email, code=False).headers["Location"] == "/login/code"


def test_each_sign_in_that_leads_to_setting_up_gets_a_new_key(client, auth, new_staff):
    auth.login(new_staff.email)
    client.get("/login/set-up-app")
    first = _factor(new_staff).secret
    client.get("/login/set-up-app")
    assert _factor(new_staff).secret == first  # the same while the person is on the page

    auth.login(new_staff.email)
    client.get("/login/set-up-app")

    assert _factor(new_staff).secret != first


def test_the_set_up_page_needs_the_password_first(client, new_staff):
    response = client.get("/login/set-up-app")

    assert response.headers["Location"] == "/login"
    assert _factor(new_staff) is None


def test_members_cannot_set_up_an_app(client, auth, member):
    auth.login(member.email)

    assert client.get("/login/set-up-app").headers["Location"] == "/account"
    assert db.session.scalar(select(SecondFactor)) is None


def test_staff_without_an_app_cannot_reach_any_staff_page(app, client, auth):
    # A session from before they were made staff (or before two-step sign-in existed).
    person = make_user(email="kai@example.org")
    auth.login(person.email)
    person.role = "staff"
    db.session.commit()

    token = _set_up_page_token(client)
    for method, url in _staff_urls(app):
        data = {"csrf_token": token} if method == "POST" else None
        response = client.open(url, method=method, data=data)
        assert response.headers.get("Location") == "/login/set-up-app", (method, url)
        htmx = client.open(url, method=method, data=data, headers={"HX-Request": "true"})
        assert htmx.headers.get("HX-Redirect") == "/login/set-up-app", (method, url)
    assert client.get("/account").headers["Location"] == "/login/set-up-app"
    assert client.get("/login/set-up-app").status_code == 200


def test_setting_up_an_app_in_such_a_session_signs_other_devices_out(app, client, auth, make_app):
    person = make_user(email="kai@example.org")
    auth.login(person.email)
    other_device = app.test_client()
    other_device.post_form("/login", {"email": person.email, "password": DEFAULT_PASSWORD})
    person.role = "staff"
    db.session.commit()
    token = _set_up_page_token(client)

    client.post(
        "/login/set-up-app",
        data={"csrf_token": token, "code": pyotp.TOTP(_factor(person).secret).now()},
    )

    assert client.get("/staff").status_code == 200
    assert other_device.get("/account").headers["Location"].startswith("/login")


def test_making_someone_staff_signs_them_out_and_their_next_sign_in_sets_up_an_app(
    app, client, auth
):
    admin = make_user(email="ann@example.org", role="admin")
    person = make_user(email="kai@example.org")
    their_browser = app.test_client()
    their_browser.post_form("/login", {"email": person.email, "password": DEFAULT_PASSWORD})
    auth.login(admin.email)
    with client.session_transaction() as session:
        session["password_confirmed_at"] = time.time()

    client.post_form(f"/staff/people/{person.id}", {"role": "staff"})

    assert their_browser.get("/account").headers["Location"].startswith("/login")
    response = their_browser.post_form(
        "/login", {"email": person.email, "password": DEFAULT_PASSWORD}
    )
    assert response.headers["Location"] == "/login/set-up-app"


# -- Asking again before sensitive pages ----------------------------------------------------


def test_the_sensitive_page_check_asks_staff_for_a_code_too(client, auth, staff):
    auth.login(staff.email)
    with client.session_transaction() as session:
        session["password_confirmed_at"] = 0
    response = client.get("/account/your-data")
    confirm = response.headers["Location"]
    assert confirm.startswith("/confirm-password?next=")
    assert "Code from your authenticator app" in client.get(confirm).get_data(as_text=True)

    password_only = client.post_form(confirm, {"password": DEFAULT_PASSWORD})
    assert "Enter the code from your authenticator app" in password_only.get_data(as_text=True)
    wrong = client.post_form(confirm, {"password": DEFAULT_PASSWORD, "code": wrong_code(staff)})
    assert "The code is not right" in wrong.get_data(as_text=True)
    assert _audit("wrong sign-in code")
    assert client.get("/account/your-data").status_code == 302

    right = client.post_form(confirm, {"password": DEFAULT_PASSWORD, "code": fresh_code(staff)})

    assert right.headers["Location"] == "/account/your-data"
    assert client.get("/account/your-data").status_code == 200


def test_the_sensitive_page_check_records_a_wrong_staff_password(client, auth, staff):
    auth.login(staff.email)
    response = client.post_form(
        "/confirm-password", {"password": "not it", "code": fresh_code(staff)}
    )

    assert "Your password is not right" in response.get_data(as_text=True)
    [entry] = _audit("wrong password")
    assert entry.target_id == staff.id


def test_the_sensitive_page_check_asks_members_for_their_password_only(client, auth, member):
    auth.login(member.email)
    page = client.get("/confirm-password").get_data(as_text=True)
    assert "authenticator" not in page

    response = client.post_form("/confirm-password?next=/account", {"password": DEFAULT_PASSWORD})

    assert response.headers["Location"] == "/account"


# -- Data rights ----------------------------------------------------------------------------


def test_a_download_says_an_app_is_set_up_but_never_gives_the_secret(client, auth, staff):
    secret = _factor(staff).secret
    auth.login(staff.email)
    response = client.get("/account/your-data.json")

    text = response.get_data(as_text=True)
    assert '"two_step_sign_in"' in text and '"Second step": "Authenticator app"' in text
    assert secret not in text


def test_erasing_an_account_deletes_its_secret_and_recovery_codes(app):
    from portal.accounts.data_rights import erase_account

    make_user(email="ann@example.org", role="admin")
    person = make_user(role="staff", second_factor=False)
    _with_recovery_codes(person)

    erase_account(person, actor=None, reason="asked", now=utcnow())
    db.session.commit()

    assert _factor(person) is None
    assert db.session.scalars(select(RecoveryCode)).all() == []


def _set_up_page_token(client) -> str:
    # Every other page sends this person to the set-up page, so take the form's token there.
    page = client.get("/login/set-up-app").get_data(as_text=True)
    return CSRF_META.search(page).group(1)


def _staff_urls(app):
    from tests.integration.core.test_security import _staff_urls as every_staff_url

    yield from every_staff_url(app)
