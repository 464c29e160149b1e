"""Every error a person can meet is a styled page, never a traceback."""

import pytest


def _assert_styled(response, code: int, text: str):
    page = response.get_data(as_text=True)
    assert response.status_code == code
    assert text in page
    assert "Bromley Autism Portal" in page
    assert 'lang="en-GB"' in page
    assert "Traceback" not in page
    assert "Werkzeug" not in page


def test_404_page(client):
    _assert_styled(client.get("/no-such-page"), 404, "Page not found")


def test_405_page_names_the_allowed_methods(client):
    response = client.delete("/privacy")
    _assert_styled(response, 405, "cannot be done here")
    assert "GET" in response.headers["Allow"]


def test_413_page_for_a_body_that_is_too_large(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = client.post("/login", data={"email": "x" * 5000})
    _assert_styled(response, 413, "too large")


def test_403_page(client, auth):
    from tests.factories import make_user

    auth.login(make_user(email="m@example.org").email)
    _assert_styled(client.get("/staff"), 403, "You do not have permission")


def test_429_page_after_ten_quick_wrong_passwords(client, member):
    statuses = [
        client.post_form("/login", {"email": member.email, "password": "wrong"}).status_code
        for _ in range(10)
    ]
    assert statuses[0] == 200
    assert statuses[-1] == 429
    response = client.post_form("/login", {"email": member.email, "password": "wrong"})
    _assert_styled(response, 429, "Too many attempts")


def test_the_per_email_limit_counts_every_spelling_of_an_address(client, member):
    spellings = ["parent@example.org", "Parent@Example.org", " PARENT@example.org "]
    statuses = [
        client.post_form(
            "/login", {"email": spellings[attempt % 3], "password": "wrong"}
        ).status_code
        for attempt in range(7)
    ]
    assert statuses == [200] * 6 + [429]


def test_the_per_address_limit_stops_guessing_across_many_emails(client):
    statuses = [
        client.post_form(
            "/login", {"email": f"person{n}@example.org", "password": "wrong"}
        ).status_code
        for n in range(9)
    ]
    assert statuses == [200] * 8 + [429]


def test_successful_sign_ins_do_not_use_up_the_limit(client, auth, member):
    for _ in range(12):
        assert auth.login(member.email).status_code == 302
        auth.logout()


@pytest.fixture
def app_with_a_broken_page(make_app):
    app = make_app(TESTING=False)

    @app.route("/broken")
    def broken():
        raise RuntimeError("a bug")

    return app


def test_500_page_hides_the_error(app_with_a_broken_page):
    response = app_with_a_broken_page.test_client().get("/broken")
    _assert_styled(response, 500, "Sorry, there is a problem with the service")
    assert "a bug" not in response.get_data(as_text=True)
