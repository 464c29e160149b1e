"""Control characters (a NUL byte above all, which PostgreSQL refuses) never cause a server error:
removed from query and form values, refused in the path with a styled 400 page."""

import logging

import pytest
from werkzeug.datastructures import MultiDict

from portal.accounts.models import User
from portal.extensions import db
from portal.input_guard import CleanMultiDict, without_control_characters
from tests.factories import make_library_item


def test_values_keep_tab_and_line_breaks_but_lose_other_control_characters():
    assert without_control_characters("a\x00b\x0bc\x1fd\x7fe\tf\r\ng") == "abcde\tf\r\ng"
    assert without_control_characters("a\tb\nc", lines=False) == "abc"


def test_parameters_are_cleaned_as_they_are_parsed():
    cleaned = CleanMultiDict(MultiDict([("na\x00me", "Jo\x00"), ("na\x00me", "Sam\x0b")]))
    assert cleaned.getlist("name") == ["Jo", "Sam"]


@pytest.mark.parametrize(
    "url",
    [
        "/library?q=film%00",
        "/pledges?q=caf%00e",
        "/events?audience=%00",
        "/staff/people?q=%00",
        "/login?next=/account%00",
    ],
)
def test_a_nul_in_the_query_string_is_removed_not_a_server_error(client, url, caplog):
    make_library_item(title="Our film")
    with caplog.at_level(logging.ERROR):
        response = client.get(url)
    assert response.status_code in (200, 302)
    assert "Unhandled error" not in caplog.text


@pytest.mark.parametrize(
    "path", ["/bookings/BRM-%00", "/pledges/bean%00cafe", "/library/%00", "/media/a%00.jpg"]
)
def test_a_control_character_in_the_path_gets_a_styled_400(client, path, caplog):
    with caplog.at_level(logging.ERROR):
        response = client.get(path)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Sorry, we cannot open that web address" in page
    assert "govuk-template" in page  # the portal's own page, not Werkzeug's
    assert "Unhandled error" not in caplog.text


def test_a_nul_in_a_form_field_is_removed_and_what_was_typed_kept(client, caplog):
    with caplog.at_level(logging.ERROR):
        response = client.post_form(
            "/register",
            {
                "full_name": "Pri\x00ya Shah\x0b",
                "email": "priya@example.org\x00",
                "password": "correct horse battery",
            },
        )
    assert response.status_code == 200
    assert "Unhandled error" not in caplog.text
    person = db.session.scalar(db.select(User))
    assert (person.full_name, person.email) == ("Priya Shah", "priya@example.org")


def test_signing_in_with_a_nul_in_the_email_says_not_right_as_usual(client, auth, member):
    page = auth.login(member.email + "\x00", "wrong password").get_data(as_text=True)
    assert "Your email address or password is not right" in page
