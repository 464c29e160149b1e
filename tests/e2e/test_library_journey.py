"""Staff publish a film with captions and a transcript, and a leaflet with an easy-read
version; a parent finds the film by a word only its transcript has, plays it with captions,
and downloads the easy-read leaflet. axe checks every page."""

from portal.demo.library import CAPTIONS, LEAFLET, film_clip, pdf_document
from portal.extensions import db
from tests.e2e.sign_in import sign_in
from tests.factories import make_user


def _create(staff, *, kind, title, summary, transcript=""):
    page = staff.page
    staff.goto("/staff/library/new")
    page.get_by_label("Kind").select_option(kind)
    page.get_by_label("Title").fill(title)
    page.get_by_label("Summary").fill(summary)
    if transcript:
        page.get_by_label("Transcript (films)").fill(transcript)
    page.get_by_role("button", name="Save").click()
    staff.check()


def _upload(staff, path, role, label=""):
    page = staff.page
    page.get_by_label("File", exact=True).set_input_files(str(path))
    page.get_by_label("What is it?").select_option(role)
    if label:
        page.get_by_label("Name of the other format (optional)").fill(label)
    page.get_by_role("button", name="Upload").click()
    page.get_by_text(f"Uploaded {path.name}").wait_for()
    staff.check()


def test_a_film_and_a_leaflet_from_upload_to_a_parent(open_page, live_server, tmp_path):
    with live_server.app.app_context():
        make_user(email="staff@example.org", full_name="Sam Staff", role="staff")
        db.session.remove()
    film = tmp_path / "a-day-at-the-shops.webm"
    film.write_bytes(film_clip())
    captions = tmp_path / "captions.vtt"
    captions.write_text(CAPTIONS)
    leaflet = tmp_path / "autism-leaflet.pdf"
    leaflet.write_bytes(pdf_document("Our autism leaflet", LEAFLET))
    easy = tmp_path / "autism-leaflet-easy-read.pdf"
    easy.write_bytes(pdf_document("Autism: easy read", LEAFLET[:1], large=True))

    staff = open_page(width=1280)
    sign_in(staff, live_server, "staff@example.org")
    _create(
        staff,
        kind="film",
        title="A day at the shops",
        summary="What a busy shop feels like.",
        transcript="The beeping tills and bright lights were too much for him.",
    )
    # A file that is not what its name says is refused, and the page says so (htmx on).
    fake = tmp_path / "not-a-film.webm"
    fake.write_bytes(b"<html>not a film</html>")
    staff.page.get_by_label("File", exact=True).set_input_files(str(fake))
    staff.page.get_by_role("button", name="Upload").click()
    staff.page.locator(".govuk-error-summary").get_by_text("This file is not really").wait_for()
    assert staff.page.title().startswith("Error: ")
    staff.check()
    _upload(staff, film, "main")
    _upload(staff, captions, "captions")
    staff.page.get_by_role("button", name="Publish").click()
    staff.check()
    assert "Published." in staff.page.content()

    _create(staff, kind="leaflet", title="Our autism leaflet", summary="Written by parents.")
    _upload(staff, leaflet, "main")
    _upload(staff, easy, "alternative", label="Easy read")
    staff.page.get_by_role("button", name="Publish").click()
    staff.check()

    parent = open_page(width=320)
    page = parent.page
    parent.goto("/library")
    page.get_by_label("Search").fill("beeping")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("heading", name="1 item for “beeping”").wait_for()
    parent.check()
    page.get_by_role("link", name="A day at the shops").click()
    parent.check()
    video = page.locator("video")
    assert video.get_attribute("autoplay") is None
    video.evaluate("v => v.play().catch(() => {})")
    page.wait_for_function(
        "() => { const t = document.querySelector('track'); return t && t.readyState === 2; }"
    )
    assert video.evaluate("v => v.textTracks[0].mode") == "showing"
    assert "The beeping tills" in page.content()  # the transcript is on the page

    parent.goto("/library?q=leaflet")
    page.get_by_role("link", name="Our autism leaflet").click()
    parent.check()
    with page.expect_download() as download:
        page.get_by_role("link", name="Easy read (PDF)").click()
    assert download.value.suggested_filename == "autism-leaflet-easy-read.pdf"
    assert download.value.path().read_bytes().startswith(b"%PDF-")
