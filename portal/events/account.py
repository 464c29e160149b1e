"""What the events domain adds to accounts: "Your bookings" on the account page, forgetting
unfinished bookings when a person's sessions end, and the person's bookings, feedback and
sessions in "Download your data" and in erasing an account (events/personal_data.py)."""

from __future__ import annotations

from portal.accounts.models import User
from portal.accounts.registry import (
    account_section,
    data_held_about,
    when_account_erased,
    when_sessions_end,
)
from portal.dates import utcnow
from portal.events import personal_data
from portal.events.drafts import drop_drafts_of
from portal.events.queries import bookings_for, split_bookings

when_sessions_end(drop_drafts_of)

data_held_about("bookings", "Your bookings", order=10)(personal_data.bookings_held)
data_held_about("feedback", "Your feedback on sessions", order=11)(personal_data.feedback_held)
data_held_about("unfinished_bookings", "Bookings you started and did not finish", order=12)(
    personal_data.unfinished_bookings_held
)
data_held_about("sessions_you_lead", "Sessions you run (staff)", order=13)(
    personal_data.sessions_led_held
)
when_account_erased(personal_data.erase_from_events)


@account_section("events/_account_bookings.html")
def your_bookings(user: User) -> dict:
    """Upcoming bookings (soonest first), and past and cancelled ones."""
    upcoming, past = split_bookings(bookings_for(user.id), utcnow())
    return {"upcoming": upcoming, "past": past}
