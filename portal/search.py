"""Full-text search with the same answers on SQLite and PostgreSQL, for any part of the portal.

Python turns each record into words, and each query into words, in one way for both databases:
lower case without accents, stop words dropped, each word stemmed (Snowball English, so
"films" finds "film"). The databases only store and look up those words, never reading them
their own way: SQLite's FTS5 table with the plain `unicode61` tokenizer, and PostgreSQL's
`search_words` column of `to_tsvector('simple', ...)` with a GIN index. So a small word such as
"for" is dropped on both, and both find the same records.

A `SearchIndex` names one table's index: its fields, best first, with the points a word found
in each is worth, and its synonyms. Each word of a query counts the points of the best field it
is found in. The library (`portal.library.search`) and the help directory
(`portal.help.search`) each define one; they differ only in what they store and their synonyms.

Synonyms live on the query side, so changing them needs no reindex. Anything that changes the
stored words (the stemmer, the stop words, what each field holds) needs the domain's reindex
(and a migration that runs it).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

import snowballstemmer
from sqlalchemy import Integer, and_, bindparam, case, column, func, literal_column, text
from sqlalchemy.sql.elements import ColumnElement

from portal.extensions import db

POSTGRES_COLUMN = "search_words"
# PostgreSQL gives a word one of four weights: the fields of an index, best first.
POSTGRES_LABELS = "ABCD"
MOST_WORDS = 10

# Letters and digits; an underscore separates words, as it does for both databases.
WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _listed(words: str) -> frozenset[str]:
    return frozenset(words.split())


# PostgreSQL's English stop words (Snowball's list): dropped from records and queries alike.
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
# record needs to contain.
QUERY_FILLER = _listed(
    "please find show looking want need something anything stuff info information"
)

_stemmer = snowballstemmer.stemmer("english")


def words_of(phrase: str, *, query: bool = False) -> list[str]:
    """The stemmed words of a phrase, in order: no accents, no stop words."""
    plain = unicodedata.normalize("NFKD", phrase.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    dropped = STOP_WORDS | QUERY_FILLER if query else STOP_WORDS
    return _stemmer.stemWords([w for w in WORD.findall(plain) if w not in dropped])


def joined_words(*parts: str) -> str:
    """The stemmed words of several texts, as one string to store."""
    return " ".join(words_of(" ".join(p or "" for p in parts)))


def _dialect(connection):
    # A Connection knows its dialect; a Session knows it through its bind.
    return getattr(connection, "dialect", None) or connection.get_bind().dialect


_INDEXES: list[SearchIndex] = []


def search_indexes() -> list[SearchIndex]:
    """Every index the portal's domains have defined."""
    return list(_INDEXES)


def create_indexes(connection) -> None:
    """Make every domain's search index (for tests, which build the schema with `create_all`)."""
    for index in _INDEXES:
        index.create(connection)


def made_by_hand(type_: str, name: str | None) -> bool:
    """Any index's search tables, words column and GIN index: migrations make them by hand,
    and autogenerate must leave them alone."""
    return any(index.made_by_hand(type_, name) for index in _INDEXES)


