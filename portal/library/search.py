"""Full-text search over the library: the same answers on SQLite and PostgreSQL.

Python turns each item into words, and each query into words, in one way for both databases:
lower case without accents, stop words dropped, each word stemmed (Snowball English, so
"films" finds "film"). The databases only store and look up those words, never reading them
their own way: SQLite's FTS5 table with the plain `unicode61` tokenizer, and PostgreSQL's
`search_words` column of `to_tsvector('simple', ...)` with a GIN index. So a small word such as
"for" is dropped on both, and both find the same items.

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

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import snowballstemmer
from sqlalchemy import Integer, and_, bindparam, case, column, func, literal_column, text
from sqlalchemy.sql.elements import ColumnElement

from portal.extensions import db
from portal.library.models import KIND_LABELS, LibraryItem

SQLITE_TABLE = "library_search"
POSTGRES_COLUMN = "search_words"
POSTGRES_INDEX = "ix_library_items_search_words"
FIELDS = ("heading", "about", "text", "transcript")
WEIGHTS = {"heading": 8, "about": 4, "text": 2, "transcript": 1}
POSTGRES_LABELS = {"heading": "A", "about": "B", "text": "C", "transcript": "D"}
MOST_WORDS = 10

# Letters and digits; an underscore separates words, as it does for both databases.
WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _listed(words: str) -> frozenset[str]:
    return frozenset(words.split())


# PostgreSQL's English stop words (Snowball's list): dropped from items and from queries alike.
STOP_WORDS = _listed(
    """i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves what which who
    whom this that these those am is are was were be been being have has had having do does did
    doing a an the and but if or because as until while of at by for with about against between
    into through during before after above below to from up down in out on off over under again
    further then once here there when where why how all any both each few more most other some
    such no nor not only own same so than too very s t can will just don should now"""
)
# Words people put round what they look for ("please show me something about..."), which no
# item needs to contain.
QUERY_FILLER = _listed(
    "please find show looking want need something anything stuff info information"
)

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
# What else a format's name means, so "sign language" finds a BSL version.
FORMAT_WORDS = {
    "bsl": "british sign language signed",
    "easy read": "easyread",
    "large print": "big",
    "audio": "listen spoken recording",
}

_stemmer = snowballstemmer.stemmer("english")


def words_of(phrase: str, *, query: bool = False) -> list[str]:
    """The stemmed words of a phrase, in order: no accents, no stop words."""
    plain = unicodedata.normalize("NFKD", phrase.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    dropped = STOP_WORDS | QUERY_FILLER if query else STOP_WORDS
    return _stemmer.stemWords([w for w in WORD.findall(plain) if w not in dropped])


@cache
def _synonyms() -> dict[str, frozenset[str]]:
    found: dict[str, frozenset[str]] = {}
    for group in SYNONYMS:
        stems = frozenset(words_of(group))
        for stem in stems:
            found[stem] = found.get(stem, frozenset()) | stems
    return found


def query_words(query: str) -> list[frozenset[str]]:
    """Each word of a query as the set of stored words that count as finding it (itself and
    its synonyms), without repeats, at most MOST_WORDS."""
    groups: list[frozenset[str]] = []
    for stem in words_of(query, query=True):
        group = _synonyms().get(stem, frozenset({stem}))
        if group not in groups:
            groups.append(group)
    return groups[:MOST_WORDS]


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

    def joined(*parts: str) -> str:
        return " ".join(words_of(" ".join(parts)))

    return ItemWords(
        id=item["id"],
        heading=joined(item["title"] or "", KIND_LABELS.get(item["kind"], item["kind"] or "")),
        about=joined(about, item["language"] or "", format_text),
        text=joined(item["body"] or ""),
        transcript=joined(item["transcript"] or ""),
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
    _store(connection, rows)
    return len(rows)


def _store(connection, rows: list[dict]) -> None:
    if not rows:
        return
    # A Connection knows its dialect; a Session knows it through its bind.
    dialect = getattr(connection, "dialect", None) or connection.get_bind().dialect
    if dialect.name == "sqlite":
        connection.execute(text(f"DELETE FROM {SQLITE_TABLE} WHERE rowid = :id"), rows)  # noqa: S608
        connection.execute(
            text(
                f"INSERT INTO {SQLITE_TABLE} (rowid, {', '.join(FIELDS)}) "  # noqa: S608
                "VALUES (:id, :heading, :about, :text, :transcript)"
            ),
            rows,
        )
    elif dialect.name == "postgresql":
        document = " || ".join(
            f"setweight(to_tsvector('simple', :{field}), '{POSTGRES_LABELS[field]}')"
            for field in FIELDS
        )
        connection.execute(
            text(f"UPDATE library_items SET {POSTGRES_COLUMN} = {document} WHERE id = :id"),  # noqa: S608
            rows,
        )


def index_item(item: LibraryItem) -> None:
    """Keep the index in step with an item and its files (call after flushing them)."""
    reindex(db.session, [item.id])


def create_index(connection) -> None:
    """Make the search index (SQLite's FTS5 table; PostgreSQL's words column and GIN index).

    The migrations make the same (they never import this module to make it); `db.create_all`
    does not.
    """
    if connection.dialect.name == "sqlite":
        connection.execute(
            text(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {SQLITE_TABLE} USING fts5("
                f"{', '.join(FIELDS)}, tokenize='unicode61')"
            )
        )
    elif connection.dialect.name == "postgresql":
        connection.execute(
            text(f"ALTER TABLE library_items ADD COLUMN IF NOT EXISTS {POSTGRES_COLUMN} tsvector")
        )
        connection.execute(
            text(
                f"CREATE INDEX IF NOT EXISTS {POSTGRES_INDEX} ON library_items "
                f"USING gin ({POSTGRES_COLUMN})"
            )
        )


def is_search_table(name: str) -> bool:
    """FTS5's own tables, which migrations create by hand and autogenerate must ignore."""
    return name == SQLITE_TABLE or name.startswith(SQLITE_TABLE + "_")


