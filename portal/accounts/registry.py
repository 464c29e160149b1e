"""What other domains add to accounts, without accounts importing them.

A domain registers a section of the account page (a template and a function giving its context)
and what to forget when a person's sessions end (signing out, a new password, a disabled
account). Registration happens when the domain's package is imported, at app start.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import render_template
from markupsafe import Markup

# Functions here take the person (an accounts User); typed loosely so that the model, which
# calls `sessions_ended`, and this module need not import each other.
SectionContext = Callable[[Any], dict[str, Any]]

_sections: list[tuple[str, SectionContext]] = []
_on_sessions_end: list[Callable[[Any], None]] = []


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
