"""What a challenge made, as links to what the portal holds: the resolver table.

An output is stored as a kind and an id (models.Output). Each kind here says how to find the
things of that kind that the public may see now, as links, and what staff may choose from. A
thing deleted, hidden, unpublished or archived since is simply not found, so its output drops
off the challenge page instead of breaking it. To add a kind (consultations, later), add one
entry to KINDS.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flask import url_for
from sqlalchemy import select

from portal.dates import london_date
from portal.extensions import db


@dataclass(frozen=True)
class Link:
    kind_label: str
    title: str
    endpoint: str
    values: tuple[tuple[str, object], ...]

    @property
    def url(self) -> str:
        """Built when a page shows it (so finding links needs no request)."""
        return url_for(self.endpoint, **dict(self.values))


@dataclass(frozen=True)
class OutputKind:
    label: str  # "Training session"
    # The public links for these ids (only the ones the public may see), by id.
    find: Callable[[Iterable[int]], dict[int, Link]]
    # (id, title) of every one staff may choose, newest first.
    choices: Callable[[], list[tuple[int, str]]]


def _sessions(ids: Iterable[int] | None):
    from portal.events.models import Event, EventKind, EventStatus

    query = select(Event).where(Event.status == EventStatus.PUBLISHED)
    query = query.where(Event.kind != EventKind.PEER_SUPPORT)  # meet-ups are groups' own
    if ids is not None:
        query = query.where(Event.id.in_(list(ids)))
    return db.session.scalars(query.order_by(Event.starts_at.desc()).limit(500)).all()


def _session_title(event) -> str:
    return f"{event.title} ({london_date(event.starts_at)})"


def _pledged_businesses(ids: Iterable[int] | None):
    from portal.pledges.models import Business, Pledge, PledgeStatus

    # The business page shows its latest approved pledge, and is a 404 without one.
    query = (
        select(Business)
        .where(
            Business.id.in_(
                select(Pledge.business_id).where(Pledge.status == PledgeStatus.APPROVED)
            )
        )
        .order_by(Business.name)
    )
    if ids is not None:
        query = query.where(Business.id.in_(list(ids)))
    return db.session.scalars(query).all()


def _library_items(ids: Iterable[int] | None):
    from portal.library.models import ItemStatus, LibraryItem

    query = select(LibraryItem).where(LibraryItem.status == ItemStatus.PUBLISHED)
    if ids is not None:
        query = query.where(LibraryItem.id.in_(list(ids)))
    return db.session.scalars(query.order_by(LibraryItem.title)).all()


def _groups(ids: Iterable[int] | None):
    from portal.groups.models import Group

    query = select(Group).where(Group.hidden_at.is_(None))
    if ids is not None:
        query = query.where(Group.id.in_(list(ids)))
    return db.session.scalars(query.order_by(Group.name)).all()


def _kind(label: str, rows, title, endpoint: str, url_args) -> OutputKind:
    def find(ids: Iterable[int]) -> dict[int, Link]:
        return {
            row.id: Link(label, title(row), endpoint, tuple(url_args(row).items()))
            for row in rows(ids)
        }

    return OutputKind(label, find, lambda: [(row.id, title(row)) for row in rows(None)])


KINDS: dict[str, OutputKind] = {
    "session": _kind(
        "Training session",
        _sessions,
        _session_title,
        "events.show",
        lambda e: {"event_id": e.id},
    ),
    "pledge": _kind(
        "Business pledge",
        _pledged_businesses,
        lambda b: b.name,
        "pledges.show",
        lambda b: {"slug": b.slug},
    ),
    "library": _kind(
        "Film or leaflet",
        _library_items,
        lambda i: i.title,
        "library.show",
        lambda i: {"slug": i.slug},
    ),
    "group": _kind(
        "Peer support group",
        _groups,
        lambda g: g.name,
        "groups.show",
        lambda g: {"slug": g.slug},
    ),
}


def output_links(outputs) -> list[tuple[object, Link]]:
    """Each output with its public link, in the order given; outputs whose thing is gone or
    hidden are left out. One query per kind, whatever the number of outputs."""
    wanted: dict[str, set[int]] = {}
    for output in outputs:
        wanted.setdefault(output.kind, set()).add(output.target_id)
    found = {kind: KINDS[kind].find(ids) if kind in KINDS else {} for kind, ids in wanted.items()}
    return [
        (output, found[output.kind][output.target_id])
        for output in outputs
        if output.target_id in found[output.kind]
    ]


def output_choices() -> list[tuple[str, str]]:
    """("kind:id", "Kind: title") for every thing staff may add as an output."""
    return [
        (f"{kind}:{target_id}", f"{entry.label}: {title}")
        for kind, entry in KINDS.items()
        for target_id, title in entry.choices()
    ]
