"""Calendar files (iCalendar, RFC 5545) for one session and for the feed, with `icalendar`."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from flask import current_app
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from portal.dates import utcnow
from portal.events.models import Event, EventStatus
from portal.links import external_url
from portal.outbox.services import Attachment


def _calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Bromley Autism Portal//Training sessions//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Bromley autism training sessions")
    return calendar


def _component(event: Event, sequence: int = 0) -> CalendarEvent:
    host = urlsplit(current_app.config["PUBLIC_URL"]).hostname or "localhost"
    url = external_url("events.show", event_id=event.id)
    component = CalendarEvent()
    component.add("uid", f"event-{event.id}@{host}")
    component.add("dtstamp", utcnow())
    if sequence:
        component.add("sequence", sequence)
    component.add("dtstart", event.starts_at)
    component.add("dtend", event.ends_at)
    component.add("summary", event.title)
    component.add("location", f"{event.venue.name}, {event.venue.address}, {event.venue.postcode}")
    component.add(
        "description", f"{event.summary}\n\nWhat will happen and what the room is like: {url}"
    )
    component.add("url", url)
    if event.status == EventStatus.CANCELLED:
        component.add("status", "CANCELLED")
    else:
        component.add("status", "CONFIRMED")
    return component


def event_calendar(event: Event, sequence: int = 0) -> str:
    """A calendar file holding one session. Each file sent again for the same session (the
    same UID) carries a higher `sequence`, so calendars replace the old one with it."""
    calendar = _calendar()
    calendar.add_component(_component(event, sequence))
    return calendar.to_ical().decode()


def events_feed(events: Iterable[Event]) -> str:
    """A calendar feed of sessions."""
    calendar = _calendar()
    for event in events:
        calendar.add_component(_component(event))
    return calendar.to_ical().decode()


def calendar_attachment(event, sequence: int = 0) -> Attachment:
    """The session as a calendar file to attach to an email."""
    return Attachment(
        filename="session.ics", mimetype="text/calendar", text=event_calendar(event, sequence)
    )
