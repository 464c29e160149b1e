"""One person's browser, talking to any host of a deployment over real HTTP.

The hosts run with production settings, so their cookies are marked Secure. Behind a load
balancer that ends TLS the browser still sends them; here the hosts are reached over plain HTTP
on 127.0.0.1, so the cookies are kept by hand (a cookie jar would hold them back) and sent to
whichever host the next request goes to, as one browser behind a load balancer would.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from http.cookies import SimpleCookie

import requests

CSRF = re.compile(r'name="csrf-token" content="([^"]+)"|name="csrf_token"[^>]*value="([^"]+)"')
TIMEOUT = 60


class Visitor:
    """Cookies shared by every host; redirects are not followed, so a test sees each one."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(self, method: str, url: str, **kwargs) -> requests.Response:
        headers = dict(kwargs.pop("headers", {}))
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        response = requests.request(
            method, url, headers=headers, allow_redirects=False, timeout=TIMEOUT, **kwargs
        )
        for line in response.raw.headers.getlist("Set-Cookie"):
            for name, morsel in SimpleCookie(line).items():
                if morsel.value == "" or morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, url: str, **kwargs) -> requests.Response:
        return self.request("GET", url, **kwargs)

    def token(self, url: str) -> str:
        """The CSRF token from the page at `url` (its form, or its meta tag)."""
        page = self.get(url).text
        found = CSRF.search(page)
        assert found, f"no CSRF token on {url}"
        return found.group(1) or found.group(2)

    def post(self, url: str, data: dict | list | None = None, *, form_at: str | None = None, **kw):
        """Post `data` with the CSRF token of the page at `form_at` (by default `url` itself)."""
        token = self.token(form_at or url)
        fields = list(data.items()) if isinstance(data, dict) else list(data or [])
        return self.request("POST", url, data=[("csrf_token", token), *fields], **kw)

    def sign_in(self, host: str, email: str, password: str = "correct horse battery") -> int:
        """Sign in at `host` with a password; returns the status (302 when signed in, or when
        a code is asked for next)."""
        return self.post(f"{host}/login", {"email": email, "password": password}).status_code


class _Forms(HTMLParser):
    """Every form on a page, as the name/value pairs a browser would send (checked boxes and
    radios, the chosen option, what is in each text box), without its buttons."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self._select: str | None = None
        self._first_option: str | None = None
        self._chosen = False
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.forms.append([])
        elif not self.forms:
            return
        elif tag == "input" and a.get("name") and a.get("type", "text") not in {"submit", "file"}:
            if a.get("type") in {"checkbox", "radio"} and "checked" not in a:
                return
            self.forms[-1].append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select, self._first_option, self._chosen = a.get("name"), None, False
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = a.get("value", "")
            if "selected" in a:
                self.forms[-1].append((self._select, a.get("value", "")))
                self._chosen = True
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), []

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            if not self._chosen and self._first_option is not None:
                self.forms[-1].append((self._select, self._first_option))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.forms[-1].append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None


def form_with(page: str, field: str) -> list[tuple[str, str]]:
    """The fields of the form on `page` that has a field called `field`."""
    parser = _Forms()
    parser.feed(page)
    for fields in parser.forms:
        if any(name == field for name, _ in fields):
            return fields
    raise AssertionError(f"no form with a {field!r} field on the page")
