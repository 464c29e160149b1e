"""Every model, imported in one place so migrations and `create_all` see the whole schema."""

from portal.accounts.models import RecoveryCode, SecondFactor, User
from portal.audit.models import AuditEntry
from portal.events.models import Booking, Event, Feedback, RunningOrderItem, Venue, VisualStoryPhoto
from portal.groups.models import (
    ConcernReport,
    Group,
    GroupFollower,
    GroupLead,
    GroupUpdate,
    Meetup,
    MeetupReminder,
    MeetupSession,
)
from portal.jobs.models import JobRun
from portal.library.models import LibraryFile, LibraryItem, Suggestion
from portal.outbox.models import OutboxMessage
from portal.page_cache import ContentRevision
from portal.pledges.models import (
    Business,
    BusinessInvitation,
    BusinessPhoto,
    Commitment,
    Pledge,
    VisitComment,
)

__all__ = [
    "AuditEntry",
    "Booking",
    "Business",
    "BusinessInvitation",
    "BusinessPhoto",
    "Commitment",
    "ConcernReport",
    "ContentRevision",
    "Event",
    "Feedback",
    "Group",
    "GroupFollower",
    "GroupLead",
    "GroupUpdate",
    "JobRun",
    "LibraryFile",
    "LibraryItem",
    "Meetup",
    "MeetupReminder",
    "MeetupSession",
    "OutboxMessage",
    "Pledge",
    "RecoveryCode",
    "RunningOrderItem",
    "SecondFactor",
    "Suggestion",
    "User",
    "Venue",
    "VisitComment",
    "VisualStoryPhoto",
]
