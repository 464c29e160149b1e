"""Calendar files (iCalendar) for a group's meet-ups, with `icalendar`: a repeating meet-up is
one event with its RRULE, so a calendar shows every date without us listing them."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app
from icalendar import Calendar, vRecur
from icalendar import Event as CalendarEvent

from portal.dates import utcnow
from portal.groups.models import Group, Meetup
from portal.groups.queries import live_meetups
from portal.links import external_url


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Bromley Autism Portal//Peer support groups//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _component(meetup: Meetup) -> CalendarEvent:
    host = urlsplit(current_app.config["PUBLIC_URL"]).hostname or "localhost"
    url = external_url("groups.show", slug=meetup.group.slug)
    component = CalendarEvent()
    component.add("uid", f"meetup-{meetup.id}@{host}")
    component.add("dtstamp", utcnow())
    # Local wall-clock times with their zone, so a repeating 10am stays 10am in summer.
    component.add("dtstart", meetup.local_start)
    component.add("dtend", meetup.ends(meetup.starts_at).astimezone(meetup.local_start.tzinfo))
    parts = meetup.rrule_parts()
    if parts:
        component.add("rrule", vRecur(parts))
    component.add("summary", f"{meetup.title} ({meetup.group.name})")
    component.add("location", meetup.place)
    booking = "Drop in." if meetup.is_drop_in else "Places are limited: book on the group's page."
    component.add("description", f"{meetup.details}\n\n{booking}\n{url}".strip())
    component.add("url", url)
    component.add("status", "CANCELLED" if meetup.cancelled_at else "CONFIRMED")
    return component


def group_calendar(group: Group) -> str:
    """Every live meet-up of a group."""
    calendar = _calendar(group.name)
    for meetup in live_meetups(group):
        calendar.add_component(_component(meetup))
    calendar.add_missing_timezones()
    return calendar.to_ical().decode()


def meetup_calendar(meetup: Meetup) -> str:
    """One meet-up (all its dates, if it repeats)."""
    calendar = _calendar(meetup.group.name)
    calendar.add_component(_component(meetup))
    calendar.add_missing_timezones()
    return calendar.to_ical().decode()
