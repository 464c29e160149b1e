"""What one entry on “You said, we did” holds, and the themes entries are filtered by."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

# The themes staff choose from when they publish an outcome. Keys are kept in the database.
THEMES = {
    "training": "Training and awareness",
    "places": "Shops and places to go",
    "information": "Information, films and leaflets",
    "support": "Support for families",
    "education": "Schools and education",
    "health": "Health and care",
    "other": "Something else",
}
THEME_CHOICES = list(THEMES.items())


@dataclass(frozen=True)
class Outcome:
    """What was said, what was done about it, and when it was done."""

    said: str
    did: str
    when: datetime  # when the outcome was published (UTC)
    theme: str  # a key of THEMES
    source: str  # where it was said, in a few words: "Library suggestion", "Consultation"
    link: str | None = None  # a page with more, if there is one
    link_text: str | None = None
    # What the answer is: "We did" only when it is done; "We will" for a plan, with its
    # progress ("Agreed", "In progress") shown beside it; "The board's answer" for an answer.
    did_label: str = "We did"
    progress: str | None = None

    @property
    def theme_label(self) -> str:
        return THEMES.get(self.theme, THEMES["other"])


@dataclass(frozen=True)
class ListPage:
    """One page of a list already in memory, shaped like Flask-SQLAlchemy's pagination so the
    pagination macro can show it."""

    items: list
    page: int
    pages: int
    total: int

    @classmethod
    def of(cls, everything: list, *, page: int, per_page: int) -> ListPage:
        pages = max(1, -(-len(everything) // per_page))
        page = min(max(page, 1), pages)
        start = (page - 1) * per_page
        return cls(everything[start : start + per_page], page, pages, len(everything))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1
