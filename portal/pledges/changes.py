"""Changing a business's details and photos once the public can see them, or staff are
checking its pledge: the changes wait for staff, like a pledge.

While a business has no public page and no pledge with staff, what the owner changes applies
at once. From then on (`needs_review`) it goes into the business's one open BusinessChange:
the public keeps seeing the approved details until staff approve the change, which applies
everything in one transaction; or staff send it back with a message, and the owner changes it
and it goes back to staff. Owners are emailed either way.

Services take explicit arguments, flush but never commit, and raise PledgeError subclasses.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from portal.audit.services import record
from portal.extensions import db
from portal.links import external_url
from portal.outbox.services import email_subject
from portal.photos import add_photo, remove_photo
from portal.pledges.models import (
    Business,
    BusinessChange,
    BusinessPhoto,
    ChangeStatus,
    PledgeStatus,
    ProposedPhoto,
)
from portal.pledges.photos import add_business_photo, remove_business_photo
from portal.pledges.services import (
    NotEditable,
    NotReady,
    _email_owners,
    _hold_business,
    current_pledge,
    latest_approved,
    postcode_district,
)
from portal.stored_files import delete_once_committed

OPEN = (ChangeStatus.WAITING, ChangeStatus.SENT_BACK)


def needs_review(business: Business) -> bool:
    """Whether changes to what the public sees wait for staff: the business has a public page
    (an approved pledge, even one that has ended, keeps its page) or a pledge with staff."""
    pledge = current_pledge(business)
    return latest_approved(business) is not None or (
        pledge is not None and pledge.status == PledgeStatus.SUBMITTED
    )


def open_change(business: Business) -> BusinessChange | None:
    """The change being written or reviewed, if there is one."""
    return db.session.scalar(
        select(BusinessChange).where(
            BusinessChange.business_id == business.id, BusinessChange.status.in_(OPEN)
        )
    )


def _reviewed(business: Business) -> bool:
    return open_change(business) is not None or needs_review(business)


def _change_to_edit(business: Business, *, now: datetime) -> BusinessChange:
    """The open change, or a new one starting from what the public sees. Either way it is
    (again) waiting for staff. Two owners editing at once queue on the business's row, so the
    second finds the first's change (the partial unique index is the backstop)."""
    change = open_change(business)
    if change is None:
        _hold_business(business)
        change = open_change(business)
    if change is None:
        change = BusinessChange(
            business=business,
            created_at=now,
            **{name: getattr(business, name) for name, _ in BusinessChange.FIELDS},
        )
        db.session.add(change)
    change.status = ChangeStatus.WAITING
    change.submitted_at = now
    return change


def _settle(change: BusinessChange, *, actor, now: datetime) -> BusinessChange | None:
    """Keep the change if it still changes something (it is flushed), or drop it."""
    if change.is_empty:
        _drop(change)
        return None
    db.session.flush()
    record(
        actor, "business change sent", "business", change.business_id, change.business.name, now=now
    )
    return change


def change_details(
    business: Business,
    *,
    address: str,
    postcode: str,
    website: str = "",
    description: str = "",
    opening_hours: str = "",
    actor,
    now: datetime,
) -> BusinessChange | None:
    """Change the business's address, opening hours, description and website.

    Applied at once while nobody reviews them (`needs_review`); then returns None. Otherwise
    they go into the open change for staff, which is returned: or None when the change, with
    these details, no longer differs from what the public sees (it is then dropped, files and
    all). Raises nothing of its own.
    """
    values = {
        "address": address.strip(),
        "postcode": postcode.strip().upper(),
        "website": website.strip(),
        "description": description.strip(),
        "opening_hours": opening_hours.strip(),
    }
    if not _reviewed(business):
        for name, value in values.items():
            setattr(business, name, value)
        business.postcode_district = postcode_district(business.postcode)
        record(actor, "business details changed", "business", business.id, business.name, now=now)
        db.session.flush()
        return None
    change = _change_to_edit(business, now=now)
    for name, value in values.items():
        setattr(change, name, value)
    return _settle(change, actor=actor, now=now)


def propose_photo(
    business: Business,
    upload,
    *,
    alt_text: str,
    caption: str | None,
    actor,
    now: datetime,
) -> BusinessPhoto | ProposedPhoto:
    """Add a photo to the visual story: at once while nobody reviews it, otherwise as a
    ProposedPhoto in the open change.

    Raises PhotoRefused (portal.media) when the upload is not a photo we can keep.
    """
    if not _reviewed(business):
        return add_business_photo(business, upload, alt_text=alt_text, caption=caption)
    change = _change_to_edit(business, now=now)
    photo = add_photo(change.photos, ProposedPhoto, upload, alt_text=alt_text, caption=caption)
    _settle(change, actor=actor, now=now)
    return photo


