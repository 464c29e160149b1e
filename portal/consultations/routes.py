"""Public consultation pages: the list, one consultation, one question per page, "check your
answers" and the confirmation.

Answers wait in the session until "check your answers" sends them in one go. Only one
consultation's answers are kept at a time, and they are kept small (forms.LONG_ANSWER and the
cookie check below): the session is a cookie, and a browser drops a cookie over 4 KB.

The session also remembers which consultations this browser has sent answers to, so that Back
after "Answers sent", or a second visit, does not offer a blank question 1 as if nobody had
answered. Someone else using the same device can still choose to answer as themselves (the
per-address limit still holds).
"""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user

from portal.consultations import bp
from portal.consultations.forms import LONG_ANSWER, answer_form
from portal.consultations.models import Consultation, Question, QuestionKind
from portal.consultations.queries import public_list, published_by_slug
from portal.consultations.services import (
    ANSWERS_PER_ADDRESS,
    AlreadyAnswered,
    Closed,
    SignInNeeded,
    Unanswered,
    address_hash,
    check_may_answer,
    clean_answer,
    has_answered,
    submit_answers,
)
from portal.dates import utcnow
from portal.extensions import db, limiter
from portal.forms import EmptyForm
from portal.page_cache import OTHER, shared_page

DRAFT = "consultation_answers"
# Ids of the consultations this browser has sent answers to (the latest few: the cookie is small).
ANSWERED = "consultations_answered"
KEEP_ANSWERED = 20
# The id of a consultation someone else is now answering on this device.
AGAIN = "consultation_again"
# Leaves room in the 4 KB cookie for the rest of the session (sign-in, CSRF token, messages).
COOKIE_BUDGET = 3300


def _consultation(slug: str) -> Consultation:
    consultation = published_by_slug(slug)
    if consultation is None:
        abort(404)
    return consultation


def _person():
    return current_user if current_user.is_authenticated else None


def _hashed(consultation: Consultation) -> str:
    return address_hash(
        consultation, get_remote_address() or "", secret_key=current_app.config["SECRET_KEY"]
    )


def _refusal(consultation: Consultation):
    """The page to show instead of a question, if this person may not answer now."""
    try:
        check_may_answer(
            consultation,
            person=_person(),
            hashed=_hashed(consultation),
            now=utcnow(),
            limit=ANSWERS_PER_ADDRESS,
        )
    except Closed:
        return _closed(consultation)
    except SignInNeeded:
        return redirect(url_for("accounts.sign_in", next=request.path))
    except AlreadyAnswered as error:
        return _already(consultation, error)
    return None


def _closed(consultation: Consultation):
    return render_template("consultations/closed.html", consultation=consultation), 410


def _already(consultation: Consultation, error: AlreadyAnswered):
    return render_template(
        "consultations/already.html", consultation=consultation, message=str(error)
    ), 409


def _answered_ids() -> list[int]:
    ids = session.get(ANSWERED)
    return [i for i in ids if isinstance(i, int)] if isinstance(ids, list) else []


def _remember_answered(consultation: Consultation) -> None:
    ids = [i for i in _answered_ids() if i != consultation.id]
    session[ANSWERED] = [*ids, consultation.id][-KEEP_ANSWERED:]
    if session.get(AGAIN) == consultation.id:
        session.pop(AGAIN)


def _answered_here(consultation: Consultation) -> bool:
    """Whether this browser has sent answers to it and nobody has chosen to answer again."""
    return consultation.id in _answered_ids() and session.get(AGAIN) != consultation.id


def _kept(consultation: Consultation) -> dict[str, list[int] | str]:
    """What this person has answered so far, by question id (as text: the session is JSON)."""
    kept = session.get(DRAFT)
    if isinstance(kept, dict) and kept.get("id") == consultation.id:
        return dict(kept.get("answers") or {})
    return {}


def _keep(consultation: Consultation, answers: dict) -> bool:
    """Keep the answers in the session; False (keeping nothing new) if they would not fit."""
    before = session.get(DRAFT)
    session[DRAFT] = {"id": consultation.id, "answers": answers}
    serializer = current_app.session_interface.get_signing_serializer(current_app)
    if len(serializer.dumps(dict(session))) <= COOKIE_BUDGET:
        return True
    if before is None:
        session.pop(DRAFT)
    else:
        session[DRAFT] = before
    return False


def _as_form_data(question: Question, kept):
    """A kept answer as the question's field takes it."""
    if kept is None:
        return None
    if question.kind == QuestionKind.ONE:
        return str(kept[0])
    if question.kind == QuestionKind.SEVERAL:
        return [str(choice) for choice in kept]
    return kept


def _first_missing(consultation: Consultation, kept: dict) -> int | None:
    """The number of the first required question without an answer."""
    for number, question in enumerate(consultation.questions, start=1):
        if question.required and kept.get(str(question.id)) is None:
            return number
    return None


