"""Library search: what each item stores, and the words families type for the same thing.

The engine is `portal.search`, shared with the help directory: words are prepared in Python
alike for SQLite and PostgreSQL, and each database only stores and looks them up.

Each item is indexed in four fields, which rank a match:
  heading: the title and the kind ("film", "leaflet", "visual story")   8 points a word
  about:   summary, topics, audience, ages, other formats, credits, language   4
  text:    the body (a leaflet's words)                                 2
  transcript: what is said in a film                                    1
Each word of a query counts the points of the best field it is found in.

A word of a query also finds its synonyms ("video" finds a film, "mum" finds items for
parents): these live here, on the query side, so changing them needs no reindex. Anything that
changes the stored words (the stemmer, the stop words, what each field holds) needs
`flask library reindex` (and a migration that runs it).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, text
from sqlalchemy.sql.elements import ColumnElement

from portal.extensions import db
from portal.library.models import KIND_LABELS, LibraryItem
from portal.search import Search, SearchIndex, joined_words
from portal.search import words_of as words_of  # the library's callers and tests read it here

SQLITE_TABLE = "library_search"

# Each group: words a person may type for the same thing. Every word finds all of its group.
SYNONYMS = (
    "film films video videos movie movies clip clips dvd",
    "leaflet leaflets booklet booklets brochure flyer flyers factsheet pamphlet handout pdf",
    "guide guides guidance handbook",
    "visual social picture pictures",
    "easyread easy",
    "audio listen spoken recording",
    "parent parents mum mums mother mothers dad dads father fathers carer carers family families",
    "child children kid kids",
    "teen teens teenager teenagers adolescent",
    "autism autistic asd asc",
    "dentist dentists dental",
    "doctor doctors gp",
    "shop shops shopping supermarket supermarkets",
)
INDEX = SearchIndex(
    table="library_items",
    sqlite_table=SQLITE_TABLE,
    weights={"heading": 8, "about": 4, "text": 2, "transcript": 1},
    synonyms=SYNONYMS,
)
POSTGRES_INDEX = INDEX.postgres_index
FIELDS = INDEX.fields
WEIGHTS = INDEX.weights

# What else a format's name means, so "sign language" finds a BSL version.
FORMAT_WORDS = {
    "bsl": "british sign language signed",
    "easy read": "easyread",
    "large print": "big",
    "audio": "listen spoken recording",
}


def query_words(query: str) -> list[frozenset[str]]:
    """Each word of a query as the set of stored words that count as finding it."""
    return INDEX.query_words(query)


# --- What is stored ---------------------------------------------------------------------


@dataclass(frozen=True)
class ItemWords:
    """An item's words in the four fields, as stored."""

    id: int
    heading: str
    about: str
    text: str
    transcript: str


def item_words(item: dict, formats: list[tuple[str, str]]) -> ItemWords:
    """The words to store for an item (a row of library_items as a dict) and its other
    formats (label and language of each)."""
    format_text = " ".join(
        " ".join([label, language, *(w for k, w in FORMAT_WORDS.items() if k in label.lower())])
        for label, language in formats
    )
    about = " ".join(
        item[key] or "" for key in ("summary", "topics", "audience", "age_band", "credits")
    )

    return ItemWords(
        id=item["id"],
        heading=joined_words(
            item["title"] or "", KIND_LABELS.get(item["kind"], item["kind"] or "")
        ),
        about=joined_words(about, item["language"] or "", format_text),
        text=joined_words(item["body"] or ""),
        transcript=joined_words(item["transcript"] or ""),
    )


ITEM_COLUMNS = (
    "id, kind, title, summary, body, transcript, audience, age_band, topics, language, credits"
)


def reindex(connection, ids: list[int] | None = None) -> int:
    """Store the words of the items with these ids (every item when None), replacing what
    was stored. Reads the rows with plain SQL, so a migration can call it. Returns how many.

    `connection` is a Connection or a Session: anything with `execute`.
    """
    if ids is not None and not ids:
        return 0
    where = "" if ids is None else " WHERE id IN :ids"
    where_files = "" if ids is None else " AND item_id IN :ids"

    def select(sql: str):
        statement = text(sql)
        if ids is None:
            return connection.execute(statement).mappings().all()
        statement = statement.bindparams(bindparam("ids", expanding=True))
        return connection.execute(statement, {"ids": list(ids)}).mappings().all()

    items = select(f"SELECT {ITEM_COLUMNS} FROM library_items{where}")  # noqa: S608
    formats: dict[int, list[tuple[str, str]]] = {}
    for row in select(
        "SELECT item_id, format_label, language FROM library_files "  # noqa: S608
        f"WHERE role = 'alternative'{where_files} ORDER BY id"
    ):
        formats.setdefault(row["item_id"], []).append((row["format_label"], row["language"]))
    rows = [vars(item_words(dict(item), formats.get(item["id"], []))) for item in items]
    INDEX.store(connection, rows)
    return len(rows)


def index_item(item: LibraryItem) -> None:
    """Keep the index in step with an item and its files (call after flushing them)."""
    reindex(db.session, [item.id])


def create_index(connection) -> None:
    """Make the library's search index (see `SearchIndex.create`)."""
    INDEX.create(connection)


def made_by_hand(type_: str, name: str | None) -> bool:
    """The library's search tables, words column and index: made by migrations, by hand."""
    return INDEX.made_by_hand(type_, name)


# --- Looking up -------------------------------------------------------------------------


def search_for(query: str) -> Search | None:
    """The query made ready to look up, or None when it has no words to look for."""
    return INDEX.search_for(query)


def matching(query: str) -> ColumnElement[bool] | None:
    """A WHERE clause selecting items that contain every word of the query (None when the
    query has no words to look for)."""
    return INDEX.matching(query)
