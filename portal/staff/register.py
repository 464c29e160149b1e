"""Staff: the register on the day, phone bookings, and cancelling a booking for someone."""

from __future__ import annotations

import secrets

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from portal.accounts.models import Role
from portal.accounts.services import AccountError, find_user_by_email, register_user
from portal.audit.services import record
from portal.dates import utcnow
from portal.events.management import mark_no_show, set_arrival
from portal.events.models import Booking, BookingStatus, Event
from portal.events.queries import booking_by_reference
from portal.events.services import (
    AlreadyBooked,
    BookingError,
    Needs,
    NotEnoughPlaces,
    Party,
    book_places,
    cancel_booking,
    join_waiting_list,
)
from portal.extensions import db
from portal.forms import EmptyForm
from portal.htmx import is_htmx, render
from portal.staff import bp
from portal.staff.figures import register_counts
from portal.staff.forms.bookings import PhoneBookingForm


def _booking(reference: str) -> Booking:
    booking = booking_by_reference(reference)
    if booking is None:
        abort(404)
    return booking


def _register_context(event: Event) -> dict:
    bookings = db.session.scalars(
        select(Booking)
        .where(Booking.event_id == event.id, Booking.status == BookingStatus.CONFIRMED)
        .order_by(Booking.id)
    ).all()
    bookings = sorted(bookings, key=lambda b: b.user.full_name.lower() if b.user else "")
    return {
        "event": event,
        "bookings": bookings,
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
    booking = _booking(reference)
    action = request.form.get("action", "arrived")
    if booking.status != BookingStatus.CONFIRMED:
        abort(404)
    if action not in ("arrived", "undo", "no-show"):
        abort(400)
    if action == "no-show":
        mark_no_show(booking)
    else:
        set_arrival(booking, arrived=action == "arrived", now=utcnow())
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


@bp.route("/sessions/<int:event_id>/book", methods=["GET", "POST"])
def phone_booking(event_id: int):
    """Book for someone on the phone; an account is made for them if they have none."""
    event = db.get_or_404(Event, event_id)
    form = PhoneBookingForm()
    if form.validate_on_submit():
        now = utcnow()
        party = Party(
            adults=form.adults.data, children=form.children.data, carer=bool(form.carer.data)
        )
        try:
            person = find_user_by_email(form.email.data)
            if person is None:
                person = register_user(
                    email=form.email.data,
                    full_name=form.full_name.data,
                    password=secrets.token_urlsafe(24),
                    role=Role.MEMBER,
                )
            try:
                booking = book_places(event, person, party, Needs(), now=now)
            except NotEnoughPlaces:
                booking = join_waiting_list(event, person, party, Needs(), now=now)
            record(
                current_user,
                "booking made for someone",
                "booking",
                booking.id,
                f"{booking.reference} ({booking.status})",
                now=now,
            )
            db.session.commit()
        except AlreadyBooked as error:
            db.session.rollback()
            form.email.errors.append(f"They already have a booking: {error.booking.reference}")
        except (BookingError, AccountError) as error:
            db.session.rollback()
            form.email.errors.append(str(error))
        else:
            where = "on the waiting list" if booking.status == "waiting" else "booked"
            name = booking.user.full_name
            flash(f"{name} is {where}: {booking.reference}. They have been emailed.", "success")
            return redirect(url_for("staff.session", event_id=event.id))
    return render_template("staff/phone_booking.html", event=event, form=form)


@bp.route("/bookings/<reference>/cancel", methods=["POST"])
def cancel_for_someone(reference: str):
    """Cancel a booking or waiting-list place for someone (freed places go to the waiting list)."""
    booking = _booking(reference)
    try:
        promoted = cancel_booking(booking, now=utcnow())
    except BookingError as error:
        db.session.rollback()
        flash(str(error), "info")
    else:
        record(
            current_user, "booking cancelled for someone", "booking", booking.id, booking.reference
        )
        db.session.commit()
        families = "family was" if len(promoted) == 1 else "families were"
        note = f" {len(promoted)} waiting {families} booked in." if promoted else ""
        flash(f"Booking {booking.reference} cancelled.{note}", "success")
    return redirect(url_for("staff.session", event_id=booking.event_id))
