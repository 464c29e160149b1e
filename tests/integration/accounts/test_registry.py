"""What other domains add to accounts: sections of the account page, session keys kept."""

from datetime import timedelta

import pytest

from portal.accounts.registry import _on_sessions_end, account_section, when_sessions_end
from tests.factories import DEFAULT_PASSWORD, make_booking, make_event


def test_ending_a_persons_sessions_tells_every_registered_domain(app, member):
    forgotten = []
    forget = when_sessions_end(forgotten.append)
    try:
        member.end_all_sessions()
    finally:
        _on_sessions_end.remove(forget)

    assert forgotten == [member]


def test_signing_in_starts_a_fresh_session_whatever_the_browser_held(client, member):
    with client.session_transaction() as session:
        session["booking-3"] = {"party": {"adults": 1}}
        session["stale"] = "left over"

    client.post_form("/login", {"email": member.email, "password": DEFAULT_PASSWORD})

    with client.session_transaction() as session:
        assert "booking-3" not in session and "stale" not in session


def test_the_account_page_shows_the_bookings_section_the_events_domain_adds(client, auth, member):
    coming = make_event(title="Sensory play morning", starts_in=timedelta(days=3))
    over = make_event(title="Last year's talk", starts_in=timedelta(days=-30))
    make_booking(coming, member)
    make_booking(over, member, now=over.starts_at - timedelta(days=1))
    auth.login(member.email)

    page = client.get("/account").get_data(as_text=True)

    assert page.index("Your bookings") < page.index("Sensory play morning")
    assert "Past and cancelled bookings (1)" in page and "Last year" in page
    assert page.index("Last year") < page.index("Your details")


def test_an_account_section_must_be_an_autoescaped_html_template():
    with pytest.raises(ValueError, match=r"\.html"):
        account_section("events/bookings.txt")


def test_two_domains_cannot_hold_personal_data_under_one_name(app):
    from portal.accounts.registry import data_held_about

    with pytest.raises(ValueError, match="bookings"):
        data_held_about("bookings", "Someone else's bookings")(lambda person: [])


def test_erasing_an_account_tells_every_registered_domain_before_the_account_goes(app, member):
    from portal.accounts.data_rights import erase_account
    from portal.accounts.registry import _on_erase, when_account_erased
    from portal.dates import utcnow

    seen = []
    erase = when_account_erased(lambda person, now: seen.append((person.email, now)))
    now = utcnow()
    try:
        erase_account(member, actor=member, reason="deleted by the person", now=now)
    finally:
        _on_erase.remove(erase)

    assert seen == [("parent@example.org", now)]
    assert member.email != "parent@example.org"
