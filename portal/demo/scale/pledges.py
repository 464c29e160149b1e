"""Businesses and their pledges, in every state, with commitments, photos and comments."""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, time, timedelta

from sqlalchemy import select

from portal.demo.scale.common import (
    StoredFiles,
    bulk_insert,
    drawing,
    moment_between,
    person_name,
    quota,
    unique_slug,
)
from portal.demo.scale.people import People
from portal.demo.scale.words import (
    ADJECTIVES,
    BETTER,
    HELPED,
    HOURS,
    LAST,
    PLEDGE_SCENARIOS,
    POSTCODE_LETTERS,
    SECTORS,
    TOWNS,
)
from portal.extensions import db
from portal.pledges.catalogue import ensure_catalogue
from portal.pledges.models import (
    Business,
    BusinessPhoto,
    CommentStatus,
    Commitment,
    CommitmentKind,
    Pledge,
    PledgeStatus,
    QuietHour,
    VisitComment,
    business_owners,
    pledge_commitments,
)
from portal.pledges.services import REMIND_BEFORE, expiry_for


def plan_businesses(rng: random.Random, people: People, now: datetime) -> list[dict]:
    """One business per owner, each with the pledges of one scenario (at least one business
    in each), a visual story when it pledges one, and families' comments once it is live."""
    ensure_catalogue()
    catalogue = list(
        db.session.execute(select(Commitment.id, Commitment.kind).where(Commitment.active))
    )
    slugs = set(db.session.scalars(select(Business.slug)))
    scenarios = quota(rng, PLEDGE_SCENARIOS, len(people.owners))
    plans = []
    for owner, scenario in zip(people.owners, scenarios, strict=True):
        chosen = rng.sample(catalogue, rng.randint(2, min(5, len(catalogue))))
        pledge = _pledge_row(rng, chosen, scenario, now)
        quiet_hours = _quiet_hours(rng) if pledge.pop("quiet_hour") else []
        renewal = _renewal_row(rng, pledge, scenario, now) if scenario.startswith("renew") else None
        registered = pledge["created_at"] - timedelta(days=rng.uniform(1, 60))
        business = _business_row(rng, slugs, registered)
        people.joined_by(owner, business["created_at"])
        comments = []
        if scenario in ("live", "renewing", "renewed"):
            for _ in range(rng.choices([0, 1, 2, 3], [60, 20, 12, 8])[0]):
                person = rng.choice(people.members)
                when = moment_between(rng, pledge["approved_at"], now)
                people.joined_by(person, when)
                roll = rng.random()
                status = (
                    CommentStatus.PUBLISHED if roll < 0.7
                    else CommentStatus.PENDING if roll < 0.9
                    else CommentStatus.REJECTED
                )  # fmt: skip
                comments.append(
                    {
                        "helped": rng.choice(HELPED),
                        "did_not_help": rng.choice(BETTER),
                        "status": status,
                        "created_at": when,
                        "user_id": person,
                    }
                )
        plans.append(
            {
                "business": business,
                "owners": {owner, rng.choice(people.owners)} if rng.random() < 0.05 else {owner},
                "photos": rng.randint(1, 3)
                if any(kind == CommitmentKind.PHOTOS for _, kind in chosen)
                else 0,
                # Half the drafts have not chosen their commitments yet.
                "commitments": [] if pledge["agreed_at"] is None and rng.random() < 0.5 else chosen,
                "pledge": pledge,
                "quiet_hours": quiet_hours,
                "renewal": renewal,
                "comments": comments,
            }
        )
    return plans


def _business_row(rng: random.Random, slugs: set[str], created: datetime) -> dict:
    district = rng.choice(list(TOWNS))
    town, streets = TOWNS[district]
    sector = rng.choice(list(SECTORS))
    prefix = rng.choice([town, f"{rng.choice(LAST)}'s", f"The {rng.choice(ADJECTIVES)}"])
    name = f"{prefix} {rng.choice(SECTORS[sector])}"
    slug = unique_slug(f"{name} {district}", slugs)
    letters = "".join(rng.choices(POSTCODE_LETTERS, k=2))
    return {
        "slug": slug,
        "name": name,
        "address": f"{rng.randint(1, 240)} {rng.choice(streets)}, {town}",
        "postcode": f"{district} {rng.randint(1, 9)}{letters}",
        "postcode_district": district,
        "sector": sector,
        "website": f"https://{slug[:40].strip('-')}.example.org" if rng.random() < 0.6 else "",
        "description": f"A {sector.lower()} in {town}.",
        "opening_hours": rng.choice(HOURS),
        "created_at": created,
    }


