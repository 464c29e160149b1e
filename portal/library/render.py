"""Item text: Markdown rendered, then sanitised by nh3 (never trusted as written)."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_markdown = MarkdownIt("commonmark", {"html": False})
ALLOWED_TAGS = {"p", "h2", "h3", "ul", "ol", "li", "strong", "em", "a", "blockquote", "br"}


def body_html(markdown_text: str) -> Markup:
    """Safe HTML for an item's body: only simple tags, links made safe, no scripts or hx-*."""
    html = nh3.clean(
        _markdown.render(markdown_text or ""),
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"https", "http", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(html)  # noqa: S704 - sanitised by nh3 just above


def file_size(size: int) -> str:
    """A file size people read easily: "340 KB", "1.2 MB"."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(size // 1024, 1)} KB"
