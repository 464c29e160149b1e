"""Public session pages: the list with filters, one session, and calendar files."""

from flask import Response, abort, render_template, request
from flask_login import current_user

from portal.dates import utcnow
from portal.events import bp
from portal.events.calendar import event_calendar, events_feed
from portal.events.forms import EventFilterForm
from portal.events.models import EventStatus
from portal.events.queries import (
    coming_months,
    event_for_page,
    feed_events,
    filter_choices,
    held_for,
    other_dates,
    upcoming_events,
)
from portal.events.services import booking_problem
from portal.htmx import render
from portal.page_cache import SESSIONS, shared_page


@bp.route("/events")
@shared_page(areas=(SESSIONS,), params=("audience", "kind", "month", "page"))
def index():
    """Upcoming sessions, filtered by audience, kind and month (htmx swaps just the results).
    The filters offer only choices that find something."""
    now = utcnow()
    choices = filter_choices(now, coming_months(now))
    form = EventFilterForm(request.args)
    form.set_choices(choices)
    if not form.validate():
        form = EventFilterForm()
        form.set_choices(choices)
    month = next((m for m in choices.months if m.value == form.month.data), None)
    page = max(request.args.get("page", 1, type=int), 1)
    filters = {
        "audience": form.audience.data or None,
        "kind": form.kind.data or None,
        "month": form.month.data or None,
    }
    events = upcoming_events(
        now=now, audience=filters["audience"], kind=filters["kind"], month=month, page=page
    )
    return render(
        "events/index.html",
        block="results",
        form=form,
        events=events,
        filters=filters,
        held=_held([event.id for event in events.items]),
    )


def _held(event_ids: list[int]) -> dict:
    """What the signed-in person holds for these sessions (nothing for visitors: those pages
    are the same for everyone, and kept in memory)."""
    if not current_user.is_authenticated:
        return {}
    return held_for(current_user.id, event_ids)


def _visible_event(event_id: int):
    event = event_for_page(event_id)
    if event is None:
        abort(404)
    staff = current_user.is_authenticated and current_user.is_staff
    if event.status == EventStatus.DRAFT and not staff:
        abort(404)
    return event


@bp.route("/events/<int:event_id>")
@shared_page(areas=(SESSIONS,))
def show(event_id: int):
    """One session: what will happen, what the room is like, and how to book."""
    event = _visible_event(event_id)
    now = utcnow()
    problem = booking_problem(event, now=now)
    held = _held([event.id]).get(event.id)
    # Another date helps whoever cannot have a place here: it is full, or they are waiting.
    looking = held.waiting if held else (event.is_full and not problem)
    user_id = current_user.id if current_user.is_authenticated else None
    return render_template(
        "events/show.html",
        event=event,
        problem=problem,
        held=held,
        other_dates=other_dates(event, now=now, user_id=user_id) if looking else [],
    )


def _calendar_response(body: str, filename: str) -> Response:
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/events/<int:event_id>.ics")
def calendar(event_id: int):
    """One session as a calendar file."""
    event = _visible_event(event_id)
    return _calendar_response(event_calendar(event), f"session-{event.id}.ics")


@bp.route("/events.ics")
def feed():
    """Every upcoming published session, as a calendar feed to subscribe to."""
    return _calendar_response(events_feed(feed_events(now=utcnow())), "bromley-sessions.ics")
