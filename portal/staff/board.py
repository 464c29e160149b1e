"""Staff: the autism board's members, meetings (with papers and minutes from the library), the
decisions log and its status changes, and the questions people ask it (moderation)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from portal.board.forms import (
    AnswerForm,
    DecisionForm,
    DecisionStatusForm,
    MeetingForm,
    MemberForm,
    TurnDownForm,
)
from portal.board.models import BoardDecision, BoardMeeting, BoardMember, BoardQuestion
from portal.board.queries import (
    board_library_items,
    every_meeting,
    every_member,
    logged_decisions,
    waiting_questions,
)
from portal.board.services import (
    BoardError,
    change_decision_status,
    publish_answer,
    record_decision,
    save_meeting,
    save_member,
    turn_down,
)
from portal.dates import LONDON, utcnow
from portal.extensions import db
from portal.staff import bp


@bp.route("/board")
def board():
    """The board at a glance: questions waiting, members, meetings, decisions."""
    return render_template(
        "staff/board.html",
        waiting=waiting_questions(),
        members=every_member(),
        meetings=every_meeting(),
        decisions=logged_decisions(),
    )


@bp.route("/board/members/new", methods=["GET", "POST"])
@bp.route("/board/members/<int:member_id>", methods=["GET", "POST"])
def board_member(member_id: int | None = None):
    """Add or change a member."""
    member = db.get_or_404(BoardMember, member_id) if member_id else None
    form = MemberForm(obj=member)
    if form.validate_on_submit():
        save_member(member, actor=current_user, now=utcnow(), **form.member_fields())
        db.session.commit()
        flash("Saved.", "success")
        return redirect(url_for("staff.board"))
    title = member.name if member else "Add a member"
    return render_template("staff/board_form.html", form=form, title=title), (
        400 if form.errors else 200
    )


@bp.route("/board/meetings/new", methods=["GET", "POST"])
@bp.route("/board/meetings/<int:meeting_id>", methods=["GET", "POST"])
def board_meeting(meeting_id: int | None = None):
    """Add or change a meeting: when, where, the agenda, its papers and minutes."""
    meeting = db.get_or_404(BoardMeeting, meeting_id) if meeting_id else None
    form = MeetingForm(obj=meeting)
    form.set_items(board_library_items())
    if meeting and not form.is_submitted():
        local = meeting.starts_at.astimezone(LONDON)
        form.date.data = local.date()
        form.start_time.data = local.strftime("%H:%M")
        form.items.data = [paper.item_id for paper in meeting.papers]
    if form.validate_on_submit():
        try:
            meeting = save_meeting(
                meeting,
                starts_at=form.starts_at(),
                place=form.place.data or "",
                online=form.online.data,
                agenda=form.agenda.data or "",
                how_to_join=form.how_to_join.data or "",
                item_ids=form.items.data or [],
                actor=current_user,
                now=utcnow(),
            )
        except BoardError as error:
            db.session.rollback()
            form.items.errors = [str(error)]
        else:
            db.session.commit()
            flash("Saved.", "success")
            return redirect(url_for("staff.board"))
    title = f"Meeting, {form.date.data.strftime('%-d %B %Y')}" if meeting else "Add a meeting"
    return render_template("staff/board_form.html", form=form, title=title), (
        400 if form.errors else 200
    )


@bp.route("/board/decisions/new", methods=["GET", "POST"])
def new_board_decision():
    """Add a decision to the log."""
    form = DecisionForm()
    form.set_meetings(every_meeting())
    if form.validate_on_submit():
        record_decision(
            decided_on=form.decided_on.data,
            decision=form.decision.data,
            why=form.why.data,
            who_acts=form.who_acts.data,
            theme=form.theme.data,
            meeting=db.session.get(BoardMeeting, form.meeting.data) if form.meeting.data else None,
            actor=current_user,
            now=utcnow(),
        )
        db.session.commit()
        flash("Added to the decisions log.", "success")
        return redirect(url_for("staff.board"))
    return render_template("staff/board_form.html", form=form, title="Add a decision"), (
        400 if form.errors else 200
    )


@bp.route("/board/decisions/<int:decision_id>", methods=["GET", "POST"])
def board_decision(decision_id: int):
    """One decision: its story so far, and moving its status on."""
    decision = db.get_or_404(BoardDecision, decision_id)
    form = DecisionStatusForm(status=decision.status)
    if form.validate_on_submit():
        try:
            change_decision_status(
                decision,
                form.status.data,
                note=form.note.data or "",
                actor=current_user,
                now=utcnow(),
            )
        except BoardError as error:
            db.session.rollback()
            form.status.errors = [str(error)]
        else:
            db.session.commit()
            flash("Status saved.", "success")
            return redirect(url_for("staff.board_decision", decision_id=decision.id))
    return render_template("staff/board_decision.html", decision=decision, form=form), (
        400 if form.errors else 200
    )


def _question_page(question, *, answer_form=None, down_form=None):
    answer_form = answer_form or AnswerForm(theme=question.theme, text=question.text)
    down_form = down_form or TurnDownForm(prefix="down")
    failed = answer_form.errors or down_form.errors
    return render_template(
        "staff/board_question.html",
        question=question,
        answer_form=answer_form,
        down_form=down_form,
        error_forms=[answer_form, down_form],
    ), (400 if failed else 200)


@bp.route("/board/questions/<int:question_id>")
def board_question(question_id: int):
    """One question waiting: publish it with the board's answer, or turn it down."""
    return _question_page(db.get_or_404(BoardQuestion, question_id))


def _moderate(question_id: int, form, field, act, done: str):
    """Publish or turn down (`act`), with `form`'s answers; errors go on `field`."""
    question = db.get_or_404(BoardQuestion, question_id)
    if form.validate_on_submit():
        try:
            act(question, form)
        except BoardError as error:
            db.session.rollback()
            form[field].errors = [str(error)]
        else:
            db.session.commit()
            flash(done, "success")
            return redirect(url_for("staff.board"))
    forms = {"answer_form": form} if isinstance(form, AnswerForm) else {"down_form": form}
    return _question_page(question, **forms)


@bp.route("/board/questions/<int:question_id>/publish", methods=["POST"])
def publish_board_answer(question_id: int):
    """Publish the question (as staff edited it) with the board's answer; email the person."""
    return _moderate(
        question_id,
        AnswerForm(),
        "answer",
        lambda question, form: publish_answer(
            question,
            text=form.text.data,
            answer=form.answer.data,
            theme=form.theme.data,
            actor=current_user,
            now=utcnow(),
        ),
        "Published. We have emailed the person.",
    )


@bp.route("/board/questions/<int:question_id>/turn-down", methods=["POST"])
def turn_down_board_question(question_id: int):
    """Turn the question down; the person is emailed the reason."""
    return _moderate(
        question_id,
        TurnDownForm(prefix="down"),
        "reason",
        lambda question, form: turn_down(
            question, reason=form.reason.data, actor=current_user, now=utcnow()
        ),
        "Turned down. We have emailed the person the reason.",
    )
