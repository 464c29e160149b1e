"""Staff: create, change, publish and cancel sessions; see who is coming; tell them things."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.accounts.access import admin_required, recent_sign_in_required
from portal.accounts.queries import staff_people
from portal.dates import utcnow
from portal.events.figures import split_by_lead, upcoming_with_figures
from portal.events.models import ADJUSTMENT_LABELS, BookingStatus, Event, EventStatus
from portal.events.organising import (
    CapacityBelowBooked,
    NotAllowedNow,
    cancel_event,
    create_event,
    create_series,
    duplicate,
    message_people,
    preview_message,
    publish,
    set_leads,
    unpublish,
    update_event,
)
from portal.events.queries import bookings_of, venues_by_name
from portal.events.register import NotALead, may_see_needs, view_access_needs
from portal.extensions import db
from portal.forms import EmptyForm
from portal.staff import bp
from portal.staff.forms.sessions import (
    CancelEventForm,
    EventForm,
    LeadsForm,
    MessageForm,
    NewEventForm,
)


def _people(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _event(event_id: int) -> Event:
    return db.get_or_404(Event, event_id)


@bp.route("/sessions")
def sessions():
    """Upcoming and draft sessions, with places booked and waiting-list length."""
    show_past = request.args.get("past") == "1"
    rows = upcoming_with_figures(now=utcnow(), past=show_past)
    yours, others = split_by_lead(rows, current_user)
    return render_template("staff/sessions.html", yours=yours, others=others, show_past=show_past)


@bp.route("/sessions/new", methods=["GET", "POST"])
def new_session():
    """Create a session, or a weekly or monthly series of them, as drafts."""
    form = NewEventForm()
    if not form.set_venues(venues_by_name()):
        flash("Add a venue first: every session needs one.", "info")
        return redirect(url_for("staff.new_venue"))
    if form.validate_on_submit() and (details := form.details()):
        now = utcnow()
        if form.repeat.data in ("weekly", "monthly"):
            made = create_series(
                details,
                repeat=form.repeat.data,
                count=form.repeat_count.data,
                actor=current_user,
                now=now,
            )
            db.session.commit()
            flash(f"{len(made)} draft sessions created. Check them, then publish.", "success")
            return redirect(url_for("staff.sessions"))
        event = create_event(details, actor=current_user, now=now)
        db.session.commit()
        flash("Draft session created. Preview it, then publish.", "success")
        return redirect(url_for("staff.session", event_id=event.id))
    return render_template("staff/session_form.html", form=form, event=None)


@bp.route("/sessions/<int:event_id>/edit", methods=["GET", "POST"])
def edit_session(event_id: int):
    """Change a session; people booked are told if its time, date or venue changes."""
    event = _event(event_id)
    form = EventForm()
    form.set_venues(venues_by_name())
    if request.method == "GET":
        form.fill_from(event)
    if form.validate_on_submit() and (details := form.details(event)):
        try:
            report = update_event(event, details, actor=current_user, now=utcnow())
        except CapacityBelowBooked as error:
            db.session.rollback()
            form.capacity.errors.append(str(error))
        except NotAllowedNow as error:
            db.session.rollback()
            flash(str(error), "info")
            return redirect(url_for("staff.session", event_id=event.id))
        else:
            db.session.commit()
            message = "Session saved."
            if report.notified:
                told = _people(report.notified, "booked party was", "booked parties were")
                message += f" {told} told what changed."
            if report.promoted:
                moved = _people(report.promoted, "waiting family was", "waiting families were")
                message += f" {moved} booked in."
            flash(message, "success")
            return redirect(url_for("staff.session", event_id=event.id))
    return render_template("staff/session_form.html", form=form, event=event)


@bp.route("/sessions/<int:event_id>")
def session(event_id: int):
    """One session for staff: its state, what can be done, and who is coming."""
    event = _event(event_id)
    return render_template(
        "staff/session.html",
        event=event,
        may_see_needs=may_see_needs(event, current_user),
        booked=bookings_of(event.id, BookingStatus.CONFIRMED),
        waiting=bookings_of(event.id, BookingStatus.WAITING),
        form=EmptyForm(),
    )


@bp.route("/sessions/<int:event_id>/needs")
@recent_sign_in_required
def session_needs(event_id: int):
    """What would help each booked party: the session's leads and admins only; every viewing
    is recorded."""
    event = _event(event_id)
    try:
        bookings = view_access_needs(event, actor=current_user)
    except NotALead:
        abort(403)
    db.session.commit()
    response = render_template(
        "staff/session_needs.html", event=event, bookings=bookings, labels=ADJUSTMENT_LABELS
    )
    return response, 200, {"Cache-Control": "no-store"}


def _state_change(event_id: int, change, done: str):
    event = _event(event_id)
    try:
        result = change(event, actor=current_user, now=utcnow())
    except NotAllowedNow as error:
        db.session.rollback()
        flash(str(error), "info")
        return redirect(url_for("staff.session", event_id=event.id))
    db.session.commit()
    flash(done, "success")
    target = result.id if isinstance(result, Event) else event.id
    return redirect(url_for("staff.session", event_id=target))


@bp.route("/sessions/<int:event_id>/publish", methods=["POST"])
def publish_session(event_id: int):
    """Publish a draft."""
    return _state_change(event_id, publish, "Published: families can now see and book it.")


@bp.route("/sessions/<int:event_id>/unpublish", methods=["POST"])
def unpublish_session(event_id: int):
    """Hide a session again (only while nobody has booked)."""
    return _state_change(event_id, unpublish, "Unpublished: it is a draft again.")


@bp.route("/sessions/<int:event_id>/duplicate", methods=["POST"])
def duplicate_session(event_id: int):
    """Copy a session as a draft, a week later."""
    return _state_change(
        event_id, duplicate, "Copied as a draft, one week later. Check it, then publish."
    )


@bp.route("/sessions/<int:event_id>/cancel", methods=["GET", "POST"])
def cancel_session(event_id: int):
    """Cancel a session with a reason; everyone booked and waiting is told."""
    event = _event(event_id)
    if event.status == EventStatus.CANCELLED:
        flash("This session is already cancelled.", "info")
        return redirect(url_for("staff.session", event_id=event.id))
    form = CancelEventForm()
    if form.validate_on_submit():
        told = cancel_event(event, reason=form.reason.data, actor=current_user, now=utcnow())
        db.session.commit()
        flash(
            f"Session cancelled. {told} {'person was' if told == 1 else 'people were'} told.",
            "success",
        )
        return redirect(url_for("staff.session", event_id=event.id))
    return render_template("staff/session_cancel.html", event=event, form=form)


@bp.route("/sessions/<int:event_id>/message", methods=["GET", "POST"])
def message_session(event_id: int):
    """Email everyone booked (and the waiting list if ticked): first a preview of the exact
    email and how many people will get it, then send."""
    event = _event(event_id)
    form = MessageForm()
    step = request.form.get("step")
    if step != "change" and form.validate_on_submit():
        include_waiting = bool(form.include_waiting.data)
        preview = preview_message(
            event,
            subject=form.subject.data,
            body=form.body.data,
            include_waiting=include_waiting,
        )
        if step == "send" and preview.recipients and form.expected.data == preview.recipients:
            sent = message_people(
                event,
                subject=form.subject.data,
                body=form.body.data,
                include_waiting=include_waiting,
                actor=current_user,
                now=utcnow(),
            )
            db.session.commit()
            flash(f"Message queued for {_people(sent, 'person', 'people')}.", "success")
            return redirect(url_for("staff.session", event_id=event.id))
        changed = step == "send" and form.expected.data != preview.recipients
        return render_template(
            "staff/session_message_preview.html",
            event=event,
            form=form,
            preview=preview,
            changed=changed,
        )
    return render_template("staff/session_message.html", event=event, form=form)


@bp.route("/sessions/<int:event_id>/leads", methods=["GET", "POST"])
@admin_required
def session_leads(event_id: int):
    """Admins name the staff who run a session (they may read its access needs)."""
    event = _event(event_id)
    form = LeadsForm()
    people = staff_people()
    form.set_people(people)
    if request.method == "GET":
        form.leads.data = [lead.id for lead in event.leads]
    if form.validate_on_submit():
        chosen = [person for person in people if person.id in form.leads.data]
        set_leads(event, chosen, actor=current_user, now=utcnow())
        db.session.commit()
        flash("Saved who runs this session.", "success")
        return redirect(url_for("staff.session", event_id=event.id))
    return render_template("staff/session_leads.html", event=event, form=form)
