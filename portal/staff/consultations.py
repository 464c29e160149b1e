"""Staff: consultations ("have your say"): write one and its questions, publish it, read the
results, close it, and publish what we heard and what we will do."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.accounts.access import recent_sign_in_required
from portal.audit.services import record
from portal.consultations.forms import ConsultationForm, OutcomeForm, QuestionForm
from portal.consultations.models import Consultation, Question
from portal.consultations.queries import (
    choice_results,
    every_consultation,
    results_rows,
    text_answers,
)
from portal.consultations.services import (
    ConsultationError,
    answer_count,
    close,
    move_question,
    publish,
    publish_outcome,
    remove_question,
    save_consultation,
    save_question,
)
from portal.dates import utcnow
from portal.extensions import db
from portal.forms import EmptyForm
from portal.outcomes.entries import THEMES
from portal.spreadsheets import csv_response
from portal.staff import bp


def _consultation(consultation_id: int) -> Consultation:
    return db.get_or_404(Consultation, consultation_id)


def _question(consultation: Consultation, question_id: int) -> Question:
    question = db.session.get(Question, question_id)
    if question is None or question.consultation_id != consultation.id:
        abort(404)
    return question


@bp.route("/consultations")
def consultations():
    """Every consultation, drafts too, with how many have answered."""
    return render_template("consultations/staff/list.html", rows=every_consultation(), now=utcnow())


@bp.route("/consultations/new", methods=["GET", "POST"])
@bp.route("/consultations/<int:consultation_id>/edit", methods=["GET", "POST"])
def consultation_details(consultation_id: int | None = None):
    """Write a new consultation (a draft), or change one's details."""
    consultation = _consultation(consultation_id) if consultation_id else None
    form = ConsultationForm(obj=consultation)
    if form.validate_on_submit():
        consultation = save_consultation(
            consultation, form.details(), actor=current_user, now=utcnow()
        )
        db.session.commit()
        flash(
            "Saved." if consultation_id else "Saved as a draft. Now add its questions.", "success"
        )
        return redirect(url_for("staff.consultation", consultation_id=consultation.id))
    return render_template(
        "consultations/staff/details.html", consultation=consultation, form=form
    ), (400 if form.errors else 200)


def _consultation_page(consultation: Consultation, *, outcome_form=None, status: int = 200):
    now = utcnow()
    if outcome_form is None:
        outcome_form = OutcomeForm(obj=consultation)
    answers = answer_count(consultation)
    return render_template(
        "consultations/staff/show.html",
        consultation=consultation,
        answers=answers,
        is_open=consultation.is_open(now),
        is_closed=not consultation.is_draft and consultation.is_closed(now),
        outcome_form=outcome_form,
        button=EmptyForm(),
        themes=THEMES,
    ), status


@bp.route("/consultations/<int:consultation_id>")
def consultation(consultation_id: int):
    """One consultation: its details, questions, publishing, closing and what we heard."""
    return _consultation_page(_consultation(consultation_id))


@bp.route("/consultations/<int:consultation_id>/questions/new", methods=["GET", "POST"])
@bp.route(
    "/consultations/<int:consultation_id>/questions/<int:question_id>", methods=["GET", "POST"]
)
def consultation_question(consultation_id: int, question_id: int | None = None):
    """Add a question, or change one (until anyone has answered)."""
    consultation = _consultation(consultation_id)
    question = _question(consultation, question_id) if question_id else None
    form = QuestionForm()
    if question is not None and request.method == "GET":
        form.fill_from(question)
    if form.validate_on_submit():
        try:
            save_question(consultation, question, form.details(), actor=current_user, now=utcnow())
        except ConsultationError as error:
            db.session.rollback()
            flash(str(error), "info")
        else:
            db.session.commit()
            flash("Question saved.", "success")
        return redirect(url_for("staff.consultation", consultation_id=consultation.id))
    return render_template(
        "consultations/staff/question.html",
        consultation=consultation,
        question=question,
        form=form,
    ), (400 if form.errors else 200)


