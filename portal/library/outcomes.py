"""Library suggestions answered and published, as entries on “You said, we did”."""

from __future__ import annotations

from flask import url_for

from portal.library.queries import answered_suggestions
from portal.outcomes.entries import Outcome


def published_outcomes() -> list[Outcome]:
    return [
        Outcome(
            said=suggestion.text,
            did=suggestion.response,
            when=suggestion.answered_at,
            theme="information",
            source="Library suggestion",
            link=url_for("library.show", slug=suggestion.item.slug) if suggestion.item else None,
            link_text=suggestion.item.title if suggestion.item else None,
        )
        for suggestion in answered_suggestions()
    ]