def _pledge_row(rng: random.Random, chosen: list, scenario: str, now: datetime) -> dict:
    kinds = {kind for _, kind in chosen}
    quiet_hour, training = CommitmentKind.QUIET_HOUR in kinds, CommitmentKind.TRAINING in kinds
    staff_total = rng.randint(3, 120)
    days_ago = {
        "live": (1, 364),
        "renewing": (300, 364),
        "renewed": (366, 700),
        "expired": (366, 900),
    }.get(scenario)
    approved = now - timedelta(days=rng.uniform(*days_ago)) if days_ago else None
    expires = expiry_for(approved) if approved else None
    agreed = (approved or now) - timedelta(days=rng.uniform(2, 30))
    status = {
        "submitted": PledgeStatus.SUBMITTED,
        "changes-requested": PledgeStatus.CHANGES_REQUESTED,
        "draft": PledgeStatus.DRAFT,
        "declined": PledgeStatus.DECLINED,
        "renewed": PledgeStatus.REPLACED,
    }.get(scenario, PledgeStatus.APPROVED)
    draft = status == PledgeStatus.DRAFT
    return {
        "status": status,
        "quiet_hour": quiet_hour,  # (taken out before the row is inserted)
        "staff_total": staff_total if training else None,
        "staff_trained": rng.randint(0, staff_total) if training else None,
        "signatory_name": "" if draft else person_name(rng),
        "signatory_role": "" if draft else rng.choice(["Manager", "Owner", "Practice manager"]),
        "agreed_at": None if draft else agreed,
        "created_at": agreed - timedelta(days=rng.uniform(0, 5)),
        "submitted_at": None if draft else agreed,
        "approved_at": approved,
        "expires_at": expires,
        "staff_message": {
            "changes-requested": "Please say which day the quiet hour is on the door sign too.",
            "declined": "We could not confirm the training. Please talk to us and apply again.",
        }.get(scenario, ""),
        "business_reply": "",
        # What `flask pledges remind` would have done by now.
        "reminder_sent_at": expires - REMIND_BEFORE
        if expires and expires - REMIND_BEFORE <= now
        else None,
        "expiry_notice_sent_at": expires if expires and expires <= now else None,
        "renews_id": None,
    }


def _quiet_hours(rng: random.Random) -> list[dict]:
    """One quiet hour on a weekday morning, sometimes a second on another day."""
    days = rng.sample(range(6), rng.choice([1, 1, 1, 2]))
    return [
        {
            "weekday": day,
            "starts_at": time(9 if day < 5 else 8),
            "ends_at": time(10 if day < 5 else 9),
        }
        for day in sorted(days)
    ]


def _renewal_row(rng: random.Random, previous: dict, scenario: str, now: datetime) -> dict:
    """A renewal copies the pledge it renews: approved (replacing it) or waiting for review."""
    approved, status, expires = None, PledgeStatus.SUBMITTED, None
    if scenario == "renewed":
        approved = moment_between(
            rng, previous["expires_at"] - REMIND_BEFORE, now - timedelta(days=1)
        )
        status, expires = PledgeStatus.APPROVED, expiry_for(approved)
    agreed = (approved or now) - timedelta(days=rng.uniform(1, 10))
    return {
        **previous,
        "status": status,
        "agreed_at": agreed,
        "created_at": agreed - timedelta(days=1),
        "submitted_at": agreed,
        "approved_at": approved,
        "expires_at": expires,
        "staff_message": "",
        "reminder_sent_at": None,
        "expiry_notice_sent_at": None,
    }


def insert_businesses(plans: list[dict], people: People, now: datetime) -> Counter:
    """Insert the planned businesses, their owners, photos, pledges and comments. Returns the
    pledges counted by state."""
    ids = bulk_insert(
        Business.__table__, [plan["business"] for plan in plans], ids=True, key="slug"
    )
    bulk_insert(
        business_owners,
        [
            {"business_id": business_id, "user_id": people.id(owner)}
            for business_id, plan in zip(ids, plans, strict=True)
            for owner in sorted(plan["owners"])
        ],
    )
    entrance = drawing("entrance", "The way in, with a purple sign above the door")
    photos = StoredFiles("", entrance, ".png", "image/png")
    bulk_insert(
        BusinessPhoto.__table__,
        [
            {
                "business_id": business_id,
                "position": position,
                "filename": photos.copy(),
                "alt_text": f"The way in to {plan['business']['name']}",
                "caption": "This is the way in.",
            }
            for business_id, plan in zip(ids, plans, strict=True)
            for position in range(1, plan["photos"] + 1)
        ],
    )
    bulk_insert(
        VisitComment.__table__,
        [
            {**comment, "business_id": business_id, "user_id": people.id(comment["user_id"])}
            for business_id, plan in zip(ids, plans, strict=True)
            for comment in plan["comments"]
        ],
    )
    for business_id, plan in zip(ids, plans, strict=True):
        plan["pledge"]["business_id"] = business_id
    first_ids = bulk_insert(Pledge.__table__, [plan["pledge"] for plan in plans], ids=True)
    renewed = [
        (plan, first_id) for plan, first_id in zip(plans, first_ids, strict=True) if plan["renewal"]
    ]
    for plan, first_id in renewed:
        plan["renewal"].update(business_id=plan["pledge"]["business_id"], renews_id=first_id)
    renewal_ids = bulk_insert(Pledge.__table__, [plan["renewal"] for plan, _ in renewed], ids=True)
    pledged = list(zip(first_ids, plans, strict=True))
    pledged += [
        (renewal_id, plan) for renewal_id, (plan, _) in zip(renewal_ids, renewed, strict=True)
    ]
    bulk_insert(
        pledge_commitments,
        [
            {"pledge_id": pledge_id, "commitment_id": commitment_id}
            for pledge_id, plan in pledged
            for commitment_id, _ in plan["commitments"]
        ],
    )
    bulk_insert(
        QuietHour.__table__,
        [
            {**hour, "pledge_id": pledge_id}
            for pledge_id, plan in pledged
            for hour in plan["quiet_hours"]
        ],
    )
    counts = Counter(plan["pledge"]["status"] for plan in plans)
    counts.update(plan["renewal"]["status"] for plan, _ in renewed)
    expired = sum(
        1 for plan in plans if plan["pledge"]["status"] == "approved"
        and plan["pledge"]["expires_at"] <= now
    )  # fmt: skip
    counts["approved"] -= expired
    counts["approved, now expired"] = expired
    return counts
