"""Families' comments on pledged businesses that led to a change, on “You said, we did”."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from portal.extensions import db
from portal.outcomes.entries import Outcome
from portal.pledges.models import CommentStatus, VisitComment


def acted_on_comments() -> list[VisitComment]:
    """Published comments staff have said what was done about, most recent first."""
    return list(
        db.session.scalars(
            select(VisitComment)
            .where(
                VisitComment.status == CommentStatus.PUBLISHED,
                VisitComment.acted_on_at.is_not(None),
            )
            .order_by(VisitComment.acted_on_at.desc())
        )
    )


def published_outcomes() -> list[Outcome]:
    return [
        Outcome(
            said=comment.did_not_help or comment.helped,
            did=comment.acted_on,
            when=comment.acted_on_at,
            theme="places",
            source=f"A family's visit to {comment.business.name}",
            link=url_for("pledges.show", slug=comment.business.slug),
            link_text=comment.business.name,
        )
        for comment in acted_on_comments()
    ]
