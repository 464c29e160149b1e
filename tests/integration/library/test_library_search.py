"""Library search finds what people type, with the same answers on SQLite and PostgreSQL.

A small library like the real one, and the queries families and professionals type: the kind
("film", "video", "the film"), other formats ("easy read", "BSL"), who it is for, topics,
language and the words of the text. Every query runs on both databases (the `app` fixture
runs each test on each) and must find exactly the items listed, best first.
"""

from portal.dates import utcnow
from portal.extensions import db
from portal.library.queries import LibraryFilters, library_page
from portal.library.services import save_item
from tests.factories import make_library_item

LEAFLET = "Our autism leaflet, by Bromley parents"
SHOPS = "A day at the shops, by Bromley parents"
STORY = "Visual story: the Churchill Theatre studio"
DENTIST = "Going to the dentist"
CLASSROOM = "Autism in the classroom"
SECONDARY = "Starting secondary school"
POLISH = "Autyzm: ulotka dla rodziców"
MELTDOWNS = "Meltdowns and how to help"


def make_library():
    """Eight published items, oldest first, as staff would enter them."""
    make_library_item(
        title=LEAFLET,
        summary="What autism is, what helps, and who can help in Bromley.",
        body="## What helps\n\nWarn your child before things change. Use pictures to show "
        "what will happen. Find a quiet place when it gets too much.",
        audience="Parents and carers",
        topics="getting started, support",
        credits="Written by Bromley parents",
        formats=("Easy read",),
    )
    make_library_item(
        title=SHOPS,
        kind="film",
        summary="Parents and young people show what a busy shop feels like.",
        transcript="Welcome. We are Bromley parents.\n\nThis is what a busy shop feels like "
        "for our children: the beeping tills, the bright lights, the queues at the "
        "supermarket. A quiet hour makes a real difference.",
        credits="Made by Bromley parents and young people",
        topics="shops, sensory",
    )
    make_library_item(
        title=STORY,
        kind="visual-story",
        summary="What you will see when you come to a training session at the theatre.",
        body="1. The glass doors with a purple sign.\n\n2. The studio: chairs in a half circle."
        "\n\n3. The quiet room.",
        credits="Made by the training team",
    )
    make_library_item(
        title=DENTIST,
        kind="guide",
        summary="How to get ready for a check-up, step by step.",
        body="Visit the waiting room first. Ask for the first appointment of the day.",
        audience="Parents and carers",
        topics="health",
        formats=("Large print",),
    )
    make_library_item(
        title=CLASSROOM,
        kind="film",
        summary="Simple changes that help autistic pupils in class.",
        transcript="A visual timetable on the wall. A quiet corner. Warning before the bell.",
        audience="Teachers and school staff",
        topics="school",
        formats=("BSL video",),
    )
    make_library_item(
        title=SECONDARY,
        summary="What changes when you move up, and who to ask.",
        body="You will have a timetable and move between rooms.",
        audience="Young people",
        topics="school, moving on",
        formats=("Audio",),
    )
    make_library_item(
        title=POLISH,
        summary="Our parents' leaflet, in Polish.",
        language="Polish",
        topics="getting started",
    )
    make_library_item(
        title=MELTDOWNS,
        kind="guide",
        summary="What a meltdown is, and what helps during and after one.",
        body="A meltdown is not naughtiness. Keep calm, keep it quiet, and wait.",
        audience="Parents and carers",
        topics="behaviour",
    )


