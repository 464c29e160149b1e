"""Demo businesses with pledges in every state, in different postcode districts."""

from __future__ import annotations

import secrets
from datetime import datetime, time, timedelta

from sqlalchemy import select

from portal.accounts.models import User
from portal.accounts.services import register_user
from portal.demo.events import draw_photo
from portal.extensions import db
from portal.pledges.catalogue import ensure_catalogue
from portal.pledges.models import Business, BusinessPhoto, Commitment, VisitComment
from portal.pledges.services import (
    approve,
    choose_commitments,
    give_details,
    register_business,
    request_changes,
    sign,
    start_pledge,
    submit,
)

BUSINESSES = [
    # name, sector, address, postcode, commitments, final state, days since approval
    (
        "Bromley High Street Supermarket",
        "Supermarket",
        "144 High Street, Bromley",
        "BR1 1HN",
        ["training", "quiet-hour", "sunflower", "flexible-queuing"],
        "approved",
        40,
    ),
    (
        "The Glades Shopping Centre",
        "Shopping centre",
        "High Street, Bromley",
        "BR1 1DN",
        ["quiet-hour", "quiet-space", "visual-story", "champion"],
        "approved",
        200,
    ),
    (
        "Orpington Library",
        "Library",
        "The Priory Gardens, Church Hill, Orpington",
        "BR6 0HH",
        ["quiet-space", "sunflower", "visual-story"],
        "approved",
        350,
    ),
    (
        "Beckenham Bean Café",
        "Café",
        "12 High Street, Beckenham",
        "BR3 1AY",
        ["quiet-hour", "sunflower"],
        "submitted",
        None,
    ),
    (
        "Cuts and Curls Hairdresser",
        "Hairdresser",
        "3 Station Road, West Wickham",
        "BR4 0PR",
        ["quiet-hour", "training"],
        "changes-requested",
        None,
    ),
    (
        "Chislehurst Family Dental",
        "Dentist",
        "8 Royal Parade, Chislehurst",
        "BR7 6NR",
        ["training", "quiet-space"],
        "expired",
        400,
    ),
]


# (weekday, starts, ends), Monday 0: a supermarket with two quiet hours a week, the others one.
QUIET_HOURS = {
    "Bromley High Street Supermarket": [(1, time(9), time(10)), (5, time(8), time(9))],
    "The Glades Shopping Centre": [(3, time(9, 30), time(10, 30))],
}


def load_demo_pledges(staff: User, now: datetime) -> list[str]:
    """Create the demo businesses once; return lines describing them."""
    if db.session.scalar(select(Business.id).limit(1)) is not None:
        return ["  Business pledges: already loaded"]
    ensure_catalogue()
    catalogue = {c.slug: c.id for c in db.session.scalars(select(Commitment))}
    for name, sector, address, postcode, chosen, state, days_ago in BUSINESSES:
        owner = register_user(
            email=f"{name.split()[0].lower()}.{secrets.token_hex(2)}@example.org",
            full_name=f"{name} manager",
            password=secrets.token_urlsafe(16),
            email_confirmed_at=now,
        )
        business = register_business(
            owner,
            name=name,
            address=address,
            postcode=postcode,
            sector=sector,
            opening_hours="Monday to Saturday, 9am to 6pm",
        )
        when = now - timedelta(days=days_ago or 5)
        pledge = start_pledge(business, now=when)
        choose_commitments(pledge, [catalogue[slug] for slug in chosen])
        give_details(
            pledge,
            quiet_hours=QUIET_HOURS.get(name, [(1, time(9), time(10))]),
            staff_total=24,
            staff_trained=18,
        )
        if "visual-story" in chosen:
            business.photos.append(
                BusinessPhoto(
                    position=1,
                    filename=draw_photo("entrance", f"The entrance to {name}"),
                    alt_text=f"The entrance to {name}",
                    caption="This is the way in.",
                )
            )
        sign(pledge, name=owner.full_name, role="Manager", agreed=True, now=when)
        submit(pledge, now=when)
        if state in ("approved", "expired"):
            approve(pledge, actor=staff, now=when)
        elif state == "changes-requested":
            request_changes(
                pledge,
                message="Please say which day the quiet hour is on the door sign too.",
                actor=staff,
                now=when,
            )
        if state == "approved" and days_ago == 40:
            db.session.add(
                VisitComment(
                    business_id=business.id,
                    helped="The lights were dimmed and the staff member at the till was patient.",
                    status="published",
                    created_at=now - timedelta(days=3),
                )
            )
    db.session.flush()
    live = sum(1 for b in BUSINESSES if b[5] == "approved")
    return [
        f"  Business pledges: {len(BUSINESSES)} businesses, {live} in the directory, "
        f"the others submitted, sent back for changes, or expired"
    ]
