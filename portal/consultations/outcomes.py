"""Consultations whose outcome is published, as entries on “You said, we did”."""

from __future__ import annotations

from flask import url_for

from portal.consultations.queries import with_outcome_published
from portal.outcomes.entries import Outcome


def published_outcomes() -> list[Outcome]:
    return [
        Outcome(
            said=consultation.heard,
            did=consultation.will_do,
            when=consultation.outcome_published_at,
            theme=consultation.theme,
            source="Consultation",
            link=url_for("consultations.show", slug=consultation.slug),
            link_text=consultation.title,
            did_label="We will",
        )
        for consultation in with_outcome_published()
    ]
