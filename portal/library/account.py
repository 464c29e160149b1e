"""What the library adds to accounts: the person's suggestions in "Download your data", and
erasing them with the account (library/personal_data.py)."""

from __future__ import annotations

from portal.accounts.registry import data_held_about, when_account_erased
from portal.library import personal_data

data_held_about("library_suggestions", "Your suggestions for the library", order=30)(
    personal_data.suggestions_held
)
when_account_erased(personal_data.erase_from_library)
