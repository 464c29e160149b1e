"""Staff: the register on the day: who has arrived, who is late, who did not come, what
would help each party, and walk-ins added at the door."""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user

from portal.accounts.access import signed_in_recently
from portal.accounts.services import AccountError
from portal.dates import utcnow
from portal.errors import error_page
from portal.events.figures import register_counts
from portal.events.models import Booking, Event
from portal.events.queries import booking_by_reference, register_of
from portal.events.register import (
    NotOnRegister,
    UnknownRegisterAction,
    add_walk_in,
    mark_register,
    may_see_needs,
    needs_shown_on_register,
    needs_text,
)
from portal.events.services import (
    AlreadyBooked,
    BookingError,
    NotEnoughPlaces,
    walk_in_problem,
)
from portal.extensions import db
from portal.forms import EmptyForm
from portal.htmx import is_htmx, render
from portal.staff import bp
from portal.staff.forms.bookings import WalkInForm


def _register_context(event: Event, bookings: list[Booking], walk_in: WalkInForm | None = None):
    """What the register page and its rows need. Showing what would help is recorded
    (events/register.py), so the caller commits."""
    show_needs = signed_in_recently() and needs_shown_on_register(
        event, bookings, actor=current_user
    )
    walk_in = walk_in or WalkInForm(formdata=None)
    return {
        "event": event,
        "bookings": bookings,
        "counts": register_counts(event.id),
        "form": EmptyForm(),
        "walk_in": walk_in,
        "walk_in_problem": walk_in_problem(event, now=utcnow()),
        "error_forms": [walk_in],
        "show_needs": show_needs,
        "may_see_needs": may_see_needs(event, current_user),
        "needs_text": needs_text,
    }


def _no_store(response):
    # The register may show what would help (health data): never kept by a browser or proxy.
    response = make_response(response)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/sessions/<int:event_id>/register")
def register(event_id: int):
    """The register: one tap marks a party arrived; a walk-in is added at the door."""
    event = db.get_or_404(Event, event_id)
    context = _register_context(event, register_of(event.id))
    # Rendered before the commit (which records any viewing of needs), as the commit would
    # expire every booking and the page would load each one and its family again; a failed
    # commit still shows nothing.
    page = render_template("staff/register.html", **context)
    db.session.commit()
    return _no_store(page)


def _walk_in_refused(form: WalkInForm, error: BookingError | AccountError) -> None:
    if isinstance(error, AlreadyBooked):
        form.full_name.errors.append(
            f"They already have a booking: {error.booking.reference}. Find them on the register."
        )
    elif isinstance(error, NotEnoughPlaces):
        form.adults.errors.append(
            "This session is full: there are not enough places left for this party"
        )
    elif isinstance(error, AccountError):
        (form.email if form.email.data else form.phone).errors.append(str(error))
    else:
        form.full_name.errors.append(str(error))


@bp.route("/sessions/<int:event_id>/walk-in", methods=["POST"])
def add_walk_in_party(event_id: int):
    """Add a party who came without booking: booked (if places are left) and marked arrived
    in one step, then back to the register."""
    event = db.get_or_404(Event, event_id)
    form = WalkInForm()
    if form.validate_on_submit():
        try:
            booking = add_walk_in(event, **form.who(), actor=current_user, now=utcnow())
            db.session.commit()
        except (BookingError, AccountError) as error:
            db.session.rollback()
            _walk_in_refused(form, error)
        else:
            name, reference = booking.user.full_name, booking.reference
            flash(f"{name} added and marked arrived. Reference {reference}.", "success")
            return redirect(url_for("staff.register", event_id=event.id) + f"#booking-{booking.id}")
    event = db.get_or_404(Event, event_id)  # the rollback expired it
    context = _register_context(event, register_of(event.id), walk_in=form)
    page = render_template("staff/register.html", **context)  # before the commit, as above
    db.session.commit()
    response = _no_store(page)
    response.status_code = 400
    return response


@bp.route("/bookings/<reference>/arrival", methods=["POST"])
def mark_arrival(reference: str):
    """Mark a party arrived (or undo it, or record a no-show); htmx swaps just that row."""
    booking = booking_by_reference(reference) or abort(404)
    try:
        mark_register(booking, request.form.get("action", "arrived"), now=utcnow())
    except NotOnRegister:
        return error_page(
            409,
            heading="This family is no longer on the register",
            body="Their booking was cancelled after you opened the register.",
            back=(
                "Go back to the register",
                url_for("staff.register", event_id=booking.event_id),
            ),
        )
    except UnknownRegisterAction:
        abort(400)
    db.session.commit()
    if is_htmx():
        context = _register_context(booking.event, [booking])
        db.session.commit()
        return _no_store(render("staff/register_row.html", block="row", **context, booking=booking))
    return redirect(url_for("staff.register", event_id=booking.event_id) + f"#booking-{booking.id}")
