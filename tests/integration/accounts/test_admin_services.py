"""Admins changing someone's account: role, disabling, the audit record, and finding people."""

import pytest

from portal.accounts.queries import find_people
from portal.accounts.services import OwnAccount, change_account
from portal.audit.models import AuditEntry
from portal.extensions import db
from tests.factories import make_user


@pytest.fixture
def admin(app):
    return make_user(email="admin@example.org", role="admin", full_name="Ada Admin")


def _audit():
    return db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id)).all()


def test_changing_your_own_account_is_refused(admin):
    with pytest.raises(OwnAccount):
        change_account(admin, role="member", disabled=False, actor=admin)
    assert admin.role == "admin"
    assert _audit() == []


def test_disabling_an_account_ends_all_its_sessions(admin):
    person = make_user()
    token = person.session_token

    changes = change_account(person, role="member", disabled=True, actor=admin)

    assert changes == ["disabled"]
    assert person.disabled and person.session_token != token


def test_enabling_an_account_keeps_its_sessions(admin):
    person = make_user(disabled=True)
    token = person.session_token

    assert change_account(person, role="member", disabled=False, actor=admin) == ["enabled"]
    assert not person.disabled and person.session_token == token


def test_a_role_change_is_recorded_in_the_audit_log(admin):
    person = make_user()

    change_account(person, role="staff", disabled=True, actor=admin)

    [entry] = _audit()
    assert (entry.actor_id, entry.action, entry.target_type, entry.target_id) == (
        admin.id,
        "account changed",
        "user",
        person.id,
    )
    assert entry.summary == "role member -> staff, disabled"
    assert person.role == "staff"


def test_saving_without_a_change_records_nothing(admin):
    person = make_user()

    assert change_account(person, role="member", disabled=False, actor=admin) == []
    assert _audit() == []


def test_people_are_found_by_part_of_their_name_or_email_in_name_order(admin):
    make_user(email="zoe@example.org", full_name="Zoe Jones")
    make_user(email="bjo@example.org", full_name="Bo Smith")
    make_user(email="sam@example.org", full_name="Sam Other")

    assert [p.full_name for p in find_people("JO")] == ["Bo Smith", "Zoe Jones"]


def test_finding_people_with_no_text_finds_nobody(admin):
    assert find_people("") == []
