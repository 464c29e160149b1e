"""The library: uploads checked by content, files served with range requests, search on both
databases, and drafts and archived items kept from the public."""

import io

import pytest

from portal.dates import utcnow
from portal.extensions import db
from portal.library.files import store_upload
from portal.library.models import LibraryItem
from tests.factories import LEAFLET_PDF as PDF
from tests.factories import make_library_item, upload

VTT = b"WEBVTT\n\n00:00.000 --> 00:02.000\nHello from Bromley parents\n"


def _url(item):
    f = item.files[0]
    return f"/library/files/{f.id}/{f.filename}"


def test_files_are_served_with_ranges_etags_and_a_download_name(client):
    item = make_library_item()
    full = client.get(_url(item))
    assert full.status_code == 200
    assert full.data == PDF
    assert full.headers["ETag"] and full.headers["Last-Modified"]
    assert "filename=leaflet.pdf" in full.headers["Content-Disposition"]
    full.close()

    part = client.get(_url(item), headers={"Range": "bytes=0-7"})
    assert part.status_code == 206
    assert part.data == PDF[:8]
    assert part.headers["Content-Range"] == f"bytes 0-7/{len(PDF)}"
    part.close()

    bad = client.get(_url(item), headers={"Range": f"bytes={len(PDF) + 10}-"})
    assert bad.status_code == 416
    bad.close()


def test_a_renamed_html_file_is_refused_and_nothing_is_kept(app):
    from portal.library.files import FileRefused
    from tests.stored import library_folder

    with pytest.raises(FileRefused, match="not really a PDF"):
        store_upload(upload(b"<html><script>alert(1)</script></html>", "leaflet.pdf"))
    with pytest.raises(FileRefused):
        store_upload(upload(b"<html>captions</html>", "captions.vtt"))
    assert not library_folder().exists() or not any(library_folder().iterdir())
    assert store_upload(upload(VTT, "captions.vtt")).mimetype == "text/vtt"


