"""The worker's scheduled jobs: when each is due, once per due time however many workers run,
a failure recorded without stopping the others, and what /readyz and the staff console say."""

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from portal.dates import utcnow
from portal.extensions import db
from portal.jobs.models import JobRun
from portal.jobs.schedule import JOBS, Job
from portal.jobs.services import due_jobs, run_due_jobs
from portal.outbox.models import OutboxMessage
from tests.factories import make_booking, make_event, make_user

TEN_PAST_TEN = datetime(2026, 6, 10, 9, 10, tzinfo=UTC)  # 10:10am in Bromley (summer time)


def _runs() -> list[JobRun]:
    return db.session.scalars(select(JobRun).order_by(JobRun.job, JobRun.due_at)).all()


def _reminders_queued() -> int:
    return db.session.scalar(
        select(func.count()).where(OutboxMessage.subject.startswith("Reminder:"))
    )


def _booked_for_tomorrow():
    event = make_event(starts_in=timedelta(days=1))
    return make_booking(event, make_user(email="priya@example.org"), now=utcnow())


def test_each_job_is_due_at_its_latest_scheduled_time_until_it_has_run(app):
    due = {d.job.name: d.due_at for d in due_jobs(now=TEN_PAST_TEN, config=app.config)}

    assert due == {
        "reminders": datetime(2026, 6, 10, 9, 0, tzinfo=UTC),  # 10am, on the hour
        "retention-purge": datetime(2026, 6, 10, 2, 0, tzinfo=UTC),  # 3am in Bromley
        "pledge-reminders": datetime(2026, 6, 10, 8, 0, tzinfo=UTC),  # 9am in Bromley
        "films": TEN_PAST_TEN,  # every five minutes
    }
    run_due_jobs(now=TEN_PAST_TEN)
    assert due_jobs(now=TEN_PAST_TEN + timedelta(minutes=4), config=app.config) == []
    [films] = due_jobs(now=TEN_PAST_TEN + timedelta(minutes=5), config=app.config)
    assert (films.job.name, films.due_at) == ("films", TEN_PAST_TEN + timedelta(minutes=5))
    run_due_jobs(now=TEN_PAST_TEN + timedelta(minutes=45))
    assert due_jobs(now=TEN_PAST_TEN + timedelta(minutes=49), config=app.config) == []
    due = due_jobs(now=TEN_PAST_TEN + timedelta(minutes=50), config=app.config)
    assert {(d.job.name, d.due_at) for d in due} == {
        ("reminders", datetime(2026, 6, 10, 10, 0, tzinfo=UTC)),
        ("films", datetime(2026, 6, 10, 10, 0, tzinfo=UTC)),
    }


def test_a_worker_that_was_stopped_runs_each_missed_job_once_not_once_per_missed_time(app):
    run_due_jobs(now=TEN_PAST_TEN)
    three_days_later = TEN_PAST_TEN + timedelta(days=3)

    reports = run_due_jobs(now=three_days_later)

    assert sorted(r.job for r in reports) == [
        "films",
        "pledge-reminders",
        "reminders",
        "retention-purge",
    ]
    assert len(_runs()) == 8


def test_schedules_are_settings(app):
    app.config["JOB_SCHEDULE_REMINDERS"] = "*/15 * * * *"
    [due] = [d for d in due_jobs(now=TEN_PAST_TEN, config=app.config) if d.job.name == "reminders"]
    assert due.due_at == datetime(2026, 6, 10, 9, 0, tzinfo=UTC)
    later = [
        d
        for d in due_jobs(now=TEN_PAST_TEN + timedelta(minutes=5), config=app.config)
        if d.job.name == "reminders"
    ]
    assert later[0].due_at == datetime(2026, 6, 10, 9, 15, tzinfo=UTC)


def test_a_run_records_when_it_ran_and_what_it_did(app):
    _booked_for_tomorrow()
    now = utcnow()

    run_due_jobs(now=now)

    reminders = db.session.scalars(select(JobRun).where(JobRun.job == "reminders")).one()
    assert reminders.outcome == "ok"
    assert reminders.started_at == now
    assert reminders.finished_at >= reminders.started_at
    assert reminders.summary == "Queued 1 reminders and 0 feedback requests"
    assert reminders.error is None
    assert _reminders_queued() == 1


