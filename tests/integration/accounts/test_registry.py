"""What other domains add to accounts: sections of the account page, session keys kept."""

from datetime import timedelta

import pytest

from portal.accounts.registry import account_section, kept_across_sign_in
from tests.factories import DEFAULT_PASSWORD, make_booking, make_event


def test_only_keys_a_domain_registered_are_kept_across_signing_in(app):
    session = {"booking-7": {"party": {}}, "bookingsomething": 1, "_user_id": "x", "next": "/"}

    assert kept_across_sign_in(session) == {"booking-7": {"party": {}}}


def test_signing_in_keeps_a_booking_journey_and_drops_the_rest(client, member):
    with client.session_transaction() as session:
        session["booking-3"] = {"party": {"adults": 1}}
        session["stale"] = "left over"

    client.post_form("/login", {"email": member.email, "password": DEFAULT_PASSWORD})

    with client.session_transaction() as session:
        assert session["booking-3"] == {"party": {"adults": 1}}
        assert "stale" not in session


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
