"""Every model, imported in one place so migrations and `create_all` see the whole schema."""

from portal.accounts.models import User
from portal.outbox.models import OutboxMessage

__all__ = ["OutboxMessage", "User"]
