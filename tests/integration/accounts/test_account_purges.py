"""Accounts deleted by time: never confirmed (unless staff booked for them), and not used for
years (after one email warning; signing in or a booking keeps the account). The clock is moved
by passing `now`."""

from datetime import timedelta

import pytest

from portal.account_purges import (
    purge_inactive_accounts,
    purge_unconfirmed_accounts,
    warn_inactive_accounts,
)
from portal.accounts.models import User
from portal.accounts.services import authenticate
from portal.dates import utcnow
from portal.events.models import Booking
from portal.extensions import db
from portal.outbox.models import OutboxMessage
from tests.factories import DEFAULT_PASSWORD, make_booking, make_event, make_user

DAYS, WARNING = 3 * 365, 30


def _erased(person) -> bool:
    return db.session.get(User, person.id).erased_at is not None


def _warnings_to(email) -> list[OutboxMessage]:
    return db.session.scalars(
        db.select(OutboxMessage).where(
            OutboxMessage.recipient == email,
            OutboxMessage.subject == "We will delete your account unless you sign in",
        )
    ).all()


# Never confirmed -------------------------------------------------------------------------------


def test_an_unconfirmed_account_goes_after_its_period_not_before(app):
    person = make_user(email="typo@example.org", email_confirmed=False)
    made = person.created_at

    assert purge_unconfirmed_accounts(now=made + timedelta(days=30, minutes=-1), days=30) == 0
    assert not _erased(person)
    assert purge_unconfirmed_accounts(now=made + timedelta(days=30, minutes=1), days=30) == 1
    db.session.commit()
    person = db.session.get(User, person.id)
    assert person.erased_at is not None and person.email != "typo@example.org"


def test_a_confirmed_account_is_not_an_unconfirmed_one(app, member):
    assert purge_unconfirmed_accounts(now=utcnow() + timedelta(days=365), days=30) == 0
    assert not _erased(member)


def test_an_unconfirmed_account_staff_booked_for_by_phone_stays(app):
    phoned = make_user(email="phoned@example.org")
    make_booking(make_event(starts_in=timedelta(days=60)), phoned)
    phoned.email_confirmed_at = None  # as an account staff made on the phone is
    db.session.commit()

    assert purge_unconfirmed_accounts(now=utcnow() + timedelta(days=31), days=30) == 0
    assert not _erased(phoned)


# Not used for years ----------------------------------------------------------------------------


@pytest.fixture
def idle(app):
    """A family who signed in once, long ago."""
    person = make_user(email="idle@example.org")
    person.last_signed_in_at = person.created_at
    db.session.commit()
    return person


def test_a_warning_comes_before_the_deletion_and_only_once(app, idle):
    start = idle.created_at
    too_early = start + timedelta(days=DAYS - WARNING, minutes=-1)
    due = start + timedelta(days=DAYS - WARNING, minutes=1)

    assert warn_inactive_accounts(now=too_early, days=DAYS, warning_days=WARNING) == 0
    assert warn_inactive_accounts(now=due, days=DAYS, warning_days=WARNING) == 1
    assert warn_inactive_accounts(now=due + timedelta(days=1), days=DAYS, warning_days=WARNING) == 0
    db.session.commit()
    [warning] = _warnings_to("idle@example.org")
    assert "We will delete your account on" in warning.body_text
    assert "/login" in warning.body_text


def test_the_account_goes_once_its_time_is_up_and_the_warning_has_had_its_days(app, idle):
    start = idle.created_at
    warned = start + timedelta(days=DAYS - WARNING, minutes=1)
    assert warn_inactive_accounts(now=warned, days=DAYS, warning_days=WARNING) == 1

    just_before = warned + timedelta(days=WARNING, minutes=-1)
    assert purge_inactive_accounts(now=just_before, days=DAYS, warning_days=WARNING) == 0
    after = warned + timedelta(days=WARNING, minutes=1)
    assert purge_inactive_accounts(now=after, days=DAYS, warning_days=WARNING) == 1
    assert _erased(idle)


