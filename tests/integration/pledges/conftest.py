"""Fixtures for the pledges tests."""

import pytest

from tests.factories import make_user


@pytest.fixture
def owner(app):
    """A member who will register a business and sign its pledge."""
    return make_user(email="owner@example.org", full_name="Ada Owner")
