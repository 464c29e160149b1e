"""The commitments a business can make: the catalogue as first offered, and staff keeping it.

Staff add commitments and change them later; stopping offering one keeps existing pledges as
they are. Services take explicit arguments, flush but never commit, and raise the named errors.
"""

from __future__ import annotations

from sqlalchemy import func, select

from portal.audit.services import record
from portal.extensions import db
from portal.pledges.models import Commitment, CommitmentKind
from portal.pledges.services import PledgeError
from portal.slugs import slugify

SLUG_LENGTH = 60

DEFAULT_COMMITMENTS = [
    (
        "training",
        "Customer-facing staff complete autism awareness training",
        "Everyone who serves customers learns what a hard moment can look like and how to help.",
        "The number of customer-facing staff and how many have been trained.",
        "training",
    ),
    (
        "quiet-hour",
        "A weekly quiet hour",
        "Lights down, music off, tills and announcements quiet, at the same time every week.",
        "The day and time of the quiet hour.",
        "quiet-hour",
    ),
    (
        "quiet-space",
        "A quiet space on request",
        "Somewhere calm to sit for a few minutes, without having to explain why.",
        "Where the space is and how to ask for it.",
        "plain",
    ),
    (
        "sunflower",
        "Staff recognise the Sunflower lanyard and autism alert cards",
        "Staff know the Hidden Disabilities Sunflower and alert cards, and offer extra time.",
        "Briefing notes or training records.",
        "plain",
    ),
    (
        "visual-story",
        "A visual story or sensory guide of the premises",
        "Photos and plain words showing the way in, what it is like inside, and where to go.",
        "Photos of the premises with plain words about each one.",
        "photos",
    ),
    (
        "champion",
        "A named autism champion",
        "One person families can ask for, who makes sure the pledge is kept.",
        "The champion's name or role.",
        "plain",
    ),
    (
        "flexible-queuing",
        "Flexible queuing",
        "Families who find waiting hard can wait somewhere calmer and keep their place.",
        "How customers ask for it.",
        "plain",
    ),
]


class CommitmentTitleTaken(PledgeError):
    """Another commitment already has the slug this title would get."""


def ensure_catalogue() -> None:
    """Add the default commitments if the catalogue is empty (tests and fresh databases).

    Raises nothing of its own."""
    if db.session.scalar(select(Commitment.id).limit(1)) is not None:
        return
    for position, (slug, title, description, evidence, kind) in enumerate(DEFAULT_COMMITMENTS, 1):
        db.session.add(
            Commitment(
                slug=slug,
                title=title,
                description=description,
                evidence=evidence,
                kind=kind,
                position=position,
            )
        )
    db.session.flush()


def _slug_taken(slug: str) -> bool:
    return db.session.scalar(select(Commitment.id).where(Commitment.slug == slug)) is not None


def _check_title_free(title: str, commitment: Commitment | None) -> None:
    same = select(Commitment.id).where(func.lower(Commitment.title) == title.strip().lower())
    if commitment is not None:
        same = same.where(Commitment.id != commitment.id)
    if db.session.scalar(same.limit(1)) is not None:
        raise CommitmentTitleTaken("There is already a commitment with this title")


def _new_commitment(title: str) -> Commitment:
    last_id = db.session.scalar(select(func.max(Commitment.id))) or 0
    slug = slugify(title, fallback=f"commitment-{last_id + 1}", max_length=SLUG_LENGTH)
    if _slug_taken(slug):
        raise CommitmentTitleTaken("There is already a commitment with this title")
    last_position = db.session.scalar(select(func.max(Commitment.position))) or 0
    commitment = Commitment(slug=slug, kind=CommitmentKind.PLAIN, position=last_position + 1)
    db.session.add(commitment)
    return commitment


def save_commitment(
    commitment: Commitment | None,
    *,
    title: str,
    description: str,
    evidence: str,
    active: bool,
    actor,
) -> Commitment:
    """Add a commitment (`commitment` None) or change one, and record it in the audit log.

    A new commitment gets a slug from its title, which never changes afterwards, and goes last
    in the catalogue. Raises CommitmentTitleTaken when another commitment has the same title
    (whatever its capitals), or a new title would make a slug already in use.
    """
    _check_title_free(title, commitment)
    if commitment is None:
        commitment = _new_commitment(title)
    commitment.title = title.strip()
    commitment.description = description.strip()
    commitment.evidence = evidence.strip()
    commitment.active = active
    db.session.flush()
    record(actor, "commitment saved", "commitment", commitment.id, commitment.title)
    return commitment
