"""Delivering one email over SMTP, with the settings under Flask-Mail's names."""

from __future__ import annotations

import contextlib
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

from portal.outbox.models import OutboxMessage


def build_email(message: OutboxMessage, sender: str) -> EmailMessage:
    """Turn an outbox row into a MIME message with plain-text and HTML parts."""
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False)
    domain = parseaddr(sender)[1].partition("@")[2] or "localhost"
    email["Message-ID"] = make_msgid(idstring=f"outbox-{message.id}", domain=domain)
    email.set_content(message.body_text)
    email.add_alternative(message.body_html, subtype="html")
    if message.attachment_text is not None:
        # Only text attachments are kept (calendar files): "text/calendar" -> subtype "calendar".
        subtype = (message.attachment_mimetype or "text/plain").partition("/")[2]
        email.add_attachment(
            message.attachment_text, subtype=subtype, filename=message.attachment_filename
        )
    return email


class SMTPTransport:
    """One SMTP connection, opened on the first message and reused for the rest of a run."""

    def __init__(self, config) -> None:
        self.host = config["MAIL_SERVER"]
        self.port = config["MAIL_PORT"]
        self.username = config["MAIL_USERNAME"]
        self.password = config["MAIL_PASSWORD"]
        self.use_tls = config["MAIL_USE_TLS"]
        self.use_ssl = config["MAIL_USE_SSL"]
        self.timeout = config["SMTP_TIMEOUT_SECONDS"]
        self.ca_file = config.get("MAIL_CA_FILE") or None
        self._connection: smtplib.SMTP | None = None

    def _tls_context(self) -> ssl.SSLContext:
        # The server's certificate and name are checked (smtplib checks neither unless given a
        # context), against the system's authorities or MAIL_CA_FILE's.
        return ssl.create_default_context(cafile=self.ca_file)

    def _connect(self) -> smtplib.SMTP:
        if self.use_ssl:
            connection: smtplib.SMTP = smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=self._tls_context()
            )
        else:
            connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            if self.use_tls:
                connection.starttls(context=self._tls_context())
        if self.username:
            connection.login(self.username, self.password)
        return connection

    def send(self, email: EmailMessage) -> None:
        if self._connection is None:
            self._connection = self._connect()
        self._connection.send_message(email)

    def close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(OSError):  # smtplib's errors are OSErrors too
                self._connection.quit()
            self._connection = None