def test_nobody_is_deleted_without_a_warning(app, idle):
    long_after = idle.created_at + timedelta(days=DAYS * 2)
    assert purge_inactive_accounts(now=long_after, days=DAYS, warning_days=WARNING) == 0
    assert not _erased(idle)


def test_signing_in_after_the_warning_keeps_the_account(app, idle):
    warned = idle.created_at + timedelta(days=DAYS - WARNING, minutes=1)
    assert warn_inactive_accounts(now=warned, days=DAYS, warning_days=WARNING) == 1
    authenticate(idle.email, DEFAULT_PASSWORD, now=warned + timedelta(days=1))
    db.session.commit()

    later = warned + timedelta(days=WARNING + 1)
    assert purge_inactive_accounts(now=later, days=DAYS, warning_days=WARNING) == 0
    assert db.session.get(User, idle.id).inactivity_warned_at is None


def test_a_booking_made_by_phone_counts_as_using_the_account(app, idle):
    start = idle.created_at
    booking = make_booking(make_event(), idle)
    # Staff booked for them two years after their last sign-in.
    db.session.get(Booking, booking.id).created_at = start + timedelta(days=2 * 365)
    db.session.commit()

    nearly = start + timedelta(days=DAYS + 1)
    assert warn_inactive_accounts(now=nearly, days=DAYS, warning_days=WARNING) == 0
    assert purge_inactive_accounts(now=nearly, days=DAYS, warning_days=WARNING) == 0


def test_a_warning_from_an_earlier_idle_spell_does_not_count(app, idle):
    start = idle.created_at
    old_warning = start + timedelta(days=DAYS - WARNING, minutes=1)
    assert warn_inactive_accounts(now=old_warning, days=DAYS, warning_days=WARNING) == 1
    booking = make_booking(make_event(), idle)  # then staff booked for them by phone
    db.session.get(Booking, booking.id).created_at = old_warning + timedelta(days=1)
    db.session.commit()

    # Idle again for the whole period since that booking: warned afresh before any deletion.
    idle_again = old_warning + timedelta(days=1 + DAYS + 1)
    assert purge_inactive_accounts(now=idle_again, days=DAYS, warning_days=WARNING) == 0
    assert warn_inactive_accounts(now=idle_again, days=DAYS, warning_days=WARNING) == 1


def test_the_only_admin_is_never_deleted_by_time(app):
    admin = make_user(role="admin")
    admin.disabled = False
    admin.inactivity_warned_at = admin.created_at + timedelta(days=DAYS - WARNING)
    db.session.commit()

    later = admin.created_at + timedelta(days=DAYS * 2)
    assert purge_inactive_accounts(now=later, days=DAYS, warning_days=WARNING) == 0
    assert not _erased(admin)


# Booked by phone with no email address ---------------------------------------------------------


def _phoned_with_no_email(starts_in=timedelta(days=60)):
    from portal.events.services import Party, book_by_phone

    staff = make_user(email="desk@example.org", role="staff")
    booking = book_by_phone(
        make_event(starts_in=starts_in),
        full_name="Pat Phone",
        phone="07700 900 982",
        party=Party(adults=1),
        actor=staff,
        now=utcnow(),
    )
    db.session.commit()
    return booking.user


def test_an_account_with_no_email_address_is_kept_while_it_holds_bookings(app):
    person = _phoned_with_no_email()

    assert purge_unconfirmed_accounts(now=utcnow() + timedelta(days=31), days=30) == 0
    assert not _erased(person)


def test_an_account_with_no_email_address_is_never_warned_but_goes_once_unused_for_years(app):
    person = _phoned_with_no_email()
    start = person.created_at

    warn_inactive_accounts(now=start + timedelta(days=DAYS), days=DAYS, warning_days=WARNING)
    assert db.session.get(User, person.id).inactivity_warned_at is None  # nobody to warn
    just_before = start + timedelta(days=DAYS, minutes=-1)
    assert purge_inactive_accounts(now=just_before, days=DAYS, warning_days=WARNING) == 0
    after = start + timedelta(days=DAYS, minutes=1)
    assert purge_inactive_accounts(now=after, days=DAYS, warning_days=WARNING) == 1
    assert _erased(person)
    assert db.session.get(User, person.id).phone is None
