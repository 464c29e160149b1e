"""The library's list query: search and filters over published items only, the choices the
filters offer, and a fixed number of queries however many items there are. Runs on SQLite
(the FTS5 table) and on PostgreSQL (the stored words column)."""

from datetime import timedelta

from portal.dates import utcnow
from portal.extensions import db
from portal.library.queries import LibraryFilters, all_items, due_for_review, library_page
from tests.factories import make_library_item
from tests.sql import recorded_statements


def _titles(**filters) -> set[str]:
    return {item.title for item in library_page(LibraryFilters(**filters)).items}


def test_a_kind_filter_lists_only_that_kind(app):
    make_library_item(title="A leaflet")
    make_library_item(title="A film", kind="film")
    assert _titles(kind="film") == {"A film"}


def test_an_unknown_kind_filters_nothing(app):
    make_library_item(title="A leaflet")
    make_library_item(title="A film", kind="film")
    assert _titles(kind="podcast") == {"A leaflet", "A film"}


def test_an_audience_filter_lists_only_items_for_that_audience(app):
    make_library_item(title="For parents", audience="Parents and carers")
    make_library_item(title="For teachers", audience="Teachers")
    assert _titles(audience="Parents and carers") == {"For parents"}


def test_a_topic_filter_finds_the_topic_among_an_items_topics(app):
    make_library_item(title="Dentist leaflet", topics="getting started, dentist")
    make_library_item(title="School leaflet", topics="school")
    assert _titles(topic="dentist") == {"Dentist leaflet"}


def test_a_topic_filter_reads_percent_signs_as_text(app):
    make_library_item(title="Dentist leaflet", topics="dentist")
    assert _titles(topic="%") == set()


def test_a_format_filter_lists_items_with_that_other_format(app):
    make_library_item(title="With easy read", formats=("Easy read",))
    make_library_item(title="Without")
    assert _titles(format_label="Easy read") == {"With easy read"}


def test_search_finds_words_only_in_a_transcript(app):
    make_library_item(title="A film", kind="film", transcript="The beeping tills were too loud.")
    make_library_item(title="A leaflet")
    assert _titles(q="beeping") == {"A film"}


def test_a_search_of_no_words_filters_nothing(app):
    make_library_item(title="A leaflet")
    assert _titles(q="!!") == {"A leaflet"}


def test_drafts_and_archived_items_are_never_listed(app):
    make_library_item(title="Draft about school", status="draft")
    make_library_item(title="Archived about school", status="archived")
    make_library_item(title="Published about school")
    assert _titles() == {"Published about school"}
    assert _titles(q="school") == {"Published about school"}


def test_items_come_newest_first_ten_to_a_page(app):
    for number in range(12):
        make_library_item(title=f"Guide {number:02d}", kind="guide")
    first = library_page(LibraryFilters())
    second = library_page(LibraryFilters(), page=2)
    assert first.items.total == 12
    assert [item.title for item in first.items][:2] == ["Guide 11", "Guide 10"]
    assert [item.title for item in second.items] == ["Guide 01", "Guide 00"]


def test_the_filters_offer_only_what_published_items_have(app):
    make_library_item(
        audience="Parents", topics="dentist, school", formats=("Easy read", "Large print")
    )
    make_library_item(audience="Teachers", topics="secret", formats=("Audio",), status="draft")
    found = library_page(LibraryFilters())
    assert found.audiences == ["Parents"]
    assert found.topics == ["dentist", "school"]
    assert found.formats == ["Easy read", "Large print"]


def _statements_for_a_page() -> int:
    with recorded_statements() as statements:
        found = library_page(LibraryFilters(q="guide", kind="guide"))
        [item.alternatives for item in found.items]
    return len(statements)


def test_a_page_takes_the_same_queries_with_six_times_the_items(app):
    for number in range(2):
        make_library_item(title=f"Guide {number}", kind="guide", formats=("Easy read",))
    few = _statements_for_a_page()
    for number in range(2, 12):
        make_library_item(title=f"Guide {number}", kind="guide", formats=("Easy read",))
    assert _statements_for_a_page() == few


def test_staff_see_every_item_whatever_its_status_newest_first(app):
    for status in ("published", "draft", "archived"):
        make_library_item(title=status, status=status)
    assert [item.title for item in all_items()] == ["archived", "draft", "published"]


def test_published_items_due_within_thirty_days_are_due_for_review(app):
    today = utcnow().date()
    soon = make_library_item(title="Due soon")
    later = make_library_item(title="Due later")
    draft = make_library_item(title="Draft", status="draft")
    soon.review_due, later.review_due = today + timedelta(days=30), today + timedelta(days=31)
    draft.review_due = today
    db.session.commit()
    assert [item.title for item in due_for_review(today=today)] == ["Due soon"]