@dataclass(frozen=True, eq=False)
class SearchIndex:
    """The search index of one table (`table`, whose `id` is the primary key).

    `weights` names the stored fields, best first, with the points a word found there is
    worth; `synonyms` are groups of words a person may type for the same thing (each word of a
    group finds all of it). On SQLite the words live in the FTS5 table `sqlite_table`, whose
    rowid is the record's id; on PostgreSQL in the table's own `search_words` column.
    """

    table: str
    sqlite_table: str
    weights: dict[str, int]
    synonyms: tuple[str, ...] = field(default=())

    def __post_init__(self):
        if len(self.weights) > len(POSTGRES_LABELS):
            raise ValueError("PostgreSQL weighs at most four fields")
        _INDEXES.append(self)

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(self.weights)

    @property
    def postgres_index(self) -> str:
        return f"ix_{self.table}_{POSTGRES_COLUMN}"

    def _label(self, field_name: str) -> str:
        return POSTGRES_LABELS[self.fields.index(field_name)]

    # --- Storing -------------------------------------------------------------------------

    def store(self, connection, rows: list[dict]) -> None:
        """Store each row's words (a dict with `id` and each field), replacing what was stored.

        `connection` is a Connection or a Session: anything with `execute`.
        """
        if not rows:
            return
        dialect = _dialect(connection)
        if dialect.name == "sqlite":
            connection.execute(
                text(f"DELETE FROM {self.sqlite_table} WHERE rowid = :id"),  # noqa: S608
                rows,
            )
            connection.execute(
                text(
                    f"INSERT INTO {self.sqlite_table} (rowid, {', '.join(self.fields)}) "  # noqa: S608
                    f"VALUES (:id, {', '.join(':' + f for f in self.fields)})"
                ),
                rows,
            )
        elif dialect.name == "postgresql":
            document = " || ".join(
                f"setweight(to_tsvector('simple', :{f}), '{self._label(f)}')" for f in self.fields
            )
            connection.execute(
                text(f"UPDATE {self.table} SET {POSTGRES_COLUMN} = {document} WHERE id = :id"),  # noqa: S608
                rows,
            )

    def forget(self, connection, ids: list[int]) -> None:
        """Remove these records' words (SQLite's table outlives the rows; PostgreSQL's column
        goes with its row)."""
        if ids and _dialect(connection).name == "sqlite":
            statement = text(f"DELETE FROM {self.sqlite_table} WHERE rowid IN :ids")  # noqa: S608
            statement = statement.bindparams(bindparam("ids", expanding=True))
            connection.execute(statement, {"ids": list(ids)})

    def create(self, connection) -> None:
        """Make the index (SQLite's FTS5 table; PostgreSQL's words column and GIN index).

        The migrations make the same (they never import this module to make it);
        `db.create_all` does not.
        """
        if connection.dialect.name == "sqlite":
            connection.execute(
                text(
                    f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.sqlite_table} USING fts5("
                    f"{', '.join(self.fields)}, tokenize='unicode61')"
                )
            )
        elif connection.dialect.name == "postgresql":
            connection.execute(
                text(
                    f"ALTER TABLE {self.table} ADD COLUMN IF NOT EXISTS {POSTGRES_COLUMN} tsvector"
                )
            )
            connection.execute(
                text(
                    f"CREATE INDEX IF NOT EXISTS {self.postgres_index} ON {self.table} "
                    f"USING gin ({POSTGRES_COLUMN})"
                )
            )

    def is_search_table(self, name: str) -> bool:
        """FTS5's own tables, which migrations create by hand and autogenerate must ignore."""
        return name == self.sqlite_table or name.startswith(self.sqlite_table + "_")

    def made_by_hand(self, type_: str, name: str | None) -> bool:
        """The search tables, words column and index: migrations make them, not autogenerate."""
        if (type_, name) in {("index", self.postgres_index), ("column", POSTGRES_COLUMN)}:
            return True
        return type_ == "table" and bool(name) and self.is_search_table(name)

    # --- Reading a query -----------------------------------------------------------------

    @cached_property
    def _synonyms(self) -> dict[str, frozenset[str]]:
        found: dict[str, frozenset[str]] = {}
        for group in self.synonyms:
            stems = frozenset(words_of(group))
            for stem in stems:
                found[stem] = found.get(stem, frozenset()) | stems
        return found

    def query_words(self, query: str) -> list[frozenset[str]]:
        """Each word of a query as the set of stored words that count as finding it (itself
        and its synonyms), without repeats, at most MOST_WORDS."""
        groups: list[frozenset[str]] = []
        for stem in words_of(query, query=True):
            group = self._synonyms.get(stem, frozenset({stem}))
            if group not in groups:
                groups.append(group)
        return groups[:MOST_WORDS]

    def search_for(self, query: str) -> Search | None:
        """The query made ready to look up, or None when it has no words to look for."""
        groups = self.query_words(query)
        return Search(self, groups) if groups else None

    def matching(self, query: str) -> ColumnElement[bool] | None:
        """A WHERE clause selecting records that contain every word of the query (None when
        the query has no words to look for)."""
        found = self.search_for(query)
        return found.every if found else None

    # --- Looking up ----------------------------------------------------------------------

    def _sqlite_match(self, match: str) -> ColumnElement[bool]:
        # One query holds many lookups: each needs its own parameter name, hence `unique`.
        ids = text(f"SELECT rowid FROM {self.sqlite_table} WHERE {self.sqlite_table} MATCH :q")  # noqa: S608
        ids = ids.bindparams(bindparam("q", match, unique=True))
        return literal_column(f"{self.table}.id").in_(ids.columns(column("rowid", Integer)))

    def _postgres_match(self, tsquery: str) -> ColumnElement[bool]:
        stored = literal_column(f"{self.table}.{POSTGRES_COLUMN}")
        return stored.op("@@")(func.to_tsquery("simple", tsquery))

    def found(self, group: frozenset[str], field_name: str | None = None) -> ColumnElement[bool]:
        """Records in which one of the group's words is stored (in `field_name`, or anywhere)."""
        words = sorted(group)  # only letters and digits (see WORD): safe inside both syntaxes
        if db.session.get_bind().dialect.name == "sqlite":
            match = "(" + " OR ".join(f'"{w}"' for w in words) + ")"
            if field_name:
                match = f"{field_name} : {match}"
            return self._sqlite_match(match)
        label = f":{self._label(field_name)}" if field_name else ""
        return self._postgres_match(" | ".join(f"{w}{label}" for w in words))

    def all_found(self, groups: list[frozenset[str]]) -> ColumnElement[bool]:
        """Records in which every word of the query is found: one lookup, not one per word."""
        words = [sorted(group) for group in groups]
        if db.session.get_bind().dialect.name == "sqlite":
            match = " AND ".join("(" + " OR ".join(f'"{w}"' for w in g) + ")" for g in words)
            return self._sqlite_match(match)
        return self._postgres_match(" & ".join("(" + " | ".join(g) + ")" for g in words))

    def score(self, groups: list[frozenset[str]]) -> ColumnElement[int]:
        """Points for how well a record matches: for each word, its best field's weight."""
        total: ColumnElement[int] | None = None
        for group in groups:
            points = case(*((self.found(group, f), self.weights[f]) for f in self.fields), else_=0)
            total = points if total is None else total + points
        return total

    def words_found(self, groups: list[frozenset[str]]) -> ColumnElement[int]:
        """How many of the query's words a record has."""
        total: ColumnElement[int] | None = None
        for group in groups:
            one = case((self.found(group), 1), else_=0)
            total = one if total is None else total + one
        return total


@dataclass(frozen=True)
class Search:
    """A query made ready to look up: `every` selects records with all its words, `some`
    records with most of them (at least half), and `best_first` orders either."""

    index: SearchIndex
    groups: list[frozenset[str]]

    @property
    def every(self) -> ColumnElement[bool]:
        return self.index.all_found(self.groups)

    @property
    def some(self) -> ColumnElement[bool]:
        # Any word first, which the index answers, so only those records are counted.
        any_word = self.index.found(frozenset().union(*self.groups))
        return and_(any_word, self.index.words_found(self.groups) >= (len(self.groups) + 1) // 2)

    @property
    def can_loosen(self) -> bool:
        """Only a query of several words has records with some of them but not all."""
        return len(self.groups) > 1

    def best_first(self, *, loosened: bool = False) -> list[ColumnElement]:
        ranked = [self.index.score(self.groups).desc()]
        if loosened:
            return [self.index.words_found(self.groups).desc(), *ranked]
        return ranked