@bp.route("/have-your-say")
@shared_page(areas=(OTHER,))
def index():
    """Open consultations first, then closed ones with what we heard."""
    open_now, closed = public_list(now=utcnow())
    return render_template("consultations/index.html", open_now=open_now, closed=closed)


@bp.route("/have-your-say/<slug>")
def show(slug: str):
    """Why we ask, what will change, when it closes, and a start button (or, once answered from
    this browser, a thank you); once closed, what we heard and what we will do."""
    if _answered_ids():
        return _show_page(slug)  # says what this browser did: never kept for others
    return _shared_show_page(slug)


def _show_page(slug: str):
    consultation = _consultation(slug)
    person = _person()
    return render_template(
        "consultations/show.html",
        consultation=consultation,
        is_open=consultation.is_open(utcnow()),
        answered=consultation.id in _answered_ids() or has_answered(consultation, person),
    )


_shared_show_page = shared_page(areas=(OTHER,))(_show_page)


@bp.route("/have-your-say/<slug>/someone-else")
def someone_else(slug: str):
    """Someone else on a device that has answered: let them answer as themselves."""
    consultation = _consultation(slug)
    session[AGAIN] = consultation.id
    return redirect(url_for("consultations.question", slug=slug, number=1))


@bp.route("/have-your-say/<slug>/questions/<int:number>", methods=["GET", "POST"])
def question(slug: str, number: int):
    """One question (GOV.UK question page); the answer is kept until "check your answers"."""
    consultation = _consultation(slug)
    questions = consultation.questions
    if not 1 <= number <= len(questions):
        abort(404)
    if _answered_here(consultation):
        return redirect(url_for("consultations.show", slug=slug))
    refusal = _refusal(consultation)
    if refusal is not None:
        return refusal
    item = questions[number - 1]
    kept = _kept(consultation)
    form = answer_form(item, data=_as_form_data(item, kept.get(str(item.id))))
    changing = request.args.get("change") == "1"
    if form.validate_on_submit():
        kept[str(item.id)] = clean_answer(item, form.answer.data)
        if _keep(consultation, kept):
            if changing or number == len(questions):
                return redirect(url_for("consultations.check", slug=slug))
            return redirect(url_for("consultations.question", slug=slug, number=number + 1))
        form.answer.errors.append(
            "Your answers are too long for us to keep. Make this answer shorter."
        )
    back = (
        url_for("consultations.check", slug=slug)
        if changing
        else url_for("consultations.question", slug=slug, number=number - 1)
        if number > 1
        else url_for("consultations.show", slug=slug)
    )
    return render_template(
        "consultations/question.html",
        consultation=consultation,
        question=item,
        number=number,
        total=len(questions),
        form=form,
        back=back,
        long_answer=LONG_ANSWER,
    ), (400 if form.errors else 200)


def _sent(response) -> bool:
    # Only answers actually sent count against the address's hourly limit.
    return response.status_code == 302 and "/sent" in response.headers.get("Location", "")


@bp.route("/have-your-say/<slug>/check", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"], deduct_when=_sent)
def check(slug: str):
    """Check your answers, then send them all in one go."""
    consultation = _consultation(slug)
    if _answered_here(consultation):
        return redirect(url_for("consultations.show", slug=slug))
    refusal = _refusal(consultation)
    if refusal is not None:
        return refusal
    kept = _kept(consultation)
    missing = _first_missing(consultation, kept)
    if missing is not None:
        return redirect(url_for("consultations.question", slug=slug, number=missing))
    form = EmptyForm()
    if form.validate_on_submit():
        try:
            submit_answers(
                consultation,
                {int(key): value for key, value in kept.items() if key.isdigit()},
                person=_person(),
                hashed=_hashed(consultation),
                now=utcnow(),
            )
        except Closed:
            db.session.rollback()
            return _closed(consultation)
        except AlreadyAnswered as error:
            db.session.rollback()
            return _already(consultation, error)
        except Unanswered as error:
            db.session.rollback()
            number = consultation.questions.index(error.question) + 1
            return redirect(url_for("consultations.question", slug=slug, number=number))
        except SignInNeeded:
            db.session.rollback()
            return redirect(url_for("accounts.sign_in", next=request.path))
        db.session.commit()
        session.pop(DRAFT, None)
        _remember_answered(consultation)
        return redirect(url_for("consultations.sent", slug=slug))
    rows = []
    for number, item in enumerate(consultation.questions, start=1):
        value = kept.get(str(item.id))
        if value is None:
            shown = "Not answered"
        elif item.is_choice:
            shown = "\n".join(item.chosen_words(value))
        else:
            shown = value
        rows.append((number, item, shown))
    return render_template(
        "consultations/check.html", consultation=consultation, rows=rows, form=form
    )


@bp.route("/have-your-say/<slug>/sent")
def sent(slug: str):
    """The confirmation: the answers are in, and what happens next."""
    consultation = _consultation(slug)
    if consultation.id not in _answered_ids():
        return redirect(url_for("consultations.show", slug=slug))
    return render_template("consultations/sent.html", consultation=consultation)
