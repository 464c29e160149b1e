"""Fixtures for the staff console's tests."""

import pytest


@pytest.fixture
def staff_client(client, auth, staff_user):
    """A client signed in as a member of staff."""
    auth.login(staff_user.email)
    return client
