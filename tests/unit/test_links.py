"""Redirect targets after sign-in stay on this site."""

import pytest

from portal.links import safe_next


@pytest.mark.parametrize("target", ["/account", "/events?month=2026-12", "/staff/outbox"])
def test_local_paths_are_kept(target):
    assert safe_next(target) == target


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)", "", None],
)
def test_anything_else_is_dropped(target):
    assert safe_next(target) is None