def test_an_oversized_upload_gets_a_styled_413(app, client, auth, staff_user):
    item = make_library_item()
    auth.login(staff_user.email)
    token = client.csrf_token()
    app.config["MAX_CONTENT_LENGTH"] = 2048
    response = client.post(
        f"/staff/library/{item.id}/files",
        data={"csrf_token": token, "role": "main", "file": (io.BytesIO(PDF * 2), "big.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert "That file is too large" in response.get_data(as_text=True)


def test_drafts_are_hidden_and_archived_items_say_where_to_go(client):
    draft = make_library_item(title="A draft leaflet", status="draft")
    archived = make_library_item(title="An old leaflet", status="archived")
    assert client.get(f"/library/{draft.slug}").status_code == 404
    assert client.get(_url(draft)).status_code == 404
    gone = client.get(f"/library/{archived.slug}")
    assert gone.status_code == 410
    assert "Read the 2027 leaflet instead." in gone.get_data(as_text=True)
    listing = client.get("/library").get_data(as_text=True)
    assert "A draft leaflet" not in listing and "An old leaflet" not in listing


SHARED_QUERIES = {
    "supermarket": {"Film about shopping"},
    "supermarkets": {"Film about shopping"},
    "quiet room": {"Leaflet for parents"},
    "parents": {"Leaflet for parents", "Film about shopping"},
    "beeping tills": {"Film about shopping"},
    'tills" OR "x': set(),
    "nothingmatches": set(),
}


def test_search_finds_the_same_items_on_sqlite_and_postgresql(client):
    make_library_item(title="Leaflet for parents", body="Ask for the quiet room at any time.")
    make_library_item(
        title="Film about shopping",
        kind="film",
        transcript="Parents told us the beeping tills at the supermarket were too loud.",
    )
    from portal.library.search import matching

    for query, expected in SHARED_QUERIES.items():
        clause = matching(query)
        found = set(db.session.scalars(db.select(LibraryItem.title).where(clause)))
        assert found == expected, query


def test_the_search_page_finds_words_only_in_a_transcript(client):
    make_library_item(
        title="Film about shopping", kind="film", transcript="The beeping tills were too loud."
    )
    page = client.get("/library?q=beeping").get_data(as_text=True)
    assert "Film about shopping" in page
    fragment = client.get("/library?q=beeping", headers={"HX-Request": "true"}).get_data(
        as_text=True
    )
    assert "Film about shopping" in fragment and "<html" not in fragment


def test_item_text_is_sanitised(client):
    item = make_library_item(
        title="Leaflet",
        body='Hello <script>alert(1)</script> [link](javascript:alert(1)) <a hx-get="/x">x</a>',
    )
    page = client.get(f"/library/{item.slug}").get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert 'href="javascript:' not in page
    assert "<a hx-get" not in page  # shown as text, never as a live htmx element
    assert db.session.get(LibraryItem, item.id).views == 1


def test_filters_by_kind_audience_topic_and_other_format(client):
    make_library_item(
        title="Leaflet for parents",
        audience="Parents and carers",
        topics="dentist, getting started",
        formats=("Easy read",),
    )
    make_library_item(title="Film about shopping", kind="film")

    def titles(query):
        page = client.get(f"/library?{query}").get_data(as_text=True)
        return {t for t in ("Leaflet for parents", "Film about shopping") if t in page}

    assert titles("kind=film") == {"Film about shopping"}
    assert titles("audience=Parents+and+carers") == {"Leaflet for parents"}
    assert titles("topic=dentist") == {"Leaflet for parents"}
    assert titles("format=Easy+read") == {"Leaflet for parents"}


def test_suggestions_appear_with_what_was_done_once_staff_publish_them(
    client, auth, member, staff_user
):
    from portal.library.models import Suggestion

    auth.login(member.email)
    client.post_form("/library/suggest", {"text": "A leaflet about the dentist, please"})
    assert "about the dentist" not in client.get("/you-said-we-did").get_data(as_text=True)
    auth.logout()
    auth.login(staff_user.email)
    suggestion = db.session.scalar(db.select(Suggestion))
    client.post_form(
        "/staff/library/suggestions",
        {"id": suggestion.id, "action": "publish", "response": "We wrote one."},
    )
    page = client.get("/you-said-we-did").get_data(as_text=True)
    assert "A leaflet about the dentist, please" in page and "We wrote one." in page


def test_items_due_for_review_are_listed_for_staff(client, auth, staff_user):
    from datetime import timedelta

    item = make_library_item(title="Old leaflet")
    item.review_due = (utcnow() + timedelta(days=10)).date()
    db.session.commit()
    auth.login(staff_user.email)
    page = client.get("/staff/library").get_data(as_text=True)
    assert "Due for review" in page and "Old leaflet" in page
    client.post_form(f"/staff/library/{item.id}/reviewed", {"note": "Still right"})
    assert db.session.get(LibraryItem, item.id).review_due > (utcnow() + timedelta(days=300)).date()


def test_demo_data_makes_a_real_pdf_and_film(app):
    result = app.test_cli_runner().invoke(args=["demo-data"])
    assert "a short film (WebM and MP4, with a poster) with captions" in result.output
    items = db.session.scalars(db.select(LibraryItem)).all()
    film = next(i for i in items if i.kind == "film")
    assert {(f.role, f.mimetype) for f in film.files} == {
        ("main", "video/webm"),
        ("encoding", "video/mp4"),
        ("poster", "image/jpeg"),
        ("captions", "text/vtt"),
    }
    assert film.sensory_note
    leaflet = next(i for i in items if i.kind == "leaflet")
    assert [f.format_label for f in leaflet.alternatives] == ["Easy read"]


def test_a_suggestion_is_published_only_with_what_was_done(app, member):
    from portal.library.services import ResponseMissing, answer_suggestion, send_suggestion

    suggestion = send_suggestion("A film in Polish, please", user=member, now=utcnow())
    with pytest.raises(ResponseMissing):
        answer_suggestion(suggestion, publish=True, response="  ", actor=None, now=utcnow())
    answer_suggestion(
        suggestion, publish=True, response="We added subtitles.", actor=None, now=utcnow()
    )
    assert (suggestion.status, suggestion.response) == ("published", "We added subtitles.")


def test_staff_save_an_item_then_upload_its_file_in_english_unless_told(client, auth, staff_user):
    auth.login(staff_user.email)
    client.post_form(
        "/staff/library/new",
        {"kind": "leaflet", "title": " Going to the dentist ", "summary": "What to expect."},
    )
    item = db.session.scalar(db.select(LibraryItem))
    assert (item.title, item.language) == ("Going to the dentist", "English")
    response = client.post(
        f"/staff/library/{item.id}/files",
        data={
            "csrf_token": client.csrf_token(),
            "role": "alternative",
            "format_label": "Easy read",
            "language": "",
            "file": (io.BytesIO(PDF), "easy.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    easy = db.session.get(LibraryItem, item.id).alternatives[0]
    assert (easy.format_label, easy.language) == ("Easy read", "English")


def test_item_text_is_styled_by_govuk_classes_the_text_itself_cannot_set(client):
    item = make_library_item(
        title="Minutes",
        body="## Who came\n\nTen people came.\n\n- Priya\n- Tom\n\n"
        '[The agenda](https://example.org/agenda) <p class="evil">x</p>',
    )
    page = client.get(f"/library/{item.slug}").get_data(as_text=True)
    assert '<h2 class="govuk-heading-m">Who came</h2>' in page
    assert '<p class="govuk-body">Ten people came.</p>' in page
    assert '<ul class="govuk-list govuk-list--bullet">' in page
    assert 'class="govuk-link"' in page
    assert '<p class="evil"' not in page  # shown as text, never as markup
