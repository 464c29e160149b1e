"""Two-step sign-in in tests: real codes from pyotp for the secrets stored in the database.

Nothing is mocked: a test signs in the way a person does, with the code their app would show.
A code is accepted once, for a time step after the last one used, so `fresh_code` gives the code
for the first step not used yet (now, or the next one, which the portal accepts too), and waits
for the clock when both have been used by earlier sign-ins in the same test.
"""

from __future__ import annotations

import time

import pyotp
from sqlalchemy import select

from portal.accounts.models import SecondFactor, User
from portal.accounts.second_factor import STEP_SECONDS
from portal.dates import utcnow
from portal.extensions import db


def add_second_factor(user: User) -> SecondFactor:
    """Give `user` an authenticator app, as if they had set one up (no recovery codes)."""
    factor = SecondFactor(user=user, secret=pyotp.random_base32(), confirmed_at=utcnow())
    db.session.add(factor)
    db.session.flush()
    return factor


def _factor(person: User | str) -> SecondFactor:
    email = person if isinstance(person, str) else person.email
    db.session.expire_all()  # the server may have used a code since this session last looked
    factor = db.session.scalar(select(SecondFactor).join(User).where(User.email == email))
    assert factor is not None, f"{email} has no authenticator app set up"
    return factor


def code_at(secret: str, step: int) -> str:
    return pyotp.TOTP(secret).at(step * STEP_SECONDS)


def fresh_code(person: User | str) -> str:
    """A code the portal will accept now for `person` (a User or an email address)."""
    factor = _factor(person)
    while True:
        step = int(time.time()) // STEP_SECONDS
        for candidate in (step, step + 1):
            if factor.last_used_step is None or candidate > factor.last_used_step:
                return code_at(factor.secret, candidate)
        time.sleep(STEP_SECONDS - time.time() % STEP_SECONDS + 0.05)


def used_code(person: User | str) -> str:
    """The code the portal accepted last (for showing it is refused the second time)."""
    factor = _factor(person)
    assert factor.last_used_step is not None
    return code_at(factor.secret, factor.last_used_step)


def wrong_code(person: User | str) -> str:
    """Six digits that are not the code for any step the portal would accept now."""
    factor = _factor(person)
    step = int(time.time()) // STEP_SECONDS
    near = {code_at(factor.secret, s) for s in range(step - 2, step + 3)}
    return next(code for code in ("000000", "111111", "222222") if code not in near)


def away_from_a_step_change(margin: float = 3) -> int:
    """The current time step, after waiting out the end of it if it is about to change (for
    tests that type a code for a step next to it)."""
    left = STEP_SECONDS - time.time() % STEP_SECONDS
    if left < margin:
        time.sleep(left + 0.05)
    return int(time.time()) // STEP_SECONDS
