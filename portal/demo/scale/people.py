"""The accounts: families, professionals, business owners, one staff and one admin."""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta

from portal.accounts.models import Role, SecondFactor, User, new_session_token
from portal.accounts.passwords import hash_password
from portal.demo.scale.common import (
    ADMIN_EMAIL,
    DAYS_PAST,
    PASSWORD,
    STAFF_EMAIL,
    bulk_insert,
    moment_between,
    person_name,
)
from portal.demo.two_step import demo_app_rows


class People:
    """The accounts, planned before they are inserted: members (families and professionals),
    then business owners, then one staff and one admin. Someone who books or signs a pledge
    has joined by then (`joined_by`); `id(n)` is the account's id once inserted."""

    def __init__(self, rng: random.Random, members: int, owners: int, now: datetime) -> None:
        self.members, self.owners = range(members), range(members, members + owners)
        self.rows = []
        for n in range(members + owners + 2):
            name = person_name(rng)
            local = re.sub(r"[^a-z.]", "", name.lower().replace(" ", "."))
            self.rows.append(
                {
                    "email": f"{local}.{n + 1}@example.{('org', 'com', 'net')[n % 3]}",
                    "full_name": name,
                    "role": Role.MEMBER if n < members else Role.BUSINESS,
                    "created_at": now - timedelta(days=rng.uniform(1, DAYS_PAST)),
                }
            )
        self.rows[-2].update(email=STAFF_EMAIL, full_name="Sam Scale", role=Role.STAFF)
        self.rows[-1].update(email=ADMIN_EMAIL, full_name="Alex Scale", role=Role.ADMIN)
        self.ids: list[int] = []

    def joined_by(self, n: int, moment: datetime) -> None:
        row = self.rows[n]
        row["created_at"] = min(row["created_at"], moment - timedelta(days=1))

    def id(self, n: int) -> int:
        return self.ids[n]

    def insert(self, rng: random.Random, now: datetime) -> None:
        password_hash = hash_password(PASSWORD)  # argon2 is slow on purpose: hash once, share
        for row in self.rows:
            signed_in = moment_between(rng, row["created_at"], now) if rng.random() < 0.7 else None
            row.update(
                password_hash=password_hash,
                session_token=new_session_token(),
                disabled=False,
                last_signed_in_at=signed_in,
                password_changed_at=row["created_at"],
                email_confirmed_at=row["created_at"],
            )
        self.ids = bulk_insert(User.__table__, self.rows, ids=True, key="email")
        # The staff and admin sign in with the demo authenticator keys (portal/demo/two_step.py).
        staff_roles = (Role.STAFF, Role.ADMIN)
        staff = [
            (self.ids[n], row["role"])
            for n, row in enumerate(self.rows)
            if row["role"] in staff_roles
        ]
        bulk_insert(SecondFactor.__table__, demo_app_rows(staff, now))
