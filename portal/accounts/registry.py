"""What other domains add to accounts, without accounts importing them.

A domain registers a section of the account page (a template and a function giving its context)
and the prefixes of session keys that must survive signing in (a journey started while signed
out). Registration happens when the domain's package is imported, at app start.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import render_template
from markupsafe import Markup

from portal.accounts.models import User

SectionContext = Callable[[User], dict[str, Any]]

_sections: list[tuple[str, SectionContext]] = []
_kept_prefixes: list[str] = []


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


def account_sections(user: User) -> list[Markup]:
    """Every registered section of the account page, rendered for `user`."""
    # Each is a template's own output, escaped as it rendered, so it is safe to place as it is.
    return [
        Markup(render_template(template, **context(user)))  # noqa: S704 - see above
        for template, context in _sections
    ]


def keep_on_sign_in(prefix: str) -> None:
    """Keep session keys starting with `prefix` when signing in starts a fresh session."""
    if prefix not in _kept_prefixes:
        _kept_prefixes.append(prefix)


def kept_across_sign_in(session: Mapping[str, Any]) -> dict[str, Any]:
    """The part of `session` that registered domains asked to keep across signing in."""
    prefixes = tuple(_kept_prefixes)
    return {key: value for key, value in session.items() if key.startswith(prefixes)}