def propose_removal(
    business: Business, photo: BusinessPhoto, *, actor, now: datetime
) -> BusinessChange | None:
    """Take a photo out of the visual story: at once while nobody reviews it (returns None),
    otherwise by asking for it in the open change (returned). Raises nothing of its own."""
    if not _reviewed(business):
        remove_business_photo(business, photo)
        return None
    change = _change_to_edit(business, now=now)
    if photo not in change.removals:
        change.removals.append(photo)
    return _settle(change, actor=actor, now=now)


def withdraw_photo(
    change: BusinessChange, photo: ProposedPhoto, *, actor, now: datetime
) -> BusinessChange | None:
    """Take back a proposed photo (its file goes once that commits); the change is dropped if
    nothing is left in it. Raises NotEditable once the change has been approved."""
    _open(change)
    remove_photo(change.photos, photo)
    return _settle(change, actor=actor, now=now)


def keep_photo(
    change: BusinessChange, photo: BusinessPhoto, *, actor, now: datetime
) -> BusinessChange | None:
    """Stop asking for a photo to be removed. Raises NotEditable once approved."""
    _open(change)
    if photo in change.removals:
        change.removals.remove(photo)
    return _settle(change, actor=actor, now=now)


def withdraw_change(change: BusinessChange, *, actor, now: datetime) -> None:
    """Drop the whole change: the public page stays as it is. Raises NotEditable once
    approved."""
    _open(change)
    record(
        actor,
        "business change withdrawn",
        "business",
        change.business_id,
        change.business.name,
        now=now,
    )
    _drop(change)


def _drop(change: BusinessChange) -> None:
    """Delete the change, and its proposed photos' files once that commits."""
    for photo in change.photos:
        delete_once_committed(photo.filename)
    db.session.flush()
    db.session.delete(change)
    db.session.flush()


def _open(change: BusinessChange) -> None:
    if change.status not in OPEN:
        raise NotEditable("These changes have been approved already")


def approve_change(change: BusinessChange, *, actor, now: datetime) -> None:
    """Apply the change to the business in this transaction: its details, the photos taken
    away (their files go once that commits) and the photos added (after the others, in the
    order they were proposed). Emails the owners.

    Raises NotEditable unless the change is waiting for staff.
    """
    if change.status != ChangeStatus.WAITING:
        raise NotEditable("Only changes waiting for review can be approved")
    business = change.business
    what = ", ".join(label.lower() for label, _, _ in change.differences())
    for name, _ in BusinessChange.FIELDS:
        setattr(business, name, getattr(change, name))
    business.postcode_district = postcode_district(business.postcode)
    removed = list(change.removals)
    for photo in removed:
        change.removals.remove(photo)
        remove_business_photo(business, photo)
    last = max((photo.position for photo in business.photos), default=0)
    for offset, proposed in enumerate(change.photos, start=1):
        business.photos.append(
            BusinessPhoto(
                position=last + offset,
                filename=proposed.filename,
                alt_text=proposed.alt_text,
                caption=proposed.caption,
            )
        )
    added = len(change.photos)
    change.photos.clear()  # the files now belong to the business's photos
    change.status = ChangeStatus.APPROVED
    change.decided_at, change.decided_by_id = now, actor.id if actor else None
    change.staff_message = ""
    summary = "; ".join(
        part
        for part in (
            what,
            f"{added} photo(s) added" if added else "",
            f"{len(removed)} photo(s) removed" if removed else "",
        )
        if part
    )
    record(
        actor,
        "business change approved",
        "business",
        business.id,
        f"{business.name}: {summary}",
        now=now,
    )
    _email_owners(
        business,
        subject=email_subject("Changes approved: {name}", name=business.name),
        template="business_change_approved",
        public_url=external_url("pledges.show", slug=business.slug)
        if latest_approved(business)
        else None,
    )
    db.session.flush()


def send_back_change(change: BusinessChange, *, message: str, actor, now: datetime) -> None:
    """Send the change back with a message the owners are emailed; the public page stays as it
    is. Raises NotEditable unless it is waiting for staff, NotReady without a message."""
    if change.status != ChangeStatus.WAITING:
        raise NotEditable("Only changes waiting for review can be sent back")
    if not message.strip():
        raise NotReady("Say what needs to change")
    change.status = ChangeStatus.SENT_BACK
    change.staff_message = message.strip()
    change.decided_at, change.decided_by_id = now, actor.id if actor else None
    record(
        actor,
        "business change sent back",
        "business",
        change.business_id,
        change.business.name,
        now=now,
    )
    _email_owners(
        change.business,
        subject=email_subject("Please look at your changes: {name}", name=change.business.name),
        template="business_change_sent_back",
        change=change,
    )
    db.session.flush()
