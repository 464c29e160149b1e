"""Item text: Markdown rendered, then sanitised by nh3 (never trusted as written)."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_markdown = MarkdownIt("commonmark", {"html": False})
ALLOWED_TAGS = {"p", "h2", "h3", "ul", "ol", "li", "strong", "em", "a", "blockquote", "br"}
# GOV.UK Frontend styles only elements with its classes: the sanitiser gives each tag its class
# (nothing in the text can set a class: no `class` attribute is allowed through).
GOVUK_CLASSES = {
    "p": "govuk-body",
    "h2": "govuk-heading-m",
    "h3": "govuk-heading-s",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "a": "govuk-link",
    "blockquote": "govuk-inset-text",
}


def body_html(markdown_text: str) -> Markup:
    """Safe HTML for an item's body: only simple tags, links made safe, no scripts or hx-*."""
    html = nh3.clean(
        _markdown.render(markdown_text or ""),
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"https", "http", "mailto"},
        link_rel="noopener noreferrer nofollow",
        set_tag_attribute_values={
            tag: {"class": classes} for tag, classes in GOVUK_CLASSES.items()
        },
    )
    return Markup(html)  # noqa: S704 - sanitised by nh3 just above


def file_size(size: int) -> str:
    """A file size people read easily: "340 KB", "1.2 MB"."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(size // 1024, 1)} KB"
