"""What other domains add to accounts, without accounts importing them.

A domain registers a section of the account page (a template and a function giving its context),
what to forget when a person's sessions end (signing out, a new password, a disabled account),
what it holds about a person (for "Download your data") and what to erase when their account is
deleted (accounts/data_rights.py). Registration happens when the domain's package is imported, at
app start.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import render_template
from markupsafe import Markup

# Functions here take the person (an accounts User); typed loosely so that the model, which
# calls `sessions_ended`, and this module need not import each other.
SectionContext = Callable[[Any], dict[str, Any]]
# What a domain holds about a person: records, each a dict of label -> value (text, number,
# yes/no, a list of text, a datetime or None), the labels being the words a person reads.
Records = list[dict[str, Any]]
DataHeld = Callable[[Any], Records]


@dataclass(frozen=True)
class DataPart:
    key: str  # the part's name in the JSON file: "bookings"
    title: str  # its heading on the page: "Your bookings"
    records: DataHeld
    order: int  # parts are listed by this, lowest first


_sections: list[tuple[str, SectionContext]] = []
_on_sessions_end: list[Callable[[Any], None]] = []
_data_parts: list[DataPart] = []
_on_erase: list[Callable[[Any, datetime], None]] = []


def account_section(template: str) -> Callable[[SectionContext], SectionContext]:
    """Show `template` on the account page, in registration order, with the function's context."""

    # Only an autoescaped .html template may be placed as it rendered (see account_sections).
    if not template.endswith(".html"):
        raise ValueError(f"An account section must be an .html template, not {template!r}")

    def register(context: SectionContext) -> SectionContext:
        if (template, context) not in _sections:
            _sections.append((template, context))
        return context

    return register


def account_sections(user: Any) -> list[Markup]:
    """Every registered section of the account page, rendered for `user`."""
    # Each is a template's own output, escaped as it rendered, so it is safe to place as it is.
    return [
        Markup(render_template(template, **context(user)))  # noqa: S704 - see above
        for template, context in _sections
    ]


def when_sessions_end(forget: Callable[[Any], None]) -> Callable[[Any], None]:
    """Call `forget(user)` whenever the person's sessions are ended (see `sessions_ended`)."""
    if forget not in _on_sessions_end:
        _on_sessions_end.append(forget)
    return forget


def sessions_ended(user: Any) -> None:
    """Let every registered domain forget what it kept for the person's sessions."""
    for forget in _on_sessions_end:
        forget(user)


def data_held_about(key: str, title: str, *, order: int = 50) -> Callable[[DataHeld], DataHeld]:
    """Add `records(person)` to what "Download your data" gives, under `key` in the file and
    `title` on the page. Parts are listed by `order` (the order packages are imported in is an
    accident of their imports), then in registration order."""

    def register(records: DataHeld) -> DataHeld:
        if any(part.key == key for part in _data_parts):
            existing = next(part for part in _data_parts if part.key == key)
            if existing.records is not records:
                raise ValueError(f"Two domains hold personal data under the name {key!r}")
            return records
        _data_parts.append(DataPart(key, title, records, order))
        return records

    return register


def data_parts() -> list[DataPart]:
    """Every registered part of a person's data, in order."""
    return sorted(_data_parts, key=lambda part: part.order)


def when_account_erased(erase: Callable[[Any, datetime], None]) -> Callable[[Any, datetime], None]:
    """Call `erase(person, now)` when the person's account is erased, before the account itself
    is anonymised (so the person's id and email address can still be read)."""
    if erase not in _on_erase:
        _on_erase.append(erase)
    return erase


def account_erased(person: Any, now: datetime) -> None:
    """Let every registered domain erase or anonymise what it holds about the person."""
    for erase in _on_erase:
        erase(person, now)
