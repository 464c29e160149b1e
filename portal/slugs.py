"""Slugs: the readable part of a public URL (`/pledges/cafe-rouge-br1`, `/library/our-film`).

One rule for every domain: letters are folded to their plain form ("Café" -> "cafe"), anything
else becomes a hyphen, and a slug already taken gets a number ("-2", "-3", ...).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

MAX_LENGTH = 100


def slugify(text: str, *, fallback: str, max_length: int = MAX_LENGTH) -> str:
    """`text` as lower-case ASCII words joined by hyphens; `fallback` if nothing is left."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:max_length].rstrip("-")
    return slug or fallback


def unique_slug(
    text: str,
    *,
    taken: Callable[[str], bool],
    fallback: str,
    max_length: int = MAX_LENGTH,
) -> str:
    """A slug for `text` that `taken` says is free, adding "-2", "-3", ... on a clash."""
    base = slugify(text, fallback=fallback, max_length=max_length)
    slug, n = base, 2
    while taken(slug):
        slug, n = f"{base}-{n}", n + 1
    return slug