# query -> the items it must find, best first, and whether no item had every word (so the
# page says "No item has all of these words. These have some of them."). Ties in points go
# newest first: the library above was made oldest first, MELTDOWNS last.
QUERIES = {
    # The kind, with plurals, synonyms and small words around it.
    "film": ([CLASSROOM, SHOPS], False),
    "films": ([CLASSROOM, SHOPS], False),
    "video": ([CLASSROOM, SHOPS], False),
    "the film": ([CLASSROOM, SHOPS], False),
    "movie": ([CLASSROOM, SHOPS], False),
    "a film for teachers": ([CLASSROOM], False),
    "films for young people": ([SHOPS], False),
    "leaflet for parents": ([LEAFLET, POLISH], False),
    "leaflets": ([POLISH, SECONDARY, LEAFLET], False),
    "guide": ([MELTDOWNS, DENTIST], False),
    "visual story": ([STORY], False),
    "social story": ([STORY], False),
    # Other formats.
    "easy read": ([LEAFLET], False),
    "easy-read": ([LEAFLET], False),
    "large print": ([DENTIST], False),
    "BSL": ([CLASSROOM], False),
    "sign language": ([CLASSROOM], False),
    "audio": ([SECONDARY], False),
    # Topics, audience, language, credits, and the text.
    "dentist": ([DENTIST], False),
    "going to the dentist": ([DENTIST], False),
    "school": ([SECONDARY, CLASSROOM], False),
    "teachers": ([CLASSROOM], False),
    "Polish": ([POLISH], False),
    "leaflet in polish": ([POLISH], False),
    "for mums": ([SHOPS, LEAFLET, MELTDOWNS, POLISH, DENTIST], False),
    "training team": ([STORY], False),
    "theatre": ([STORY], False),
    "supermarket": ([SHOPS], False),
    "beeping tills": ([SHOPS], False),
    "meltdown": ([MELTDOWNS], False),
    "autistic": ([CLASSROOM, LEAFLET], False),
    "what is autism": ([CLASSROOM, LEAFLET], False),
    # Ranked: the body (2 points) above a transcript (1), whatever the dates.
    "quiet": ([MELTDOWNS, STORY, LEAFLET, CLASSROOM, SHOPS], False),
    # No item has every word: those with most of them.
    "dentist film": ([CLASSROOM, DENTIST, SHOPS], True),
    "leaflet about the dentist": ([POLISH, SECONDARY, DENTIST, LEAFLET], True),
    "easy read film about school": ([CLASSROOM, LEAFLET], True),
    # Nothing to look for, or nothing there.
    "for the": ([MELTDOWNS, POLISH, SECONDARY, CLASSROOM, DENTIST, STORY, SHOPS, LEAFLET], False),
    "xyzzy": ([], False),
    # Quotes and operators are only characters.
    'tills" OR "x': ([SHOPS], True),
}


def test_search_finds_what_people_type_the_same_on_both_databases(app):
    make_library()
    answers = {}
    for query in QUERIES:
        found = library_page(LibraryFilters(q=query))
        answers[query] = ([item.title for item in found.items], found.loosened)
    wrong = {query: answers[query] for query in QUERIES if answers[query] != QUERIES[query]}
    assert wrong == {}
    assert len(QUERIES) >= 20


def _titles(query: str) -> list[str]:
    return [item.title for item in library_page(LibraryFilters(q=query)).items]


def test_small_words_are_dropped_and_words_stemmed_alike_for_items_and_queries():
    from portal.library.search import words_of

    assert words_of("The films for Parents' café") == ["film", "parent", "cafe"]
    assert words_of("please show me information about the film", query=True) == ["film"]


def test_a_word_in_the_title_ranks_above_the_same_word_only_in_a_transcript(app):
    make_library_item(title="Sleep: a guide", kind="guide")
    make_library_item(title="Bedtime", kind="film", transcript="We talk about sleep a lot.")
    assert _titles("sleep") == ["Sleep: a guide", "Bedtime"]


def test_the_page_says_when_no_item_has_all_the_words(client):
    make_library()
    loosened = client.get("/library?q=dentist+film").get_data(as_text=True)
    assert "No item has all of these words. These have some of them." in loosened
    assert DENTIST in loosened and SHOPS in loosened
    exact = client.get("/library?q=the+film", headers={"HX-Request": "true"})
    page = exact.get_data(as_text=True)
    assert "2 items for “the film”" in page and "No item has all" not in page
    assert SHOPS in page and "<html" not in page


def test_changing_an_item_changes_what_finds_it(app):
    from portal.library.files import store_upload
    from portal.library.services import attach
    from tests.factories import LEAFLET_PDF, upload

    item = make_library_item(title="Haircuts")
    assert _titles("haircut") == ["Haircuts"]
    save_item(item, actor=None, now=utcnow(), title="The barber", summary="A short cut.")
    assert _titles("haircut") == [] and _titles("barber") == ["The barber"]
    assert _titles("large print") == []
    attach(
        item,
        store_upload(upload(LEAFLET_PDF, "big.pdf")),
        role="alternative",
        format_label="Large print",
    )
    db.session.commit()
    assert _titles("large print") == ["The barber"]


def test_reindex_stores_every_items_words_again(app):
    from sqlalchemy import text

    make_library()
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text("DELETE FROM library_search"))
    else:
        db.session.execute(text("UPDATE library_items SET search_words = NULL"))
    db.session.commit()
    assert _titles("film") == []
    result = app.test_cli_runner().invoke(args=["library", "reindex"])
    assert result.output == "Indexed 8 library items.\n"
    assert _titles("film") == [CLASSROOM, SHOPS]