def test_two_workers_at_the_same_moment_run_each_job_once(app, make_app):
    _booked_for_tomorrow()
    workers = [make_app(), make_app()]
    now = utcnow()
    start = threading.Barrier(len(workers))
    reports, errors = {}, []

    def work(index, worker):
        try:
            with worker.app_context():
                start.wait(timeout=30)
                reports[index] = run_due_jobs(now=now)
                db.session.remove()
        except Exception as error:  # reported below, so a failure in a thread fails the test
            errors.append(error)

    threads = [threading.Thread(target=work, args=(i, w)) for i, w in enumerate(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    db.session.expire_all()
    assert sorted(run.job for run in _runs()) == sorted(job.name for job in JOBS)
    assert all(run.outcome == "ok" for run in _runs())
    assert _reminders_queued() == 1  # one set of emails
    for job in JOBS:
        results = sorted(r.result for rs in reports.values() for r in rs if r.job == job.name)
        assert results in (["ok"], ["ok", "skipped"])  # the slower one saw it due, then skipped


def _broken(now, config):
    raise ValueError("could not email priya@example.org about booking BRM-ABC123")


def test_a_failing_job_is_recorded_as_failed_and_the_others_still_run(app):
    _booked_for_tomorrow()
    app.config["JOB_SCHEDULE_BROKEN"] = "0 * * * *"
    broken = Job("broken", "A job that fails", "JOB_SCHEDULE_BROKEN", _broken)

    reports = run_due_jobs(now=utcnow(), jobs=[broken, *JOBS])

    assert {r.job: r.result for r in reports} == {
        "broken": "failed",
        "reminders": "ok",
        "retention-purge": "ok",
        "pledge-reminders": "ok",
        "films": "ok",
    }
    failed = db.session.scalars(select(JobRun).where(JobRun.job == "broken")).one()
    assert failed.outcome == "failed"
    assert failed.finished_at is not None
    assert failed.error.startswith("ValueError in test_scheduled_jobs.py, line ")
    # Only the kind of error and where: its message named a person.
    assert "priya" not in failed.error
    assert "BRM-ABC123" not in failed.error
    assert _reminders_queued() == 1


def test_a_failed_job_waits_for_its_next_due_time(app):
    app.config["JOB_SCHEDULE_BROKEN"] = "0 * * * *"
    broken = Job("broken", "A job that fails", "JOB_SCHEDULE_BROKEN", _broken)
    run_due_jobs(now=TEN_PAST_TEN, jobs=[broken])

    assert run_due_jobs(now=TEN_PAST_TEN + timedelta(minutes=5), jobs=[broken]) == []
    [report] = run_due_jobs(now=TEN_PAST_TEN + timedelta(hours=1), jobs=[broken])
    assert report.result == "failed"


def test_readyz_names_a_job_that_has_not_run_on_time(app, client):
    run_due_jobs(now=utcnow())
    assert client.get("/readyz").status_code == 200

    reminders = db.session.scalars(select(JobRun).where(JobRun.job == "reminders")).one()
    reminders.due_at -= timedelta(hours=3)  # as if the worker stopped three hours ago
    db.session.commit()
    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json["jobs"]["reminders"]["status"] == "overdue"
    assert response.json["jobs"]["retention-purge"]["status"] == "ok"
    assert response.json["jobs"]["pledge-reminders"]["status"] == "ok"


def test_readyz_says_jobs_that_have_never_run_are_overdue(client):
    response = client.get("/readyz")

    assert response.status_code == 503
    assert {name: job["status"] for name, job in response.json["jobs"].items()} == {
        "reminders": "overdue",
        "retention-purge": "overdue",
        "pledge-reminders": "overdue",
        "films": "overdue",
    }


def test_a_job_within_its_grace_is_not_overdue(app, client):
    run_due_jobs(now=utcnow())
    reminders = db.session.scalars(select(JobRun).where(JobRun.job == "reminders")).one()
    # The next hourly run is due, but the worker has JOB_OVERDUE_GRACE_MINUTES to do it.
    reminders.due_at -= timedelta(hours=1)
    db.session.commit()

    assert client.get("/readyz").json["jobs"]["reminders"]["status"] == "ok"


def test_the_staff_console_shows_when_each_job_last_ran_and_flags_failures(
    app, client, auth, staff_user
):
    _booked_for_tomorrow()
    run_due_jobs(now=utcnow())
    purge = db.session.scalars(select(JobRun).where(JobRun.job == "retention-purge")).one()
    purge.outcome = "failed"
    purge.error = "OperationalError in portal/retention.py, line 120"
    purge.due_at -= timedelta(days=2)
    db.session.commit()
    auth.login(staff_user.email)

    page = client.get("/staff").get_data(as_text=True)

    assert "Scheduled jobs" in page
    assert "Reminders and feedback requests" in page
    assert "Queued 1 reminders and 0 feedback requests" in page
    assert "Failed</strong> OperationalError in portal/retention.py, line 120" in page
    assert "Overdue</strong>" in page
    assert "Some scheduled jobs have failed or not run on time" in page


def test_the_staff_console_says_when_jobs_have_never_run(client, auth, staff_user):
    auth.login(staff_user.email)

    page = client.get("/staff").get_data(as_text=True)

    assert page.count("Never run</strong>") == len(JOBS)
    assert "Some scheduled jobs have failed or not run on time" in page


def test_old_job_runs_are_pruned_but_each_jobs_latest_and_latest_success_stay(app):
    from portal.jobs.services import prune_job_runs

    long_ago = TEN_PAST_TEN - timedelta(days=200)

    def run(job: str, days: int, outcome: str) -> JobRun:
        started = long_ago + timedelta(days=days)
        record = JobRun(job=job, due_at=started, started_at=started, outcome=outcome)
        db.session.add(record)
        db.session.flush()
        return record

    run("films", 0, "ok")
    last_ok = run("films", 1, "ok")
    last = run("films", 2, "failed")
    only = run("reminders", 0, "failed")
    db.session.commit()

    assert prune_job_runs(now=TEN_PAST_TEN) == 1
    db.session.commit()
    assert {r.id for r in _runs()} == {last_ok.id, last.id, only.id}

    recent = run("films", 199, "ok")
    db.session.commit()
    assert prune_job_runs(now=TEN_PAST_TEN) == 2  # a newer run and a newer success came
    db.session.commit()
    assert {r.id for r in _runs()} == {recent.id, only.id}
