"""For business owners: book named staff onto training for businesses (pledges/training.py)."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from portal.dates import utcnow
from portal.events.models import Event, EventStatus
from portal.events.services import (
    AlreadyBooked,
    BookingError,
    EmailNotConfirmed,
    EventNotBookable,
    NotEnoughPlaces,
    PartyNotAllowed,
    TooManyBookings,
    booking_problem,
    max_places_per_session,
)
from portal.extensions import db, limiter
from portal.pledges import bp
from portal.pledges.business_routes import _own_business
from portal.pledges.forms import StaffTrainingForm
from portal.pledges.queries import businesses_of
from portal.pledges.training import (
    StaffNamesRefused,
    book_staff_training,
    business_training_sessions,
    is_business_training,
    training_booked,
)


def _training_event(event_id: int) -> Event:
    event = db.get_or_404(Event, event_id)
    if event.status == EventStatus.DRAFT or not is_business_training(event):
        abort(404)
    return event


@bp.route("/business/training/<int:event_id>")
@login_required
def train_staff(event_id: int):
    """Training for businesses is booked by a business: choose which one."""
    event = _training_event(event_id)
    businesses = businesses_of(current_user.id)
    if len(businesses) == 1:
        return redirect(
            url_for("pledges.book_training", slug=businesses[0].slug, event_id=event.id)
        )
    return render_template("pledges/training_choose.html", event=event, businesses=businesses)


@bp.route("/business/<slug>/training")
@login_required
def training(slug: str):
    """Training sessions for businesses, and the staff you have booked onto them."""
    business = _own_business(slug)
    now = utcnow()
    return render_template(
        "pledges/training.html",
        business=business,
        sessions=business_training_sessions(now=now),
        booked=training_booked(business, now=now),
        now=now,
    )


def _account_key() -> str:
    return f"book-account:{current_user.id if current_user.is_authenticated else ''}"


@bp.route("/business/<slug>/training/<int:event_id>", methods=["GET", "POST"])
@login_required
@limiter.limit("30 per hour", methods=["POST"], key_func=_account_key)
def book_training(slug: str, event_id: int):
    """Book named staff onto one training session: one place each."""
    business = _own_business(slug)
    event = _training_event(event_id)
    problem = booking_problem(event, now=utcnow())
    if problem:
        return render_template("events/not_bookable.html", event=event, message=problem), 409
    form = StaffTrainingForm()
    if form.validate_on_submit():
        try:
            booking = book_staff_training(
                event,
                business,
                current_user,
                (form.names.data or "").splitlines(),
                note=form.note.data or "",
                now=utcnow(),
            )
        except AlreadyBooked as error:
            db.session.rollback()
            flash("You have already booked this session. Here is your booking.", "info")
            return redirect(url_for("events.booking", reference=error.booking.reference))
        except EventNotBookable as error:
            db.session.rollback()
            return render_template("events/not_bookable.html", event=event, message=str(error)), 409
        except (
            StaffNamesRefused,
            PartyNotAllowed,
            NotEnoughPlaces,
            TooManyBookings,
            EmailNotConfirmed,
        ) as error:
            db.session.rollback()
            form.names.errors.append(_names_error(error, event))
        except BookingError as error:  # pragma: no cover - every kind is named above
            db.session.rollback()
            form.names.errors.append(str(error))
        else:
            db.session.commit()
            people = len(booking.trainees)
            flash(
                f"Training booked for {people} {'person' if people == 1 else 'people'}. "
                f"Your reference is {booking.reference}. We have emailed you the details.",
                "success",
            )
            return redirect(url_for("pledges.training", slug=business.slug))
    status = 400 if form.errors else 200
    return render_template(
        "pledges/training_book.html",
        business=business,
        event=event,
        form=form,
        most=min(event.places_left, max_places_per_session()),
    ), status


def _names_error(error: BookingError, event: Event) -> str:
    if isinstance(error, NotEnoughPlaces):
        left = event.places_left
        return (
            f"There {'is' if left == 1 else 'are'} only {left} "
            f"{'place' if left == 1 else 'places'} left. Book fewer people."
            if left
            else "This session is full. Choose another date."
        )
    return str(error)
