"""What the events domain adds to accounts: "Your bookings" on the account page, and forgetting
unfinished bookings when a person's sessions end."""

from __future__ import annotations

from portal.accounts.models import User
from portal.accounts.registry import account_section, when_sessions_end
from portal.dates import utcnow
from portal.events.drafts import drop_drafts_of
from portal.events.queries import bookings_for, split_bookings

when_sessions_end(drop_drafts_of)


@account_section("events/_account_bookings.html")
def your_bookings(user: User) -> dict:
    """Upcoming bookings (soonest first), and past and cancelled ones."""
    upcoming, past = split_bookings(bookings_for(user.id), utcnow())
    return {"upcoming": upcoming, "past": past}
