"""The staff console's front page: coming sessions, bookings and attendance, feedback, what is
waiting for staff, and whether the scheduled jobs are running."""

from flask import current_app, render_template

from portal.dates import LONDON, utcnow
from portal.events.figures import (
    attendance_by_month,
    bookings_per_week,
    feedback_by_session,
    next_session_after_today,
    sessions_today,
    upcoming_with_figures,
)
from portal.help.queries import due_for_review as help_due_for_review
from portal.jobs.queries import job_statuses
from portal.library.queries import due_for_review, use_this_month
from portal.outbox.queries import outbox_counts
from portal.pledges.figures import pledge_counts
from portal.pledges.queries import comments_waiting
from portal.staff import bp


@bp.route("")
def dashboard():
    """Today's sessions, each one tap from its register; then what needs staff (pledges, the
    library, local help, comments), upcoming sessions, bookings and attendance over the year,
    and feedback."""
    now = utcnow()
    today = now.astimezone(LONDON).date()
    weeks = bookings_per_week(now=now)
    views, downloads = use_this_month(today=today)
    on_today = sessions_today(now=now)
    return render_template(
        "staff/dashboard.html",
        today=today,
        on_today=on_today,
        next_session=None if on_today else next_session_after_today(now=now),
        counts=outbox_counts(),
        upcoming=upcoming_with_figures(now=now, limit=8),
        weeks=weeks,
        busiest=max((w.bookings for w in weeks), default=0),
        months=attendance_by_month(now=now),
        feedback=feedback_by_session(),
        pledges=pledge_counts(now=now),
        comments_waiting=comments_waiting(),
        library_due=len(due_for_review(today=today)),
        library_views=views,
        library_downloads=downloads,
        month=today,
        help_due=len(help_due_for_review(today=today)),
        jobs=job_statuses(now=now, config=current_app.config),
    )
