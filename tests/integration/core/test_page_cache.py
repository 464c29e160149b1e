"""Public pages kept in memory: served again only while nothing they show has changed."""

import pytest
from flask import Flask
from sqlalchemy import update

from portal import page_cache
from portal.events.models import Event
from portal.extensions import db
from portal.library.services import count
from tests.factories import make_booking, make_event, make_library_item
from tests.sql import queries_for


def test_a_second_visitor_gets_the_kept_page_for_one_query(app, client):
    event = make_event(title="Through their eyes")
    first, first_page = queries_for(client, f"/events/{event.id}")
    second, second_page = queries_for(app.test_client(), f"/events/{event.id}")

    assert first > 1
    assert second == 1  # the revision numbers, nothing else
    assert second_page == first_page


def test_an_edit_is_shown_at_once(app, client):
    event = make_event(title="Through their eyes")
    client.get(f"/events/{event.id}")

    event.title = "Through their eyes (new cast)"
    db.session.commit()

    assert "Through their eyes (new cast)" in client.get(f"/events/{event.id}").get_data(True)


def test_a_booking_made_with_a_guarded_update_changes_places_left_at_once(app, client):
    event = make_event(capacity=5)
    assert "5 places left" in client.get(f"/events/{event.id}").get_data(True)

    make_booking(event, adults=2)

    assert "3 places left" in client.get(f"/events/{event.id}").get_data(True)


def test_a_bulk_update_outside_the_booking_rules_also_counts_as_a_change(app, client):
    event = make_event(title="Old title")
    client.get(f"/events/{event.id}")
    db.session.execute(update(Event).where(Event.id == event.id).values(title="New title"))
    db.session.commit()
    assert "New title" in client.get(f"/events/{event.id}").get_data(True)


def test_a_rolled_back_change_does_not_count(app):
    event = make_event()
    before = page_cache.current_revisions()["sessions"]
    event.title = "Saved"
    db.session.commit()
    after_commit = page_cache.current_revisions()["sessions"]
    event.title = "Never saved"
    db.session.flush()
    db.session.rollback()
    db.session.commit()
    assert after_commit == before + 1
    assert page_cache.current_revisions()["sessions"] == after_commit


def test_counting_a_library_view_does_not_throw_pages_away(app):
    item = make_library_item(title="Our leaflet")
    before = page_cache.current_revisions()
    count(item.id, "views")
    db.session.commit()
    assert page_cache.current_revisions() == before


def test_kept_pages_expire_after_the_configured_time(app, client, monkeypatch):
    event = make_event(title="Title")
    now = [1000.0]
    monkeypatch.setattr(page_cache, "_now", lambda: now[0])
    client.get(f"/events/{event.id}")
    assert queries_for(client, f"/events/{event.id}")[0] == 1

    now[0] += app.config["PAGE_CACHE_SECONDS"] + 1

    assert queries_for(client, f"/events/{event.id}")[0] > 1


def test_signed_in_people_get_their_own_page_with_a_csrf_token(app, client, auth, member):
    event = make_event()
    shared = client.get(f"/events/{event.id}").get_data(as_text=True)
    auth.login(member.email)
    own = client.get(f"/events/{event.id}").get_data(as_text=True)

    assert 'name="csrf-token"' not in shared
    assert "Sign in" in shared
    assert 'name="csrf-token"' in own
    assert "Sign out" in own


def test_a_page_carrying_a_flash_message_is_neither_kept_nor_served_from_memory(app, client):
    event = make_event()
    other = app.test_client()
    other.get(f"/events/{event.id}")  # kept
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Your message was sent")]

    page = client.get(f"/events/{event.id}").get_data(as_text=True)

    assert "Your message was sent" in page
    assert "Your message was sent" not in other.get(f"/events/{event.id}").get_data(True)


def test_htmx_fragments_and_whole_pages_are_kept_apart(app, client):
    make_event(title="Listed session")
    whole = client.get("/events").get_data(as_text=True)
    fragment = client.get("/events", headers={"HX-Request": "true"}).get_data(as_text=True)
    whole_again = client.get("/events").get_data(as_text=True)

    assert "<html" in whole and "<html" not in fragment
    assert whole_again == whole


def test_missing_pages_are_not_kept(app, client):
    for _ in range(2):
        assert client.get("/events/999999").status_code == 404
    count, _ = queries_for(client, "/events/999999", status=404)
    assert count > 1  # the view ran again: nothing was served from memory


