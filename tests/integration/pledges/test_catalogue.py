"""The commitments catalogue: the defaults, and staff adding or changing a commitment."""

import pytest

from portal.audit.models import AuditEntry
from portal.extensions import db
from portal.pledges.catalogue import (
    DEFAULT_COMMITMENTS,
    CommitmentTitleTaken,
    ensure_catalogue,
    save_commitment,
)
from portal.pledges.models import Commitment
from tests.factories import make_user


@pytest.fixture
def staff(app):
    return make_user(role="staff")


def _new(staff, title, **fields):
    fields = {"description": "Ask at the till.", "evidence": "", "active": True, **fields}
    return save_commitment(None, title=title, actor=staff, **fields)


def test_the_default_catalogue_is_added_once(app):
    ensure_catalogue()  # the app fixture has already added it

    slugs = db.session.scalars(db.select(Commitment.slug).order_by(Commitment.position)).all()
    assert slugs == [slug for slug, *_ in DEFAULT_COMMITMENTS]


def test_a_new_commitment_gets_a_slug_from_its_title(staff):
    item = _new(staff, "  Ear defenders: Café loans! ")

    assert item.slug == "ear-defenders-cafe-loans"
    assert item.title == "Ear defenders: Café loans!"
    assert item.kind == "plain"


def test_a_new_commitment_goes_last_in_the_catalogue(staff):
    last = db.session.scalar(db.select(db.func.max(Commitment.position)))

    assert _new(staff, "Ear defenders to borrow").position == last + 1
    assert _new(staff, "Fidget toys at the till").position == last + 2


def test_a_slug_is_at_most_sixty_characters(staff):
    item = _new(staff, "word " * 30)

    assert len(item.slug) <= 60 and not item.slug.endswith("-")


def test_a_title_without_letters_or_digits_gets_a_numbered_slug(staff):
    last_id = db.session.scalar(db.select(db.func.max(Commitment.id)))

    assert _new(staff, "!!!").slug == f"commitment-{last_id + 1}"


def test_a_title_whose_slug_is_taken_is_refused(staff):
    _new(staff, "Ear defenders to borrow")
    count = db.session.scalar(db.select(db.func.count(Commitment.id)))

    with pytest.raises(CommitmentTitleTaken, match="There is already a commitment with this title"):
        _new(staff, "Ear defenders, to borrow")
    assert db.session.scalar(db.select(db.func.count(Commitment.id))) == count


def test_changing_a_commitment_keeps_its_slug_and_position(staff):
    item = _new(staff, "Ear defenders to borrow")
    slug, position = item.slug, item.position

    save_commitment(
        item,
        title="Ear defenders and fidget toys",
        description=" Ask. ",
        evidence=" A photo of the box. ",
        active=False,
        actor=staff,
    )

    assert (item.slug, item.position) == (slug, position)
    assert (item.title, item.description, item.evidence, item.active) == (
        "Ear defenders and fidget toys",
        "Ask.",
        "A photo of the box.",
        False,
    )


def test_saving_a_commitment_is_recorded_in_the_audit_log(staff):
    item = _new(staff, "Ear defenders to borrow")

    [entry] = db.session.scalars(db.select(AuditEntry)).all()
    assert (entry.actor_id, entry.action, entry.target_type, entry.target_id, entry.summary) == (
        staff.id,
        "commitment saved",
        "commitment",
        item.id,
        "Ear defenders to borrow",
    )


def test_the_title_of_a_default_commitment_cannot_be_added_again(staff):
    default_title = DEFAULT_COMMITMENTS[0][1]

    with pytest.raises(CommitmentTitleTaken):
        _new(staff, default_title.upper())


def test_a_commitment_cannot_be_renamed_to_another_ones_title(staff):
    first = _new(staff, "Ear defenders to borrow")
    second = _new(staff, "Fidget toys at the till")
    fields = {"description": "Ask.", "evidence": "", "active": True}

    with pytest.raises(CommitmentTitleTaken):
        save_commitment(second, title=first.title, actor=staff, **fields)
    assert save_commitment(first, title=first.title, actor=staff, **fields) == first