def made_by_hand(type_: str, name: str | None) -> bool:
    """The search tables, words column and index: migrations make them, not autogenerate."""
    if (type_, name) in {("index", POSTGRES_INDEX), ("column", POSTGRES_COLUMN)}:
        return True
    return type_ == "table" and bool(name) and is_search_table(name)


# --- Looking up -------------------------------------------------------------------------


def _sqlite_match(match: str) -> ColumnElement[bool]:
    # One query holds many lookups: each needs its own parameter name, hence `unique`.
    ids = text(f"SELECT rowid FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH :q")  # noqa: S608
    ids = ids.bindparams(bindparam("q", match, unique=True))
    return LibraryItem.id.in_(ids.columns(column("rowid", Integer)))


def _postgres_match(tsquery: str) -> ColumnElement[bool]:
    stored = literal_column(f"library_items.{POSTGRES_COLUMN}")
    return stored.op("@@")(func.to_tsquery("simple", tsquery))


def _found(group: frozenset[str], field: str | None = None) -> ColumnElement[bool]:
    """Items in which one of the group's words is stored (in `field`, or anywhere)."""
    words = sorted(group)  # only letters and digits (see WORD): safe inside both syntaxes
    if db.session.get_bind().dialect.name == "sqlite":
        match = "(" + " OR ".join(f'"{w}"' for w in words) + ")"
        if field:
            match = f"{field} : {match}"
        return _sqlite_match(match)
    label = f":{POSTGRES_LABELS[field]}" if field else ""
    tsquery = " | ".join(f"{w}{label}" for w in words)
    return _postgres_match(tsquery)


def _all_found(groups: list[frozenset[str]]) -> ColumnElement[bool]:
    """Items in which every word of the query is found: one lookup, not one per word."""
    words = [sorted(group) for group in groups]
    if db.session.get_bind().dialect.name == "sqlite":
        match = " AND ".join("(" + " OR ".join(f'"{w}"' for w in g) + ")" for g in words)
        return _sqlite_match(match)
    tsquery = " & ".join("(" + " | ".join(g) + ")" for g in words)
    return _postgres_match(tsquery)


def score(groups: list[frozenset[str]]) -> ColumnElement[int]:
    """Points for how well an item matches: for each word, its best field's weight."""
    total: ColumnElement[int] | None = None
    for group in groups:
        points = case(
            *((_found(group, field), WEIGHTS[field]) for field in FIELDS),
            else_=0,
        )
        total = points if total is None else total + points
    return total


def words_found(groups: list[frozenset[str]]) -> ColumnElement[int]:
    """How many of the query's words an item has."""
    total: ColumnElement[int] | None = None
    for group in groups:
        one = case((_found(group), 1), else_=0)
        total = one if total is None else total + one
    return total


@dataclass(frozen=True)
class Search:
    """A query made ready to look up: `every` selects items with all its words, `some`
    items with most of them (at least half), and `best_first` orders either."""

    groups: list[frozenset[str]]

    @property
    def every(self) -> ColumnElement[bool]:
        return _all_found(self.groups)

    @property
    def some(self) -> ColumnElement[bool]:
        # Any word first, which the index answers, so only those items are counted.
        any_word = _found(frozenset().union(*self.groups))
        return and_(any_word, words_found(self.groups) >= (len(self.groups) + 1) // 2)

    @property
    def can_loosen(self) -> bool:
        """Only a query of several words has items with some of them but not all."""
        return len(self.groups) > 1

    def best_first(self, *, loosened: bool = False) -> list[ColumnElement]:
        ranked = [score(self.groups).desc()]
        return [words_found(self.groups).desc(), *ranked] if loosened else ranked


def search_for(query: str) -> Search | None:
    """The query made ready to look up, or None when it has no words to look for."""
    groups = query_words(query)
    return Search(groups) if groups else None


def matching(query: str) -> ColumnElement[bool] | None:
    """A WHERE clause selecting items that contain every word of the query (None when the
    query has no words to look for)."""
    found = search_for(query)
    return found.every if found else None
