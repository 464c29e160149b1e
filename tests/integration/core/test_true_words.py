"""Public pages promise only what exists, the contact page says what to do today, the demo
data agrees with itself, and `make run` prints the address it really serves."""

import os
import subprocess
from pathlib import Path

from sqlalchemy import select

from portal.config import from_environment
from portal.events.models import Event, EventKind
from portal.extensions import db
from tests.factories import make_library_item

ROOT = Path(__file__).resolve().parents[3]


def test_the_home_page_invites_businesses_to_pledge_now(client):
    page = client.get("/").get_data(as_text=True)
    assert "Soon" not in page and "soon" not in page
    assert 'href="/pledges/sign"' in page


def test_the_home_page_names_no_other_format_when_none_is_published(client):
    make_library_item(title="A leaflet")
    make_library_item(title="Not out yet", status="draft", formats=("Large print",))

    page = client.get("/").get_data(as_text=True)

    assert "Some are also in" not in page
    assert "arge print" not in page and "asy read" not in page
    assert "captions" not in page


def test_the_home_page_names_the_other_formats_that_are_published(client):
    make_library_item(title="A leaflet", formats=("Easy read", "BSL"))
    make_library_item(title="Another", formats=("Large print",))
    make_library_item(title="Not out yet", status="draft", formats=("Audio",))

    page = client.get("/").get_data(as_text=True)

    assert "Some are also in BSL, easy read and large print." in page
    assert "udio" not in page


def test_a_library_item_never_reviewed_does_not_say_so_to_the_public(client):
    item = make_library_item(title="A leaflet")
    page = client.get(f"/library/{item.slug}").get_data(as_text=True)
    assert "Not yet reviewed" not in page
    assert "Last reviewed" not in page
    assert "Published" in page


def test_the_library_does_not_promise_captions_every_film_may_not_have(client):
    page = client.get("/library").get_data(as_text=True)
    assert "Films have captions" not in page


def test_the_contact_page_gives_the_phone_its_hours_and_what_to_do_today(app, client):
    app.config.update(CONTACT_PHONE="020 8000 1234", CONTACT_HOURS="Weekdays, 8am to 6pm")

    page = client.get("/contact").get_data(as_text=True)

    assert 'href="tel:02080001234"' in page and "020 8000 1234" in page
    assert "Weekdays, 8am to 6pm" in page
    assert "If your session is today and something has gone wrong" in page
    assert "cancel your booking" in page


def test_without_a_phone_the_contact_page_offers_none(app, client):
    phone = app.config["CONTACT_PHONE"]
    app.config["CONTACT_PHONE"] = ""
    page = client.get("/contact").get_data(as_text=True)
    assert phone not in page
    assert "tel:" + phone.replace(" ", "") not in page
    assert "If your session is today" in page


def test_the_phone_and_hours_are_settings_with_defaults(tmp_path):
    config = from_environment({"PORTAL_ENV": "development"}, instance_path=tmp_path)
    assert config["CONTACT_PHONE"] and config["CONTACT_HOURS"]
    config = from_environment(
        {"PORTAL_ENV": "development", "CONTACT_PHONE": "01234 567890", "CONTACT_HOURS": "Always"},
        instance_path=tmp_path,
    )
    assert (config["CONTACT_PHONE"], config["CONTACT_HOURS"]) == ("01234 567890", "Always")


# --- the demo data ------------------------------------------------------------------------


def test_demo_quiet_sessions_have_no_loud_scene_and_no_bright_light(app):
    app.test_cli_runner().invoke(args=["demo-data"])

    quiet = db.session.scalars(select(Event).where(Event.title.startswith("Quiet")))
    quiet = quiet.all()
    assert quiet
    for event in quiet:
        assert event.low_stimulus
        lighting = (event.lighting or event.venue.lighting).lower()
        noise = (event.noise or event.venue.noise).lower()
        assert "bright" not in lighting.replace("no bright", "")
        assert "raised voices" not in noise.replace("no loud sounds or raised voices", "")
        steps = " ".join(f"{s.title} {s.detail}" for s in event.running_order).lower()
        assert not any(step.intense for step in event.running_order)
        assert "loud" not in steps and "beep" not in steps.replace("no beeping", "")


def test_demo_coffee_mornings_are_drop_in_with_their_own_words(app, client):
    app.test_cli_runner().invoke(args=["demo-data"])

    from portal.groups.models import MeetupSession

    # The coffee mornings; a peer support group's meet-up with limited places is booked.
    meetups = select(MeetupSession.event_id)
    mornings = db.session.scalars(
        select(Event).where(Event.kind == EventKind.PEER_SUPPORT, Event.id.not_in(meetups))
    ).all()
    assert mornings
    for event in mornings:
        assert event.drop_in
        assert not event.running_order
        words = f"{event.description} {event.participation} {event.breaks}".lower()
        assert "scene" not in words and "act " not in words and "training" not in words
    page = client.get(f"/events/{mornings[0].id}").get_data(as_text=True)
    assert "no need to book" in page and "Book a place" not in page


def test_demo_data_still_has_a_booking_tomorrow_for_the_reminder(app):
    from portal.events.models import Booking

    result = app.test_cli_runner().invoke(args=["demo-data"])
    assert "A workshop tomorrow that the demo parent has booked" in result.output
    workshops = select(Booking).join(Event).where(Event.kind == EventKind.WORKSHOP)
    assert db.session.scalars(workshops).first() is not None


# --- the address `make run` prints --------------------------------------------------------


def test_demo_data_names_the_address_the_portal_is_served_at(app):
    app.config["PUBLIC_URL"] = "http://127.0.0.1:8123"
    result = app.test_cli_runner().invoke(args=["demo-data"])
    assert "sign in at http://127.0.0.1:8123/login" in result.output
    assert ":5000" not in result.output


def _run_with_worker(tmp_path, host: str, port: str, **env) -> str:
    flask = tmp_path / "flask"
    flask.write_text('#!/bin/sh\n[ "$3" = worker ] && exec sleep 5\nexit 0\n')
    flask.chmod(0o755)
    environ = {k: v for k, v in os.environ.items() if k != "PUBLIC_URL"} | env
    result = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [str(ROOT / "scripts" / "run-with-worker"), str(flask), host, port],
        capture_output=True,
        text=True,
        timeout=30,
        env=environ,
        check=False,
    )
    return result.stdout


def test_run_with_worker_prints_the_public_address(tmp_path):
    out = _run_with_worker(tmp_path, "127.0.0.1", "8123", PUBLIC_URL="http://127.0.0.1:8123")
    assert "The portal is running at http://127.0.0.1:8123" in out


def test_run_with_worker_prints_a_reachable_address_when_listening_everywhere(tmp_path):
    out = _run_with_worker(tmp_path, "0.0.0.0", "8200")  # noqa: S104 - the case under test
    assert "The portal is running at http://127.0.0.1:8200" in out
