"""CSRF, security headers, access control and caching, checked on real responses."""

import base64
import hashlib
import re

import pytest
from werkzeug.routing import IntegerConverter

from tests.conftest import Auth
from tests.factories import make_user


def test_post_without_csrf_token_gets_a_styled_400_asking_to_reload(client):
    response = client.post("/login", data={"email": "a@example.org", "password": "x"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This page has expired" in page
    assert "Reload the page" in page


def test_htmx_posts_carry_the_csrf_token_in_a_header(client, auth, member):
    auth.login(member.email)
    token = client.csrf_token()
    without = client.post("/logout", headers={"HX-Request": "true"})
    with_header = client.post("/logout", headers={"HX-Request": "true", "X-CSRFToken": token})
    assert without.status_code == 400
    assert with_header.status_code == 302


def test_content_security_policy_allows_only_our_scripts_and_no_unsafe_inline(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]

    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "nonce-" not in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "base-uri 'none'" in policy
    page = response.get_data(as_text=True)
    inline = re.findall(r"<script>(.+?)</script>", page, re.DOTALL)
    assert inline, "GOV.UK's js-enabled snippet is inline"
    for body in inline:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    external = re.findall(r'<script[^>]* src="([^"]+)"', page)
    assert external and all(src.startswith("/static/dist/") for src in external)


def test_hardening_headers_are_sent(client):
    headers = client.get("/").headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in headers  # development is plain HTTP


def test_production_sends_hsts_and_secure_cookies(make_app):
    app = make_app(HSTS=True, SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    response = app.test_client().get("/privacy")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie


def test_pages_for_signed_in_people_are_never_cached(client, auth, member):
    assert "no-store" not in client.get("/privacy").headers.get("Cache-Control", "")
    auth.login(member.email)
    assert client.get("/account").headers["Cache-Control"] == "no-store"


def _staff_urls(app):
    """Every rule under /staff, with made-up values for its arguments."""
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/staff"):
            continue
        values = {
            name: 1 if isinstance(converter, IntegerConverter) else "x"
            for name, converter in rule._converters.items()
        }
        with app.test_request_context():
            from flask import url_for

            url = url_for(rule.endpoint, **values)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, url


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_every_staff_url_sends_anonymous_visitors_to_sign_in(app, client, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    urls = list(_staff_urls(app))
    assert len(urls) >= 4
    for method, url in urls:
        data = {"csrf_token": client.csrf_token()} if method == "POST" else None
        response = client.open(url, method=method, data=data, headers=headers)
        if htmx:  # htmx is told to load the sign-in page as a whole page
            assert response.status_code == 401, (method, url)
            assert response.headers["HX-Redirect"].startswith("/login?next="), (method, url)
        else:
            assert response.status_code == 302, (method, url)
            assert response.headers["Location"].startswith("/login?next="), (method, url)


@pytest.mark.parametrize("role", ["member", "business"])
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_every_staff_url_refuses_members_and_businesses(app, client, auth, role, htmx):
    user = make_user(email=f"{role}@example.org", role=role)
    auth.login(user.email)
    headers = {"HX-Request": "true"} if htmx else {}
    for method, url in _staff_urls(app):
        data = {"csrf_token": client.csrf_token()} if method == "POST" else None
        response = client.open(url, method=method, data=data, headers=headers)
        assert response.status_code == 403, (method, url)


def test_staff_and_admins_can_open_the_console(client, auth):
    for role in ("staff", "admin"):
        user = make_user(email=f"{role}@example.org", role=role)
        auth.login(user.email)
        assert client.get("/staff").status_code == 200
        auth.logout()


def test_forms_ignore_fields_they_do_not_declare(client):
    client.post_form(
        "/register",
        {
            "full_name": "Sneaky",
            "email": "sneaky@example.org",
            "password": "a long enough passphrase",
            "role": "admin",
        },
    )
    from portal.accounts.models import User
    from portal.extensions import db

    user = db.session.scalar(db.select(User))
    assert user.role == "member"


def test_role_decorators_let_in_only_the_roles_they_name(make_app):
    from portal.accounts.access import admin_required, staff_required

    app = make_app()

    @app.route("/test-admin-only")
    @admin_required
    def admin_only():
        return "admin page"

    @app.route("/test-staff-only")
    @staff_required
    def staff_only():
        return "staff page"

    client = app.test_client()
    assert client.get("/test-admin-only").status_code == 302
    with app.app_context():
        for email, role in [("s@example.org", "staff"), ("a@example.org", "admin")]:
            make_user(email=email, role=role)
    auth = Auth(client)
    auth.login("s@example.org")
    assert client.get("/test-staff-only").status_code == 200
    assert client.get("/test-admin-only").status_code == 403
    auth.logout()
    auth.login("a@example.org")
    assert client.get("/test-admin-only").get_data(as_text=True) == "admin page"


def test_an_untrusted_host_header_gets_a_plain_400_not_a_crash(make_app):
    app = make_app(TRUSTED_HOSTS=["portal.example.org"], TESTING=False)
    client = app.test_client()

    for path in ("/healthz", "/login", "/no-such-page"):
        response = client.get(path, headers={"Host": "evil.example"})
        assert response.status_code == 400, path
        assert response.mimetype == "text/plain"
    assert client.get("/healthz", headers={"Host": "portal.example.org"}).status_code == 200


def test_buttons_ignore_a_double_click(client):
    page = client.get("/register").get_data(as_text=True)
    assert 'data-prevent-double-click="true"' in page
