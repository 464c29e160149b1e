"""What the events domain adds to accounts: "Your bookings" on the account page, and the
booking journey's answers kept across signing in."""

from __future__ import annotations

from portal.accounts.models import User
from portal.accounts.registry import account_section, keep_on_sign_in
from portal.dates import utcnow
from portal.events.queries import bookings_for, split_bookings

# The booking journey keeps its answers in the session under this prefix and the session's id:
# a booking started before signing in carries on afterwards.
BOOKING_ANSWERS_PREFIX = "booking-"

keep_on_sign_in(BOOKING_ANSWERS_PREFIX)


@account_section("events/_account_bookings.html")
def your_bookings(user: User) -> dict:
    """Upcoming bookings (soonest first), and past and cancelled ones."""
    upcoming, past = split_bookings(bookings_for(user.id), utcnow())
    return {"upcoming": upcoming, "past": past}
