"""Staff: book for someone who telephoned, and cancel a booking for someone."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.accounts.services import AccountError
from portal.dates import utcnow
from portal.events.models import BookingStatus, Event
from portal.events.queries import booking_by_reference, someone_waiting, waiting_position
from portal.events.services import (
    AlreadyBooked,
    BookingError,
    Needs,
    book_by_phone,
    cancel_booking_for,
)
from portal.extensions import db
from portal.forms import EmptyForm
from portal.staff import bp
from portal.staff.forms.bookings import PhoneBookingForm


@bp.route("/sessions/<int:event_id>/book", methods=["GET", "POST"])
def phone_booking(event_id: int):
    """Book for someone on the phone, with what would help if they agreed we keep it; an
    account is made for them if they have none (with no email address, they are told by
    phone)."""
    event = db.get_or_404(Event, event_id)
    form = PhoneBookingForm()
    if form.validate_on_submit():
        needs = Needs(
            adjustments=form.adjustments.data or [],
            note=form.note.data or "",
            consent=bool(form.consent.data),
        )
        try:
            booking = book_by_phone(
                event,
                **form.who(),
                needs=needs,
                actor=current_user,
                now=utcnow(),
            )
            db.session.commit()
        except AlreadyBooked as error:
            db.session.rollback()
            form.full_name.errors.append(f"They already have a booking: {error.booking.reference}")
        except (BookingError, AccountError) as error:
            db.session.rollback()
            (form.email if form.email.data else form.phone).errors.append(str(error))
        else:
            return redirect(url_for("staff.phone_booking_made", reference=booking.reference))
    return render_template("staff/phone_booking.html", event=event, form=form)


@bp.route("/bookings/<reference>/made")
def phone_booking_made(reference: str):
    """The reference to read out to the caller, and how they will hear about their booking
    (by email, or, with no email address, from us by phone)."""
    booking = booking_by_reference(reference) or abort(404)
    if booking.user is None:  # erased since: nobody to tell
        abort(404)
    return render_template(
        "staff/phone_booking_made.html",
        booking=booking,
        position=waiting_position(booking) if booking.status == BookingStatus.WAITING else None,
    )


@bp.route("/bookings/<reference>/cancel", methods=["GET", "POST"])
def cancel_for_someone(reference: str):
    """Cancel a booking or waiting-list place for someone, after the same "are you sure?" a
    family sees (freed places go to the waiting list)."""
    booking = booking_by_reference(reference) or abort(404)
    form = EmptyForm()
    if not form.validate_on_submit():
        if not booking.is_active:
            flash(f"Booking {booking.reference} is already cancelled.", "info")
            return redirect(url_for("staff.session", event_id=booking.event_id))
        return render_template(
            "events/cancel.html",
            booking=booking,
            form=form,
            for_someone=True,
            someone_waiting=someone_waiting(booking.event_id),
        )
    try:
        promoted = cancel_booking_for(booking, actor=current_user, now=utcnow())
    except BookingError as error:
        db.session.rollback()
        flash(str(error), "info")
    else:
        db.session.commit()
        families = "family was" if len(promoted) == 1 else "families were"
        note = f" {len(promoted)} waiting {families} booked in." if promoted else ""
        flash(f"Booking {booking.reference} cancelled.{note}", "success")
    return redirect(url_for("staff.session", event_id=booking.event_id))
