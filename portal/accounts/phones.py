"""Phone numbers staff note for families who book by phone: one tidy form, stored and matched."""

from __future__ import annotations

import re

from portal.accounts.services import AccountError

PHONE_LENGTH = 20  # the column's length: "+44" and up to 15 digits fit with room to spare
_ALLOWED = re.compile(r"^\+?[0-9 ()\-.]+$")


def normalise_phone(phone: str) -> str:
    """The form of a phone number we store and look up: digits only, with a leading + for an
    international number ("07700 900 123" -> "07700900123").

    Raises AccountError when it is not a phone number (letters, or too few or too many digits).
    """
    typed = phone.strip()
    digits = re.sub(r"\D", "", typed)
    if not typed or not _ALLOWED.match(typed) or not 7 <= len(digits) <= 15:
        raise AccountError("Enter a phone number, like 01632 960 001 or 07700 900 982")
    return ("+" if typed.startswith("+") else "") + digits
