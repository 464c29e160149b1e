"""Fixtures for the outbox's tests."""

import pytest


@pytest.fixture
def mail_to(app, smtp_server):
    """Point the app at the real local SMTP server."""
    inbox, port = smtp_server
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    return inbox
