"""The staff console's front page: coming sessions, bookings and attendance, feedback, what is
waiting for staff, and whether the scheduled jobs are running."""

from flask import current_app, render_template
from sqlalchemy import select

from portal.board.queries import questions_waiting_statement
from portal.consultations.queries import waiting_for_outcome_statement
from portal.dates import LONDON, utcnow
from portal.events.figures import (
    attendance_by_month,
    bookings_per_week,
    feedback_by_session,
    today_and_next,
    upcoming_with_figures,
)
from portal.extensions import db
from portal.help.queries import due_for_review_count_statement as help_due_statement
from portal.jobs.queries import job_statuses
from portal.library.queries import due_for_review_count_statement, use_this_month_statements
from portal.outbox.models import OutboxMessage, OutboxStatus
from portal.outbox.queries import outbox_count_columns
from portal.pledges.figures import PledgeCounts, pledge_count_columns
from portal.pledges.models import Pledge
from portal.pledges.queries import comments_waiting_statement
from portal.staff import bp


def _counts(*, now, today) -> dict:
    """The dashboard's single figures (the outbox, pledges, comments, reviews due, the
    library's use this month), each domain's count asked in one query, not eleven."""
    pledges = select(*pledge_count_columns(now=now)).select_from(Pledge).subquery()
    views, downloads = use_this_month_statements(today)
    row = db.session.execute(
        select(
            *outbox_count_columns(),
            *(select(column).scalar_subquery() for column in pledges.c),
            comments_waiting_statement().scalar_subquery(),
            due_for_review_count_statement(today=today).scalar_subquery(),
            help_due_statement(today=today).scalar_subquery(),
            views.scalar_subquery(),
            downloads.scalar_subquery(),
            questions_waiting_statement().scalar_subquery(),
            waiting_for_outcome_statement(now=now, today=today).scalar_subquery(),
        ).select_from(OutboxMessage)
    ).one()
    outbox, figures = row[: len(OutboxStatus)], row[len(OutboxStatus) :]
    live, waiting, expiring, comments, library_due, help_due, seen, fetched, *co_production = (
        figures
    )
    board_questions, consultations_to_answer = co_production
    return {
        "counts": {status.value: n for status, n in zip(OutboxStatus, outbox, strict=True)},
        "pledges": PledgeCounts(live, waiting, expiring),
        "comments_waiting": comments,
        "library_due": library_due,
        "help_due": help_due,
        "library_views": seen,
        "library_downloads": fetched,
        "board_questions": board_questions,
        "consultations_to_answer": consultations_to_answer,
    }


@bp.route("")
def dashboard():
    """Today's sessions, each one tap from its register; then what needs staff (pledges, the
    library, local help, comments), upcoming sessions, bookings and attendance over the year,
    and feedback."""
    now = utcnow()
    today = now.astimezone(LONDON).date()
    weeks = bookings_per_week(now=now)
    on_today, next_session = today_and_next(now=now)
    return render_template(
        "staff/dashboard.html",
        today=today,
        on_today=on_today,
        next_session=None if on_today else next_session,
        upcoming=upcoming_with_figures(now=now, limit=8),
        weeks=weeks,
        busiest=max((w.bookings for w in weeks), default=0),
        months=attendance_by_month(now=now),
        feedback=feedback_by_session(),
        month=today,
        jobs=job_statuses(now=now, config=current_app.config),
        **_counts(now=now, today=today),
    )
