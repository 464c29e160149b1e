"""What two-step sign-in holds about a person, for "Download your data", and erasing it.

The download says whether an app is set up and how many recovery codes are left: never the
secret the app shares with us, nor the codes (only their hashes are kept). Erasing an account
deletes the secret and the recovery codes.
"""

from __future__ import annotations

from datetime import datetime

from portal.accounts.registry import data_held_about, when_account_erased
from portal.accounts.second_factor import forget_second_factor, recovery_codes_left


@data_held_about("two_step_sign_in", "Two-step sign-in", order=5)
def two_step_sign_in_held(person) -> list[dict]:
    """One record if the person has set up an authenticator app, none otherwise."""
    factor = person.second_factor
    if factor is None or not factor.is_confirmed:
        return []
    return [
        {
            "Second step": "Authenticator app",
            "Set up": factor.confirmed_at,
            "Recovery codes not used yet": recovery_codes_left(person),
            "Wrong codes entered since the last right one": factor.failed_attempts,
        }
    ]


@when_account_erased
def erase_second_factor(person, now: datetime) -> None:
    """Delete the person's authenticator secret and recovery codes."""
    forget_second_factor(person)
