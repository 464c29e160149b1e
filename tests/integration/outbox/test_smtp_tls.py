"""Mail goes over TLS with the server's certificate checked: a local aiosmtpd server with a
certificate from a throwaway authority (trustme), trusted through MAIL_CA_FILE or not at all."""

import ssl

import pytest
import trustme
from aiosmtpd.controller import Controller

from portal.config import ConfigError, from_environment
from portal.extensions import db
from portal.outbox.models import OutboxMessage
from portal.outbox.services import deliver_due, queue_email
from tests.conftest import Inbox, free_port


@pytest.fixture(scope="module")
def authority():
    return trustme.CA()


@pytest.fixture
def ca_file(authority, tmp_path):
    path = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(path))
    return str(path)


def _server_context(authority) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    return context


@pytest.fixture
def starttls_server(authority):
    """An SMTP server that insists on STARTTLS before it takes any mail."""
    inbox = Inbox()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=free_port(),
        tls_context=_server_context(authority),
        require_starttls=True,
    )
    controller.start()
    yield inbox, controller.port
    controller.stop()


def _queue_one():
    queue_email(
        to="parent@example.org",
        subject="Your password has been changed",
        template="password_changed",
        user=type("Person", (), {"full_name": "Jo Parent"})(),
        reset_url="http://127.0.0.1:5000/password-reset",
    )
    db.session.commit()


def _use(app, port, **settings):
    app.config.update(
        MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=True, MAIL_USE_SSL=False, **settings
    )


def test_mail_is_sent_over_starttls_to_a_server_whose_certificate_is_trusted(
    app, starttls_server, ca_file
):
    inbox, port = starttls_server
    _use(app, port, MAIL_CA_FILE=ca_file)
    _queue_one()

    report = deliver_due()

    assert report.sent == 1
    assert [m.rcpt_tos for m in inbox.messages] == [["parent@example.org"]]


def test_a_certificate_the_client_does_not_trust_is_refused_and_the_mail_kept(app, starttls_server):
    inbox, port = starttls_server
    _use(app, port, MAIL_CA_FILE="")  # the system's authorities, which never signed this one
    _queue_one()

    report = deliver_due()

    assert report.sent == 0 and inbox.messages == []
    message = db.session.scalar(db.select(OutboxMessage))
    assert message.status == "pending"  # kept, to be retried once the server is put right
    assert "CERTIFICATE_VERIFY_FAILED" in message.last_error


def test_a_certificate_for_another_name_is_refused(app, authority, ca_file):
    inbox = Inbox()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("mail.example.org").configure_cert(context)
    controller = Controller(
        inbox, hostname="127.0.0.1", port=free_port(), tls_context=context, require_starttls=True
    )
    controller.start()
    try:
        _use(app, controller.port, MAIL_CA_FILE=ca_file)
        _queue_one()
        report = deliver_due()
    finally:
        controller.stop()

    assert report.sent == 0 and inbox.messages == []
    assert "127.0.0.1" in db.session.scalar(db.select(OutboxMessage.last_error))


def test_production_refuses_a_mail_password_without_tls(tmp_path):
    environ = {
        "PORTAL_ENV": "production",
        "SECRET_KEY": "x" * 40,
        "PUBLIC_URL": "https://portal.example.org",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "MAIL_SERVER": "smtp.example.org",
        "MAIL_USERNAME": "portal",
        "MAIL_PASSWORD": "secret",
    }
    with pytest.raises(ConfigError, match="unencrypted"):
        from_environment(environ, instance_path=tmp_path)
    from_environment({**environ, "MAIL_USE_TLS": "1"}, instance_path=tmp_path)
