"""The privacy notice tells the truth: its controller, contact and every retention period come
from the configuration, and it says the same as the booking form about what would help."""

import re
from html import unescape

import pytest

from portal.retention import PERIOD_KEYS
from tests.factories import make_event

PROMISE = re.compile(r"<li><strong>(Who sees it|When it is deleted):</strong>(.*?)</li>", re.S)


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _promise(html: str) -> dict[str, str]:
    return {label: " ".join(words.split()) for label, words in PROMISE.findall(html)}


def _privacy(client) -> str:
    response = client.get("/privacy")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_notice_names_the_controller_and_the_contact_from_the_configuration(app, client):
    app.config.update(
        PRIVACY_CONTROLLER_NAME="London Borough of Bromley",
        PRIVACY_CONTACT_EMAIL="dpo@bromley.example.org",
        PRIVACY_CONTACT_ADDRESS="Civic Centre, Stockwell Close, Bromley BR1 3UH",
    )

    page = _text(_privacy(client))

    assert "London Borough of Bromley runs this website" in page
    assert 'the law calls us the "data controller"' in page
    assert "dpo@bromley.example.org" in page
    assert "Civic Centre, Stockwell Close, Bromley BR1 3UH" in page


def test_without_an_address_the_notice_does_not_offer_to_be_written_to(app, client):
    page = _text(_privacy(client))
    assert app.config["PRIVACY_CONTACT_ADDRESS"] == ""
    assert "write to us" not in page
    assert app.config["PRIVACY_CONTACT_EMAIL"] in page


def test_the_notice_states_every_retention_period_as_configured(app, client):
    page = _text(_privacy(client))
    for words in [
        "What you told us would help you or your child at a session Deleted 30 days after the "
        "session.",
        "Your answers to a booking you did not finish Deleted 24 hours after the last answer.",
        "The text of emails we send you Deleted 90 days after the email is sent. After that we "
        "keep only who we emailed, when, and the subject line",
        "What you write when you tell us how a session went Deleted 2 years after it is written. "
        "We keep the scores you gave",
        "Deleted 6 years after it is recorded.",
        "An account whose email address was never confirmed Deleted 30 days after it is made. "
        "Unless it has a booking",
        "An account nobody uses Deleted 3 years after it was last signed in to or booked for. "
        "We email you 30 days before",
    ]:
        assert words in page


@pytest.mark.parametrize("key", PERIOD_KEYS)
def test_changing_a_period_in_the_configuration_changes_the_notice(app, client, key):
    seventeen = "17 hours" if key.endswith("_HOURS") else "17 days"  # no default reads so
    assert seventeen not in _text(_privacy(client))

    app.config[key] = 17

    assert seventeen in _text(_privacy(client))


def test_the_notice_says_the_lawful_basis_the_rights_and_how_to_complain(client):
    html = _privacy(client)
    page = _text(html)
    assert "public task" in page and "Article 6(1)(e)" in page
    assert "explicit consent" in page and "Article 9(2)(a)" in page
    for right in ["get a copy", "correct it", "delete it", "stop using it"]:
        assert right in page
    assert 'href="/account"' in html
    for action in [
        "download your data",
        "change your name or email address",
        "delete your account",
    ]:
        assert action in page
    assert "administrators will do it for you" in page
    assert "Information Commissioner's Office (ICO)" in page
    assert 'href="https://ico.org.uk/make-a-complaint/"' in html
    assert "0303 123 1113" in page


def test_the_booking_form_and_the_notice_make_the_same_promise_about_what_would_help(
    app, client, auth, member
):
    app.config["ACCESS_NEEDS_RETENTION_DAYS"] = 45
    event = make_event()
    auth.login(member.email)
    client.post_form(
        f"/events/{event.id}/book/who",
        {"adults": 1, "children": 1, "children_ages": "6", "carer": "no"},
    )

    form = _promise(client.get(f"/events/{event.id}/book/needs").get_data(as_text=True))
    notice = _promise(_privacy(client))

    assert form == notice
    assert notice["Who sees it"] == (
        "only you, the staff who lead the session, and the portal's administrators."
    )
    assert notice["When it is deleted"].startswith("45 days after the session")
