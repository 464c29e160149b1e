"""The board's public pages, and "Ask the board" for signed-in people."""

from flask import redirect, render_template, request, session, url_for
from flask_login import current_user, login_required

from portal.board import bp
from portal.board.forms import AskForm, DecisionFilterForm
from portal.board.models import DECISION_STATUS_LABELS, BoardMeeting
from portal.board.queries import (
    current_members,
    decisions_page,
    members_by_kind,
    past_meetings,
    public_papers,
    published_questions_page,
    recent_decisions,
    upcoming_meetings,
)
from portal.board.services import BoardError, ask_the_board
from portal.dates import utcnow
from portal.extensions import db, limiter
from portal.page_cache import LIBRARY, OTHER, shared_page

ASKED_KEY = "board_asked"  # in the session: what "Sent to the board" needs to say


def _page_number() -> int:
    return min(max(request.args.get("page", 1, type=int), 1), 10000)


@bp.route("/board")
@shared_page(areas=(OTHER,))
def index():
    """What the board is, who chairs it, its members, the next meeting and recent decisions."""
    members = current_members()
    upcoming = upcoming_meetings(utcnow())
    return render_template(
        "board/index.html",
        chair=next((m for m in members if m.is_chair), None),
        groups=members_by_kind(members),
        next_meeting=upcoming[0] if upcoming else None,
        decisions=recent_decisions(),
    )


@bp.route("/board/meetings")
@shared_page(areas=(OTHER,))
def meetings():
    """Meetings to come, then meetings that have happened."""
    now = utcnow()
    return render_template(
        "board/meetings.html", upcoming=upcoming_meetings(now), past=past_meetings(now)
    )


@bp.route("/board/meetings/<int:meeting_id>")
@shared_page(areas=(OTHER, LIBRARY))
def meeting(meeting_id: int):
    """One meeting: when and where, its agenda, papers and minutes."""
    found = db.get_or_404(BoardMeeting, meeting_id)
    papers, minutes = public_papers(found)
    return render_template(
        "board/meeting.html",
        meeting=found,
        papers=papers,
        minutes=minutes,
        is_past=found.starts_at < utcnow(),
    )


@bp.route("/board/decisions")
@shared_page(areas=(OTHER,), params=("status", "page"))
def decisions():
    """The decisions log, newest first, filtered by status."""
    form = DecisionFilterForm(request.args)
    status = form.status.data if form.status.data in DECISION_STATUS_LABELS else ""
    return render_template(
        "board/decisions.html",
        form=form,
        status=status,
        page=decisions_page(status or None, page=_page_number()),
        statuses=DECISION_STATUS_LABELS,
    )


@bp.route("/board/questions")
@shared_page(areas=(OTHER,), params=("page",))
def questions():
    """Questions people asked and the board answered, the latest answered first."""
    return render_template(
        "board/questions.html", page=published_questions_page(page=_page_number())
    )


@bp.route("/board/ask", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per hour", methods=["POST"])
def ask():
    """Send the board a question or an issue; staff read it before anything is shown."""
    form = AskForm()
    if form.validate_on_submit():
        try:
            ask_the_board(
                form.text.data,
                kind=form.kind.data,
                theme=form.theme.data,
                show_name=form.show_name.data,
                user=current_user,
                now=utcnow(),
            )
        except BoardError as error:
            db.session.rollback()
            form.text.errors = [str(error)]
        else:
            db.session.commit()
            # Only what the confirmation needs, in this person's own session: no id in the
            # address, so nobody can reach someone else's question by changing it.
            session[ASKED_KEY] = {"show_name": bool(form.show_name.data)}
            return redirect(url_for("board.asked"))
    return render_template("board/ask.html", form=form), (400 if form.errors else 200)


@bp.route("/board/asked")
@login_required
def asked():
    """The confirmation after asking (reloading it sends nothing again)."""
    sent = session.get(ASKED_KEY)
    if sent is None:
        return redirect(url_for("board.ask"))
    return render_template("board/asked.html", show_name=sent["show_name"])
