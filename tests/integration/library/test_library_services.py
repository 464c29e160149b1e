"""Library services: a family's suggestion kept for staff to answer, and what counts as a
download."""

import pytest

from portal.dates import utcnow
from portal.extensions import db
from portal.library.files import FileRefused
from portal.library.models import FileRole, LibraryItem, SuggestionStatus
from portal.library.queries import answered_suggestions, pending_suggestions
from portal.library.services import (
    FileMissing,
    NothingSuggested,
    count_download,
    publish,
    send_suggestion,
    upload_file,
)
from tests.factories import LEAFLET_PDF, make_library_item, upload
from tests.stored import library_folder


def test_suggesting_keeps_the_words_for_staff_to_read(app, member):
    suggestion = send_suggestion(
        "  A leaflet about the dentist, please ", user=member, now=utcnow()
    )
    assert suggestion.text == "A leaflet about the dentist, please"
    assert (suggestion.user_id, suggestion.item_id) == (member.id, None)
    assert suggestion.status == SuggestionStatus.PENDING
    assert pending_suggestions() == [suggestion]
    assert answered_suggestions() == []


def test_suggesting_about_an_item_names_the_item(app, member):
    item = make_library_item()
    suggestion = send_suggestion("Please add large print", user=member, item=item, now=utcnow())
    assert suggestion.item == item


def test_suggesting_only_spaces_is_refused(app, member):
    with pytest.raises(NothingSuggested):
        send_suggestion("   ", user=member, now=utcnow())
    assert pending_suggestions() == []


def test_fetching_a_whole_leaflet_counts_one_download(app):
    item = make_library_item()
    assert count_download(item.file(FileRole.MAIN), part_only=False)
    db.session.commit()
    assert db.session.get(LibraryItem, item.id).downloads == 1


def test_playing_a_film_or_fetching_part_of_a_file_is_no_download(app):
    film = make_library_item(kind="film")
    leaflet = make_library_item()
    assert not count_download(film.file(FileRole.MAIN), part_only=False)
    assert not count_download(leaflet.file(FileRole.MAIN), part_only=True)
    db.session.commit()
    assert {item.downloads for item in (film, leaflet)} == {0}


def test_a_leaflet_is_not_published_before_its_file_is_uploaded(app):
    leaflet = make_library_item(kind="guide", status="draft")
    leaflet.kind = "leaflet"
    with pytest.raises(FileMissing):
        publish(leaflet, actor=None, now=utcnow())
    assert leaflet.status == "draft"


def _stored(item: LibraryItem, role: str = FileRole.MAIN):
    return library_folder() / item.file(role).filename


def test_an_upload_rolled_back_leaves_no_file(app):
    item = make_library_item(kind="guide")

    attached = upload_file(item, upload(LEAFLET_PDF, "new.pdf"), role="alternative")
    path = library_folder() / attached.filename
    assert path.exists()
    db.session.rollback()

    assert not path.exists()


def test_a_replaced_file_is_deleted_only_once_the_replacement_commits(app):
    item = make_library_item()
    old = _stored(item)

    upload_file(item, upload(LEAFLET_PDF, "second.pdf"), role="main")
    assert old.exists()
    db.session.commit()

    assert not old.exists()
    assert _stored(item).exists()


def test_a_replacement_rolled_back_keeps_the_old_file(app):
    item = make_library_item()
    old = _stored(item)

    upload_file(item, upload(LEAFLET_PDF, "second.pdf"), role="main")
    db.session.rollback()

    assert old.exists()
    assert _stored(db.session.get(LibraryItem, item.id)) == old


def test_a_file_that_is_not_what_its_name_says_is_refused_and_not_stored(app):
    item = make_library_item(kind="guide")
    before = set(library_folder().glob("*"))

    with pytest.raises(FileRefused):
        upload_file(item, upload(b"<html>not a pdf</html>", "leaflet.pdf"), role="alternative")

    assert set(library_folder().glob("*")) == before
