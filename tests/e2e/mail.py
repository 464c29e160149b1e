"""Reading what the portal emailed, in browser tests: send what is due to the real local SMTP
server, then take a link out of the last message."""

import re
from email import message_from_bytes, policy

from portal.extensions import db
from portal.outbox.services import deliver_due


def emailed_link(live_server, inbox, path: str) -> str:
    """The first link to a URL starting with `path` in the last email sent."""
    with live_server.app.app_context():
        deliver_due()
        db.session.remove()
    email = message_from_bytes(inbox.messages[-1].content, policy=policy.default)
    text = email.get_body(preferencelist=("plain",)).get_content()
    return re.search(rf"(http://127\.0\.0\.1:\d+{re.escape(path)}\S+)", text).group(1)
