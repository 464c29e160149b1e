"""Scheduled work: the jobs the worker runs on their schedules, and the record of every run.

`flask --app wsgi worker` sends email continuously and runs each job in `schedule.JOBS` when it
is due (`services.run_due_jobs`). Several workers may run at once: each due time runs once.
"""