def test_only_the_query_parameters_a_page_declares_are_kept(app, client):
    make_event(title="Listed session")
    assert queries_for(client, "/events?audience=parents")[0] > 1
    assert queries_for(client, "/events?audience=parents")[0] == 1  # kept
    for url in ("/events?audience=parents&junk=1", "/library?q=beeping&junk=1"):
        client.get(url)
        assert queries_for(client, url)[0] > 1, url  # rendered every time, never kept


def test_a_search_is_kept_in_its_own_store_until_the_library_changes(app, client):
    make_library_item(title="Beeping crossings")
    client.get("/library?q=beeping")
    count, page = queries_for(client, "/library?q=beeping")
    assert count == 1 and "Beeping crossings" in page  # kept
    assert len(app.extensions["search_cache"]._pages) == 1
    assert len(app.extensions["page_cache"]._pages) == 0  # searches never push pages out

    make_library_item(title="Beeping lifts")

    assert "Beeping lifts" in client.get("/library?q=beeping").get_data(True)


def test_a_long_search_is_rendered_every_time(app, client):
    url = "/library?q=" + "beeping+" * 10
    client.get(url)
    assert queries_for(client, url)[0] > 1


def test_a_change_inside_a_rolled_back_savepoint_does_not_hide_the_outer_change(app):
    event = make_event(title="Before")
    before = page_cache.current_revisions()["sessions"]
    event.title = "After"
    db.session.flush()
    savepoint = db.session.begin_nested()
    event.summary = "Never saved"
    db.session.flush()
    savepoint.rollback()
    db.session.commit()

    assert page_cache.current_revisions()["sessions"] == before + 1
    db.session.expire_all()
    assert event.title == "After"
    assert event.summary != "Never saved"


def test_a_zero_lifetime_turns_keeping_off(make_app):
    other: Flask = make_app(PAGE_CACHE_SECONDS=0)
    with other.app_context():
        event = make_event()
        client = other.test_client()
        client.get(f"/events/{event.id}")
        assert queries_for(client, f"/events/{event.id}")[0] > 1


def test_a_booking_drops_the_pages_that_show_places_and_keeps_the_others(app, client):
    event = make_event(capacity=5)
    make_library_item(title="Our leaflet")
    pages = ["/", "/events", f"/events/{event.id}", "/library", "/pledges"]
    for url in pages:
        client.get(url)
        assert queries_for(client, url)[0] == 1, url  # kept

    make_booking(event, adults=2)

    rendered = {url: queries_for(client, url)[0] > 1 for url in pages}
    assert rendered == {
        "/": True,  # the home page shows a little of everything
        "/events": True,
        f"/events/{event.id}": True,
        "/library": False,
        "/pledges": False,
    }
    assert "3 places left" in client.get(f"/events/{event.id}").get_data(True)


def test_a_library_change_keeps_the_session_pages(app, client):
    event = make_event()
    item = make_library_item(title="Our leaflet")
    for url in (f"/events/{event.id}", "/library"):
        client.get(url)

    item.title = "Our new leaflet"
    db.session.commit()

    assert queries_for(client, f"/events/{event.id}")[0] == 1
    assert "Our new leaflet" in client.get("/library").get_data(True)


def test_with_one_global_revision_a_booking_drops_every_kept_page(make_app):
    """The benchmark's comparison setting (PAGE_CACHE_ONE_REVISION): one area for all."""
    one: Flask = make_app(PAGE_CACHE_ONE_REVISION=True)
    with one.app_context():
        event = make_event(capacity=5)
        make_library_item(title="Our leaflet")
        client = one.test_client()
        pages = [f"/events/{event.id}", "/library", "/pledges"]
        for url in pages:
            client.get(url)
            assert queries_for(client, url)[0] == 1, url  # kept

        make_booking(event, adults=2)

        assert {url: queries_for(client, url)[0] > 1 for url in pages} == dict.fromkeys(pages, True)


def test_every_table_is_quiet_or_in_an_area(app):
    areas = {
        mapper.local_table.name: page_cache.area_of(mapper.local_table)
        for mapper in db.Model.registry.mappers
    }
    assert areas["bookings"] == areas["events"] == areas["venues"] == "sessions"
    assert areas["pledges"] == areas["businesses"] == areas["visit_comments"] == "pledges"
    assert areas["library_items"] == areas["library_files"] == "library"
    assert areas["outbox_messages"] is None
    assert areas["job_runs"] is None
    assert set(areas.values()) <= {*page_cache.AREAS, None}


def test_a_shared_page_must_name_known_areas():
    with pytest.raises(ValueError, match="areas"):
        page_cache.shared_page(areas=("everything",))
    with pytest.raises(ValueError, match="areas"):
        page_cache.shared_page(areas=())