def _apply(change, target, done: str, **fields) -> None:
    """Run one service on `target` and commit, saying `done`; or say why it cannot be done."""
    try:
        change(target, actor=current_user, now=utcnow(), **fields)
    except ConsultationError as error:
        db.session.rollback()
        flash(str(error), "info")
    else:
        db.session.commit()
        flash(done, "success")


QUESTION_ACTIONS = {
    "up": (lambda q, **kw: move_question(q, up=True, **kw), "Question moved up."),
    "down": (lambda q, **kw: move_question(q, up=False, **kw), "Question moved down."),
    "remove": (remove_question, "Question removed."),
}


@bp.route(
    "/consultations/<int:consultation_id>/questions/<int:question_id>/<action>",
    methods=["POST"],
)
def consultation_question_action(consultation_id: int, question_id: int, action: str):
    """Move a question up or down, or remove it."""
    consultation = _consultation(consultation_id)
    question = _question(consultation, question_id)
    if action not in QUESTION_ACTIONS or not EmptyForm().validate_on_submit():
        abort(400)
    change, done = QUESTION_ACTIONS[action]
    _apply(change, question, done)
    return redirect(url_for("staff.consultation", consultation_id=consultation.id) + "#questions")


@bp.route("/consultations/<int:consultation_id>/publish", methods=["POST"])
def consultation_publish(consultation_id: int):
    """Publish a draft."""
    consultation = _consultation(consultation_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    _apply(publish, consultation, "Published. It takes answers until it closes.")
    return redirect(url_for("staff.consultation", consultation_id=consultation.id))


@bp.route("/consultations/<int:consultation_id>/close", methods=["GET", "POST"])
def consultation_close(consultation_id: int):
    """Close an open consultation now, once staff confirm: it cannot be reopened."""
    consultation = _consultation(consultation_id)
    form = EmptyForm()
    if form.validate_on_submit():
        _apply(close, consultation, "Closed. Now read the results and publish what you heard.")
        return redirect(url_for("staff.consultation", consultation_id=consultation.id))
    if request.method == "POST":
        abort(400)
    if not consultation.is_open(utcnow()):
        return redirect(url_for("staff.consultation", consultation_id=consultation.id))
    return render_template("consultations/staff/close.html", consultation=consultation, form=form)


@bp.route("/consultations/<int:consultation_id>/outcome", methods=["POST"])
def consultation_outcome(consultation_id: int):
    """Publish what we heard and what we will do (on its page and on “You said, we did”)."""
    consultation = _consultation(consultation_id)
    form = OutcomeForm()
    if not form.validate_on_submit():
        return _consultation_page(consultation, outcome_form=form, status=400)
    _apply(
        publish_outcome,
        consultation,
        "Published on its page and on “You said, we did”.",
        heard=form.heard.data,
        will_do=form.will_do.data,
    )
    return redirect(url_for("staff.consultation", consultation_id=consultation.id))


@bp.route("/consultations/<int:consultation_id>/results")
def consultation_results(consultation_id: int):
    """Counts for each choice question (a chart and a table) and the written answers."""
    consultation = _consultation(consultation_id)
    written = [q for q in consultation.questions if not q.is_choice]
    chosen = request.args.get("question", type=int)
    shown = next((q for q in written if q.id == chosen), written[0] if written else None)
    page = max(request.args.get("page", 1, type=int), 1)
    response = render_template(
        "consultations/staff/results.html",
        consultation=consultation,
        answers=answer_count(consultation),
        results=choice_results(consultation),
        written=written,
        shown=shown,
        texts=text_answers(shown, page=page) if shown else None,
    )
    return response, 200, {"Cache-Control": "no-store"}


@bp.route("/consultations/<int:consultation_id>/results.csv")
@recent_sign_in_required
def consultation_export(consultation_id: int):
    """Every set of answers as a spreadsheet (formulas neutralised by csv_response)."""
    consultation = _consultation(consultation_id)
    rows = results_rows(consultation)
    record(
        current_user,
        "consultation answers exported",
        "consultation",
        consultation.id,
        consultation.title,
        now=utcnow(),
    )
    db.session.commit()
    return csv_response(rows, f"{consultation.slug}-answers.csv")
