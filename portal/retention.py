"""How long the portal keeps personal data: one list, read by `flask retention purge`, by the
privacy notice and (a test checks) by the README's configuration table.

Each period is a configuration key (see portal/config.py). The notice prints the configured
period and the purge deletes by it, so what we tell people and what the system does cannot
disagree. A rule whose `purge` is None would be a promise no purge keeps yet; the command says
so on every run, so nobody mistakes it for done (every rule has its purge today).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from flask import current_app

from portal.account_purges import (
    purge_inactive_accounts,
    purge_unconfirmed_accounts,
    warn_inactive_accounts,
)
from portal.audit.services import purge_audit_log
from portal.batches import BatchReport, run_each
from portal.consultations.services import purge_address_counts
from portal.events.drafts import purge_stale_drafts
from portal.events.follow_up import purge_access_needs, purge_feedback_text
from portal.outbox.services import purge_sent_bodies
from portal.pledges.owners import purge_old_invitations

DAYS_IN_A_YEAR = 365


def _inactive(now: datetime, days: int) -> int:
    # Warn those whose time is nearly up, then erase those warned long enough ago.
    warning_days = current_app.config["INACTIVE_ACCOUNT_WARNING_DAYS"]
    warn_inactive_accounts(now=now, days=days, warning_days=warning_days)
    return purge_inactive_accounts(now=now, days=days, warning_days=warning_days)


@dataclass(frozen=True)
class Rule:
    """One kind of personal data and how long we keep it."""

    key: str  # the configuration key holding the period: its name ends in _DAYS or _HOURS
    what: str  # what is deleted, in the privacy notice's words
    after: str  # when the period starts counting, read after the period: "after the session"
    done: str  # the purge command's line ({count}: how many records it changed), or its subject
    purge: Callable[[datetime, int], int] | None  # (now, period) -> count
    note: str = ""  # more for the notice; {KEY} becomes that key's period, as words


RULES: tuple[Rule, ...] = (
    Rule(
        key="ACCESS_NEEDS_RETENTION_DAYS",
        what="What you told us would help you or your child at a session",
        after="after the session",
        done="Deleted access needs from {count} bookings",
        purge=lambda now, days: purge_access_needs(now=now, days_after=days),
    ),
    Rule(
        key="BOOKING_DRAFT_HOURS",
        what="Your answers to a booking you did not finish",
        after="after the last answer",
        done="Deleted {count} unfinished bookings",
        # It reads BOOKING_DRAFT_HOURS itself: the booking journey forgets answers by it too.
        purge=lambda now, hours: purge_stale_drafts(now=now),
    ),
    Rule(
        key="OUTBOX_BODY_RETENTION_DAYS",
        what="The text of emails we send you",
        after="after the email is sent",
        done="Deleted the text of {count} emails",
        purge=lambda now, days: purge_sent_bodies(now=now, days=days),
        note="After that we keep only who we emailed, when, and the subject line, so we can "
        "check what we told you.",
    ),
    Rule(
        key="FEEDBACK_TEXT_RETENTION_DAYS",
        what="What you write when you tell us how a session went",
        after="after it is written",
        done="Deleted the words of {count} pieces of feedback",
        purge=lambda now, days: purge_feedback_text(now=now, days=days),
        note="We keep the scores you gave, to see how our sessions are doing.",
    ),
    Rule(
        key="AUDIT_LOG_RETENTION_DAYS",
        what="Our record of what staff do on the portal, such as who looked at what would help",
        after="after it is recorded",
        done="Deleted {count} audit log entries",
        purge=lambda now, days: purge_audit_log(now=now, days=days),
    ),
    Rule(
        key="INVITATION_RETENTION_DAYS",
        what="An invitation to help run a business, with the address it was sent to",
        after="after it is answered or runs out",
        done="Deleted {count} old invitations",
        purge=lambda now, days: purge_old_invitations(now=now, days=days),
    ),
    Rule(
        key="CONSULTATION_ADDRESS_RETENTION_DAYS",
        what="A scrambled form of your internet address, if you answer a consultation without "
        "signing in (it stops one address sending too many answers)",
        after="after the consultation closes",
        done="Deleted the scrambled addresses of {count} consultation answerers",
        purge=lambda now, days: purge_address_counts(now=now, days=days),
        note="Your answers stay, with no way to tell whose they are.",
    ),
    Rule(
        key="UNCONFIRMED_ACCOUNT_DAYS",
        what="An account whose email address was never confirmed",
        after="after it is made",
        done="Deleted {count} accounts whose address was never confirmed",
        purge=lambda now, days: purge_unconfirmed_accounts(now=now, days=days),
        note="Unless it has a booking: staff may have booked a place for you by phone.",
    ),
    Rule(
        key="INACTIVE_ACCOUNT_DAYS",
        what="An account nobody uses",
        after="after it was last signed in to or booked for",
        done="Deleted {count} accounts nobody uses",
        purge=lambda now, days: _inactive(now, days),
        note="We email you {INACTIVE_ACCOUNT_WARNING_DAYS} before, so you can sign in to keep it.",
    ),
)


# Every configuration key that holds a period: the rules' own, and the inactive-account warning.
PERIOD_KEYS: tuple[str, ...] = (
    *(rule.key for rule in RULES),
    "INACTIVE_ACCOUNT_WARNING_DAYS",
)


def _count(number: int, unit: str) -> str:
    return f"{number:,} {unit}" + ("" if number == 1 else "s")


def describe(key: str, number: int) -> str:
    """A period in words: "24 hours", "30 days", or "2 years" for a whole number of
    365-day years (the README gives the defaults in days)."""
    if key.endswith("_HOURS"):
        return _count(number, "hour")
    if number % DAYS_IN_A_YEAR == 0:
        return _count(number // DAYS_IN_A_YEAR, "year")
    return _count(number, "day")


def retention_period(key: str) -> str:
    """The configured period of `key`, in words (a template global)."""
    return describe(key, current_app.config[key])


@dataclass(frozen=True)
class Promise:
    """One line of the privacy notice's "How long we keep it"."""

    what: str
    how_long: str
    note: str


def promises(config: Mapping) -> list[Promise]:
    """What the privacy notice says about each rule, with the configured periods."""
    periods = {key: describe(key, config[key]) for key in PERIOD_KEYS}
    return [
        Promise(
            what=rule.what,
            how_long=f"{periods[rule.key]} {rule.after}",
            note=rule.note.format(**periods),
        )
        for rule in RULES
    ]


def purge_all(*, now: datetime, config: Mapping) -> tuple[list[str], BatchReport]:
    """Run every purge that exists, each with its configured period; one line of report per
    rule (a rule with no purge yet says so), and the report of which rules failed.

    Each rule is committed on its own (portal/batches.py): a rule that fails is rolled back,
    logged by its key and named in its line, and the other rules still run. Raises nothing of
    its own.
    """
    lines: dict[str, str] = {}

    def purge(rule: Rule) -> bool:
        period = f"{describe(rule.key, config[rule.key])} {rule.after}"
        if rule.purge is None:
            lines[rule.key] = f"{rule.done}: nothing deletes these yet (due {period}, {rule.key})"
            return False
        count = rule.purge(now, config[rule.key])
        lines[rule.key] = f"{rule.done.format(count=count)} ({period})"
        return True

    report = run_each(RULES, purge, what="Retention rule", item_id=lambda rule: rule.key)
    failed = "Nothing was deleted for {key}: it failed, see the log"
    return [lines.get(rule.key, failed.format(key=rule.key)) for rule in RULES], report
