"""Help directory search finds what families type, with the same answers on SQLite and
PostgreSQL: the library's engine (portal/search.py) with the directory's own words.

Every query runs on both databases (the `app` fixture runs each test on each) and must find
exactly the services listed, best first; ties go by kind (crisis lines first), then name.
"""

from portal.dates import utcnow
from portal.help.queries import HelpFilters, help_page
from portal.help.services import archive, save_service
from tests.integration.help.directory import (
    ADULT_PATHWAY,
    CHILD_PATHWAY,
    FORUM,
    LOCAL_OFFER,
    MONEY,
    NAS,
    SAMARITANS,
    SENDIASS,
    YOUTH_CLUB,
    make_directory,
    make_help_service,
)

ALL = [SAMARITANS, NAS, LOCAL_OFFER, ADULT_PATHWAY, CHILD_PATHWAY, SENDIASS, MONEY, FORUM,
       YOUTH_CLUB]  # fmt: skip

# query -> the services it must find, best first, and whether none had every word.
QUERIES = {
    # The kind of help, with plurals and the words families use for it.
    "crisis": ([SAMARITANS], False),
    "emergency": ([SAMARITANS], False),
    "helpline": ([SAMARITANS, NAS], False),
    "benefits": ([MONEY, NAS], False),
    "money": ([MONEY, NAS], False),
    "DLA": ([MONEY, NAS], False),  # a benefit: finds "benefits" too
    "diagnosis": ([ADULT_PATHWAY, CHILD_PATHWAY, NAS, LOCAL_OFFER], False),
    "assessment": ([ADULT_PATHWAY, CHILD_PATHWAY, NAS, LOCAL_OFFER], False),
    # "SEND" in the name (8 points) above in the summary (4); a tie goes by kind.
    "EHCP": ([LOCAL_OFFER, SENDIASS, FORUM], False),
    "send": ([LOCAL_OFFER, SENDIASS, FORUM], False),
    "school": ([SENDIASS, NAS, CHILD_PATHWAY, LOCAL_OFFER], False),
    # Who it is for, the details, the area and the hours.
    "for mums": ([FORUM, NAS, LOCAL_OFFER, SENDIASS], False),  # "parent" in its name
    "teenagers": ([YOUTH_CLUB], False),
    "coffee morning": ([FORUM], False),
    "friday": ([YOUTH_CLUB, MONEY], False),
    "uk-wide": ([SAMARITANS, NAS], False),
    "autism diagnosis for adults": ([ADULT_PATHWAY], False),
    # No service has every word: those with most of them.
    "benefits for teenagers": ([MONEY, NAS, YOUTH_CLUB], True),
    # Nothing to look for, or nothing there; quotes and operators are only characters.
    "for the": (ALL, False),
    "xyzzy": ([], False),
    'crisis" OR "x': ([SAMARITANS], True),
}


def _names(query: str, **filters) -> list[str]:
    return [s.name for s in help_page(HelpFilters(q=query, **filters)).services.items]


def test_search_finds_what_families_type_the_same_on_both_databases(app):
    make_directory()
    answers = {}
    for query in QUERIES:
        found = help_page(HelpFilters(q=query))
        answers[query] = ([s.name for s in found.services.items], found.loosened)
    wrong = {query: answers[query] for query in QUERIES if answers[query] != QUERIES[query]}
    assert wrong == {}


def test_search_and_filters_narrow_each_other(app):
    make_directory()
    assert _names("autism", kind="diagnosis") == [ADULT_PATHWAY, CHILD_PATHWAY]
    assert _names("autism", age=8) == [NAS, CHILD_PATHWAY]
    assert _names("", area="UK-wide") == [SAMARITANS, NAS]
    assert _names("", age=30) == [SAMARITANS, NAS, ADULT_PATHWAY, MONEY]


def test_changing_or_archiving_a_service_changes_what_finds_it(app):
    service = make_help_service(name="Haircuts without tears", summary="A calm barber.")
    assert _names("barber") == ["Haircuts without tears"]
    save_service(service, actor=None, now=utcnow(), summary="A quiet salon.")
    assert _names("barber") == [] and _names("salon") == ["Haircuts without tears"]
    archive(service, note="", actor=None, now=utcnow())
    assert _names("salon") == []


def test_the_library_and_the_directory_do_not_find_each_others_records(app):
    from portal.library.queries import LibraryFilters, library_page
    from tests.factories import make_library_item

    make_library_item(title="Benefits explained", kind="guide")
    make_help_service(name="Benefits advice line", kind="benefits")
    assert _names("benefits") == ["Benefits advice line"]
    library = library_page(LibraryFilters(q="benefits")).items
    assert [item.title for item in library] == ["Benefits explained"]


def test_reindex_stores_every_services_words_again(app):
    from sqlalchemy import text

    from portal.extensions import db

    make_directory()
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text("DELETE FROM help_search"))
    else:
        db.session.execute(text("UPDATE help_services SET search_words = NULL"))
    db.session.commit()
    assert _names("crisis") == []
    result = app.test_cli_runner().invoke(args=["help", "reindex"])
    assert result.output == "Indexed 10 help services.\n"
    assert _names("crisis") == [SAMARITANS]
