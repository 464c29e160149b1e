"""Where published outcomes come from: one function per domain, newest first overall."""

from __future__ import annotations

from collections.abc import Callable

from portal.outcomes.entries import THEMES, Outcome


def _library() -> list[Outcome]:
    from portal.library.outcomes import published_outcomes

    return published_outcomes()


def _comments() -> list[Outcome]:
    from portal.pledges.outcomes import published_outcomes

    return published_outcomes()


def _board() -> list[Outcome]:
    from portal.board.outcomes import published_outcomes

    return published_outcomes()


def _consultations() -> list[Outcome]:
    from portal.consultations.outcomes import published_outcomes

    return published_outcomes()


# Each domain adds its function here.
SOURCES: list[Callable[[], list[Outcome]]] = [_library, _comments, _board, _consultations]


def all_outcomes(theme: str | None = None) -> list[Outcome]:
    """Every published outcome, the most recent first; only one theme's if one is asked for."""
    found = [outcome for source in SOURCES for outcome in source()]
    if theme in THEMES:
        found = [outcome for outcome in found if outcome.theme == theme]
    return sorted(found, key=lambda outcome: outcome.when, reverse=True)
