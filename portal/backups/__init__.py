"""Backups of the database and the media folder, proved by restoring them.

`services.py` holds the two things the command line does (`flask --app wsgi backup create`
and `backup restore`); `archive.py` writes and safely reads the archive; `databases.py` dumps
and restores each kind of database (pg_dump/pg_restore for PostgreSQL, SQLite's online backup
API). The README's "Backups and restore" section says what to schedule and how to run a drill.
"""


class BackupError(RuntimeError):
    """A backup or restore could not be done; the message says why, plainly, and what to do."""
