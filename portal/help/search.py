"""Help directory search: the library's engine (`portal.search`), the directory's words.

Each service is indexed in three fields, which rank a match:
  heading: the name and the kind ("crisis line", "benefits and money advice")   8 points a word
  about:   what they do, who it is for, the area                                4
  text:    the details and opening hours                                        2

The synonyms are the words families use for the same help ("money" finds benefits advice,
"EHCP" finds SEND support). Changing what a field holds needs `flask help reindex`.
"""

from __future__ import annotations

from sqlalchemy import bindparam, text

from portal.extensions import db
from portal.help.models import KIND_LABELS, HelpService
from portal.search import Search, SearchIndex, joined_words

SYNONYMS = (
    "crisis emergency urgent suicidal suicide",
    "helpline helplines phone call ring line talk",
    "benefit benefits money allowance dla pip grant grants finance",
    "send sen ehcp ehc special",
    "diagnosis diagnosed assessment assessed referral",
    "school schools education teacher teachers college",
    "parent parents mum mums mother mothers dad dads father fathers carer carers family families",
    "child children kid kids",
    "teen teens teenager teenagers adolescent",
    "autism autistic asd asc",
    "doctor doctors gp",
    "charity charities group groups",
    "mental wellbeing anxiety",
)
INDEX = SearchIndex(
    table="help_services",
    sqlite_table="help_search",
    weights={"heading": 8, "about": 4, "text": 2},
    synonyms=SYNONYMS,
)

SERVICE_COLUMNS = "id, kind, name, summary, details, who_for, area, opening_hours"


def service_words(service: dict) -> dict[str, object]:
    """The words to store for a service (a row of help_services as a dict)."""
    return {
        "id": service["id"],
        "heading": joined_words(service["name"], KIND_LABELS.get(service["kind"], "")),
        "about": joined_words(service["summary"], service["who_for"], service["area"]),
        "text": joined_words(service["details"], service["opening_hours"]),
    }


def reindex(connection, ids: list[int] | None = None) -> int:
    """Store the words of the services with these ids (every one when None), replacing what
    was stored. Plain SQL, so a migration can call it. Returns how many."""
    if ids is not None and not ids:
        return 0
    statement = text(f"SELECT {SERVICE_COLUMNS} FROM help_services")  # noqa: S608
    if ids is None:
        services = connection.execute(statement).mappings().all()
    else:
        statement = text(f"SELECT {SERVICE_COLUMNS} FROM help_services WHERE id IN :ids")  # noqa: S608
        statement = statement.bindparams(bindparam("ids", expanding=True))
        services = connection.execute(statement, {"ids": list(ids)}).mappings().all()
    rows = [service_words(dict(service)) for service in services]
    INDEX.store(connection, rows)
    return len(rows)


def index_service(service: HelpService) -> None:
    """Keep the index in step with a service (call after flushing it)."""
    reindex(db.session, [service.id])


def search_for(query: str) -> Search | None:
    """The query made ready to look up, or None when it has no words to look for."""
    return INDEX.search_for(query)
