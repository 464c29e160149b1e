"""The booking journey (who is coming, what would help, check, confirm) and your bookings."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.exc import OperationalError

from portal.dates import utcnow
from portal.errors import (
    committed_in_this_request,
    database_unavailable,
    error_page,
    handle_database_unavailable,
)
from portal.events import bp
from portal.events.drafts import draft_answers, drop_draft, save_answers
from portal.events.emails import booking_for_give_back
from portal.events.follow_up import FeedbackNotOpen, feedback_problem, record_feedback
from portal.events.forms import FeedbackForm, NeedsForm, WhoIsComingForm
from portal.events.models import (
    ADJUSTMENT_LABELS,
    Audience,
    Booking,
    BookingStatus,
    Event,
    EventStatus,
)
from portal.events.queries import (
    booking_by_reference,
    held_for,
    other_dates,
    someone_waiting,
    waiting_position,
)
from portal.events.services import (
    AlreadyBooked,
    BookingError,
    EventNotBookable,
    Needs,
    NotActive,
    NotEnoughPlaces,
    Party,
    TooManyBookings,
    book_places,
    booking_problem,
    cancel_booking,
    cancel_booking_as,
    change_booking,
    change_problem,
    join_waiting_list,
)
from portal.extensions import db, limiter
from portal.forms import EmptyForm


def _bookable_event(event_id: int) -> Event:
    event = db.get_or_404(Event, event_id)
    if event.status == EventStatus.DRAFT:
        abort(404)
    if event.audience == Audience.BUSINESSES and current_user.is_authenticated:
        # A business books named staff onto it, on its own form (pledges/training_routes.py).
        abort(redirect(url_for("pledges.train_staff", event_id=event.id)))
    return event


def _answers(event_id: int) -> dict:
    return draft_answers(current_user, event_id, now=utcnow())


def _save_answers(event_id: int, **answers) -> None:
    save_answers(current_user, event_id, now=utcnow(), **answers)
    db.session.commit()


def _party(answers: dict) -> Party | None:
    if "party" not in answers:
        return None
    return Party(**answers["party"])


def _needs(answers: dict) -> Needs:
    return Needs(**answers.get("needs", {}))


def _not_bookable(event: Event, message: str):
    return render_template("events/not_bookable.html", event=event, message=message), 409


def _account_key() -> str:
    return f"book-account:{current_user.id if current_user.is_authenticated else ''}"


def _existing_booking_redirect(booking: Booking):
    if booking.status == BookingStatus.WAITING:
        flash("You are already on the waiting list for this session. Here is your place.", "info")
    else:
        flash("You have already booked this session. Here is your booking.", "info")
    return redirect(url_for("events.booking", reference=booking.reference))


def _already_held(event: Event):
    """Starting a booking for a session you already hold a place for leads to that place."""
    held = held_for(current_user.id, [event.id]).get(event.id)
    return _existing_booking_redirect(held.booking) if held else None


def _other_dates(event: Event, places: int = 1) -> list[Event]:
    user_id = current_user.id if current_user.is_authenticated else None
    return other_dates(event, now=utcnow(), places=places, user_id=user_id)


@bp.errorhandler(OperationalError)
def booking_not_taken(error: OperationalError):
    """The database failed before the booking could start (the connection was cut between
    requests, say): the check page still says nothing was booked, and the answers wait in the
    draft for the next try. Other events pages answer as every page does."""
    booking = request.endpoint == "events.book_check" and request.method == "POST"
    if not booking or committed_in_this_request():
        return handle_database_unavailable(error)
    return database_unavailable(
        error,
        heading="Nothing has been booked",
        body="We could not take your booking just now. Your answers are kept: wait a minute, "
        "then try again.",
        retry_url=url_for("events.book_check", event_id=request.view_args["event_id"]),
    )


@bp.route("/events/<int:event_id>/book")
def book(event_id: int):
    """Start booking: check the session can be booked, and that we know who you are."""
    event = _bookable_event(event_id)
    problem = booking_problem(event, now=utcnow())
    if problem:
        return _not_bookable(event, problem)
    if not current_user.is_authenticated:
        others = _other_dates(event) if event.is_full else []
        return render_template("events/book_start.html", event=event, other_dates=others)
    return redirect(url_for("events.book_who", event_id=event.id))


@bp.route("/events/<int:event_id>/book/who", methods=["GET", "POST"])
@login_required
def book_who(event_id: int):
    """Who is coming: adults, children and whether a carer comes."""
    event = _bookable_event(event_id)
    problem = booking_problem(event, now=utcnow())
    if problem:
        return _not_bookable(event, problem)
    if held := _already_held(event):
        return held
    party = _party(_answers(event.id))
    form = WhoIsComingForm(
        data={**vars(party), "carer": "yes" if party.carer else "no"} if party else None
    )
    if form.validate_on_submit():
        _save_answers(
            event.id,
            party={
                "adults": form.adults.data,
                "children": form.children.data,
                "children_ages": (form.children_ages.data or "").strip(),
                "carer": form.carer.data == "yes",
            },
        )
        # The session's id from the URL: the commit expired `event`, and reading it would load
        # the session again just to say where to go.
        if request.args.get("change"):
            return redirect(url_for("events.book_check", event_id=event_id))
        return redirect(url_for("events.book_needs", event_id=event_id))
    others = _other_dates(event) if event.is_full else []
    return render_template("events/book_who.html", event=event, form=form, other_dates=others)


@bp.route("/events/<int:event_id>/book/needs", methods=["GET", "POST"])
@login_required
def book_needs(event_id: int):
    """What would help (all optional), with a separate consent to keep it."""
    event = _bookable_event(event_id)
    if held := _already_held(event):
        return held
    answers = _answers(event.id)
    if _party(answers) is None:
        return redirect(url_for("events.book_who", event_id=event.id))
    needs = _needs(answers)
    form = NeedsForm(
        data={"adjustments": needs.adjustments, "note": needs.note, "consent": needs.consent}
    )
    if form.validate_on_submit():
        _save_answers(
            event.id,
            needs={
                "adjustments": form.adjustments.data or [],
                "note": (form.note.data or "").strip(),
                "consent": bool(form.consent.data),
            },
        )
        return redirect(url_for("events.book_check", event_id=event_id))  # as in book_who
    return render_template("events/book_needs.html", event=event, form=form)


@bp.route("/events/<int:event_id>/book/check", methods=["GET", "POST"])
@login_required
# Per address, generously: families behind one address (a school, a library, a family centre's
# wifi) book together, and 20 an hour for the whole address (the old limit) locked the 21st
# family out. The limits that matter are per account: MAX_ACTIVE_BOOKINGS and
# MAX_PLACES_PER_SESSION in the booking rules, and 20 tries an hour here.
@limiter.limit("300 per hour", methods=["POST"])
@limiter.limit("20 per hour", methods=["POST"], key_func=_account_key)
def book_check(event_id: int):
    """Check your answers, then book (or join the waiting list)."""
    event = _bookable_event(event_id)
    if held := _already_held(event):
        return held  # two at once both pass here: book_places finds out, and says the same
    answers = _answers(event.id)
    party = _party(answers)
    if party is None:
        return redirect(url_for("events.book_who", event_id=event.id))
    needs = _needs(answers)
    form = EmptyForm()
    status = 200
    message = None
    see_bookings = False
    if form.validate_on_submit():
        now = utcnow()
        choice = request.form.get("choice", "book")
        try:
            if choice == "wait":
                booking = join_waiting_list(event, current_user, party, needs, now=now)
            else:
                booking = book_places(event, current_user, party, needs, now=now)
            reference = booking.reference  # read before the commit expires it
            drop_draft(current_user.id, event.id)  # the answers go with the booking, or stay
            db.session.commit()
        except AlreadyBooked as error:
            db.session.rollback()
            return _existing_booking_redirect(error.booking)
        except EventNotBookable as error:
            db.session.rollback()
            return _not_bookable(event, str(error))
        except NotEnoughPlaces:
            db.session.rollback()
            db.session.refresh(event)
            status = 409
            message = "Sorry, the places went while you were booking."
        except TooManyBookings as error:
            db.session.rollback()
            status, message, see_bookings = 409, str(error), True
        except BookingError as error:
            db.session.rollback()
            status, message = 409, str(error)
        except OperationalError:
            # The database is busy (lock contention): nothing was saved, the answers are kept.
            db.session.rollback()
            status = 503
            message = (
                "The booking system is very busy. Nothing has been booked yet: please try again."
            )
        else:
            return redirect(url_for("events.confirmation", reference=reference))
    return (
        render_template(
            "events/book_check.html",
            event=event,
            party=party,
            needs=needs,
            adjustment_labels=ADJUSTMENT_LABELS,
            fits=party.places <= event.places_left,
            other_dates=[]
            if party.places <= event.places_left
            else _other_dates(event, party.places),
            form=form,
            confirm_form=EmptyForm(),
            message=message,
            see_bookings=see_bookings,
        ),
        status,
    )


def _own_booking(reference: str) -> Booking:
    """The booking, if it is yours (or you are staff); 404 otherwise, so nothing leaks."""
    booking = booking_by_reference(reference)
    if booking is None or (booking.user_id != current_user.id and not current_user.is_staff):
        abort(404)
    return booking


@bp.route("/bookings/<reference>/confirmed")
@login_required
def confirmation(reference: str):
    """The confirmation page with the booking reference."""
    booking = _own_booking(reference)
    waiting = booking.status == BookingStatus.WAITING
    return render_template(
        "events/confirmation.html",
        booking=booking,
        position=waiting_position(booking) if waiting else None,
        other_dates=_other_dates(booking.event, booking.places) if waiting else [],
    )


@bp.route("/bookings/<reference>")
@login_required
def booking(reference: str):
    """One booking or waiting-list place, with what you can do about it."""
    booking = _own_booking(reference)
    waiting = booking.status == BookingStatus.WAITING
    now = utcnow()
    return render_template(
        "events/booking.html",
        booking=booking,
        position=waiting_position(booking) if waiting else None,
        other_dates=_other_dates(booking.event, booking.places) if waiting else [],
        adjustment_labels=ADJUSTMENT_LABELS,
        can_give_feedback=feedback_problem(booking, now=now) is None,
        can_change=change_problem(booking, now=now) is None,
        upcoming=booking.event.ends_at > now,
    )


def _cannot_change(booking: Booking):
    """A 409 page saying why this booking cannot be changed now, or None if it can."""
    problem = change_problem(booking, now=utcnow())
    if problem is None:
        return None
    return error_page(
        409,
        heading="This booking cannot be changed",
        body=problem,
        back=("See your booking", url_for("events.booking", reference=booking.reference)),
    )


def _booking_party(booking: Booking) -> Party:
    return Party(booking.adults, booking.children, booking.children_ages, booking.carer)


def _changed(booking: Booking, what: str, **changes):
    """Make the change; on success go back to the booking, else say why (None and a message).

    A refusal rolls the whole change back, so the booking keeps the places it had."""
    try:
        change_booking(booking, actor=current_user, now=utcnow(), **changes)
        db.session.commit()
    except BookingError as error:
        db.session.rollback()
        return None, str(error)
    flash(
        f"{what} We have emailed {'you' if booking.user_id == current_user.id else 'them'}.",
        "success",
    )
    return redirect(url_for("events.booking", reference=booking.reference)), None


@bp.route("/bookings/<reference>/change/who", methods=["GET", "POST"])
@login_required
@limiter.limit("20 per hour", methods=["POST"], key_func=_account_key)
def change_who(reference: str):
    """Change who is coming: fewer people give places back, more take them if free."""
    booking = _own_booking(reference)
    if refused := _cannot_change(booking):
        return refused
    party = _booking_party(booking)
    form = WhoIsComingForm(data={**vars(party), "carer": "yes" if party.carer else "no"})
    status = 200
    if form.validate_on_submit():
        new = Party(
            adults=form.adults.data,
            children=form.children.data,
            children_ages=(form.children_ages.data or "").strip(),
            carer=form.carer.data == "yes",
        )
        done, problem = _changed(booking, "Who is coming has been changed.", party=new)
        if done:
            return done
        db.session.refresh(booking)
        form.adults.errors.append(problem)
        status = 409
    return render_template("events/change_who.html", booking=booking, form=form), status


@bp.route("/bookings/<reference>/change/needs", methods=["GET", "POST"])
@login_required
@limiter.limit("20 per hour", methods=["POST"], key_func=_account_key)
def change_needs(reference: str):
    """Change what would help (all optional), with the same consent to keep it."""
    booking = _own_booking(reference)
    if refused := _cannot_change(booking):
        return refused
    form = NeedsForm(
        data={
            "adjustments": booking.adjustments,
            "note": booking.needs_note,
            "consent": booking.needs_consent_at is not None,
        }
    )
    status = 200
    if form.validate_on_submit():
        needs = Needs(
            adjustments=form.adjustments.data or [],
            note=(form.note.data or "").strip(),
            consent=bool(form.consent.data),
        )
        done, problem = _changed(booking, "What would help has been changed.", needs=needs)
        if done:
            return done
        db.session.refresh(booking)
        form.adjustments.errors.append(problem)
        status = 409
    return render_template("events/change_needs.html", booking=booking, form=form), status


@bp.route("/bookings/<reference>/cancel", methods=["GET", "POST"])
@login_required
def cancel(reference: str):
    """Cancel a booking, or leave a waiting list, after a confirmation step."""
    booking = _own_booking(reference)
    form = EmptyForm()
    if not booking.is_active:
        flash("This booking is already cancelled.", "info")
        return redirect(url_for("events.booking", reference=booking.reference))
    if form.validate_on_submit():
        waiting = booking.status == BookingStatus.WAITING
        try:
            cancel_booking_as(booking, actor=current_user, now=utcnow())
            db.session.commit()
        except NotActive as error:
            db.session.rollback()
            flash(str(error), "info")
            return redirect(url_for("events.booking", reference=booking.reference))
        if waiting:
            flash(f"You have left the waiting list for {booking.event.title}.", "success")
        else:
            flash(f"Your booking for {booking.event.title} has been cancelled.", "success")
        return redirect(url_for("accounts.account"))
    return render_template(
        "events/cancel.html",
        booking=booking,
        form=form,
        someone_waiting=someone_waiting(booking.event_id),
    )


@bp.route("/give-back/<token>", methods=["GET", "POST"])
def give_back(token: str):
    """Give back a place the waiting list gave you, from the link in the email."""
    booking = booking_for_give_back(token)
    if booking is None:
        abort(404)
    form = EmptyForm()
    if booking.status != BookingStatus.CONFIRMED:
        return render_template("events/give_back.html", booking=booking, form=form, done=True)
    if form.validate_on_submit():
        try:
            cancel_booking(booking, now=utcnow())
            db.session.commit()
        except NotActive:
            db.session.rollback()
        return render_template("events/give_back.html", booking=booking, form=form, done=True)
    return render_template("events/give_back.html", booking=booking, form=form, done=False)


@bp.route("/bookings/<reference>/feedback", methods=["GET", "POST"])
@login_required
def feedback(reference: str):
    """Tell us how the session went."""
    booking = _own_booking(reference)
    now = utcnow()
    problem = feedback_problem(booking, now=now)
    if problem:
        return render_template("events/feedback_closed.html", booking=booking, message=problem), 409
    form = FeedbackForm()
    if form.validate_on_submit():
        try:
            record_feedback(
                booking,
                rating=int(form.rating.data),
                helped=form.helped.data or "",
                could_be_better=form.could_be_better.data or "",
                confidence_before=int(form.confidence_before.data)
                if form.confidence_before.data
                else None,
                confidence_after=int(form.confidence_after.data)
                if form.confidence_after.data
                else None,
                now=now,
            )
            db.session.commit()
        except FeedbackNotOpen as error:
            db.session.rollback()
            return render_template(
                "events/feedback_closed.html", booking=booking, message=str(error)
            ), 409
        flash("Thank you for telling us how it went.", "success")
        return redirect(url_for("events.booking", reference=booking.reference))
    return render_template(
        "events/feedback.html",
        booking=booking,
        form=form,
        professional=booking.event.audience in ("professionals", "businesses"),
    )
