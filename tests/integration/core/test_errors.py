"""Every error a person can meet is a styled page, never a traceback."""

import pytest

from portal.extensions import db


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


@pytest.fixture
def app_without_its_database(tmp_path):
    """A portal whose database cannot be opened at all (the file's folder does not exist)."""
    from portal import create_app
    from portal.extensions import db
    from tests.conftest import make_config

    unreachable = f"sqlite:///{tmp_path / 'no-such-folder' / 'portal.db'}"
    app = create_app(make_config(unreachable, tmp_path))
    yield app
    with app.app_context():
        db.engine.dispose()


def test_a_database_that_cannot_be_reached_gives_a_busy_page_not_a_500(app_without_its_database):
    response = app_without_its_database.test_client().get("/events?audience=parents")
    _assert_styled(response, 503, "Sorry, the service is busy")
    assert response.headers["Retry-After"] == "30"
    assert 'href="/events?audience=parents">Try again' in response.get_data(as_text=True)


def test_the_busy_page_is_drawn_without_the_database_for_someone_signed_in(
    app_without_its_database,
):
    client = app_without_its_database.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "a-session-token"  # signed in: loading them needs the database
    response = client.get("/account")
    _assert_styled(response, 503, "Sorry, the service is busy")
    assert "Sign out" not in response.get_data(as_text=True)


def test_a_form_sent_while_the_database_is_away_says_nothing_was_saved(app_without_its_database):
    from tests.conftest import CSRF_META

    client = app_without_its_database.test_client()
    token = CSRF_META.search(client.get("/login").get_data(as_text=True)).group(1)
    response = client.post(
        "/login", data={"csrf_token": token, "email": "a@example.org", "password": "x" * 12}
    )
    _assert_styled(response, 503, "Nothing you sent has been saved")
    assert "Try again" not in response.get_data(as_text=True)  # a form is not sent twice


def test_a_database_failing_after_the_request_saved_does_not_say_nothing_was_saved(make_app):
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    from portal.extensions import db

    app = make_app(WTF_CSRF_ENABLED=False)

    @app.route("/saves-then-fails", methods=["POST"])
    def saves_then_fails():
        db.session.execute(text("SELECT 1"))
        db.session.commit()
        raise OperationalError("SELECT 1", {}, Exception("the server went away"))

    response = app.test_client().post("/saves-then-fails")
    _assert_styled(response, 503, "may have been saved")
    assert "Nothing you sent has been saved" not in response.get_data(as_text=True)


def test_a_request_that_finds_no_free_connection_gets_a_busy_page(make_app):
    busy = make_app(
        SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 1, "max_overflow": 0, "pool_timeout": 0.2}
    )
    with busy.app_context():
        held = db.engine.connect()  # the pool's only connection, busy elsewhere
        try:
            response = busy.test_client().get("/events")
        finally:
            held.close()

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert "Nothing you sent has been saved" in response.get_data(as_text=True)
