"""Staff: the register on the day: who has arrived, who is late, who did not come."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for

from portal.dates import utcnow
from portal.errors import error_page
from portal.events.figures import register_counts
from portal.events.models import Event
from portal.events.queries import booking_by_reference, register_of
from portal.events.register import NotOnRegister, UnknownRegisterAction, mark_register
from portal.extensions import db
from portal.forms import EmptyForm
from portal.htmx import is_htmx, render
from portal.staff import bp


def _register_context(event: Event) -> dict:
    return {
        "event": event,
        "bookings": register_of(event.id),
        "counts": register_counts(event.id),
        "form": EmptyForm(),
    }


@bp.route("/sessions/<int:event_id>/register")
def register(event_id: int):
    """The register: one tap marks a party arrived."""
    event = db.get_or_404(Event, event_id)
    return render_template("staff/register.html", **_register_context(event))


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
    context = _register_context(booking.event)
    if is_htmx():
        return render(
            "staff/register_row.html",
            block="row",
            booking=booking,
            **{k: v for k, v in context.items() if k != "bookings"},
        )
    return redirect(url_for("staff.register", event_id=booking.event_id) + f"#booking-{booking.id}")
