"""several quiet hours per pledge, and one open pledge per business

A pledge's one quiet hour was three text columns (day name, and start and end as typed or as
clock labels: "Tuesday", "9am" or "9:00", "10:30am"). Each becomes a row of quiet_hours, with
the day as a number and the times as times; the text columns go. A quiet hour whose text
cannot be read as times (none should exist: the form checked them) is left out and named in
the migration's output, so staff can ask the business for it.

Before the partial unique index is made, a business with more than one open pledge (draft,
sent back, or waiting for review) keeps its newest; older drafts, which nobody but the business
saw, are deleted, and older pledges staff have seen are declined with a note saying why.

Revision ID: 2dc36755e12d
Revises: c107bd598e2f
Create Date: 2026-11-29 21:01:52.650595

"""
import re
from datetime import time

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2dc36755e12d'
down_revision = 'c107bd598e2f'
branch_labels = None
depends_on = None

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
OPEN = "status IN ('draft', 'changes-requested', 'submitted')"
COLUMNS = ('quiet_hour_day', 'quiet_hour_start', 'quiet_hour_end')
TIME = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*$", re.IGNORECASE)


def _time(text):
    """As portal.dates.parse_time read it when the pledge was saved (copied: a migration must
    not change when the application's code does)."""
    match = TIME.match(text or "")
    if not match:
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), (match.group(3) or "").lower()
    if half == "pm" and hour < 12:
        hour += 12
    if half == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or (half and not 1 <= int(match.group(1)) <= 12):
        return None
    return time(hour, minute)


def _label(value):
    return value.strftime("%I:%M%p").lstrip("0").lower().replace(":00", "")


def _one_open_pledge_each(connection):
    rows = connection.execute(
        sa.text(f"SELECT id, business_id, status FROM pledges WHERE {OPEN} ORDER BY business_id, id DESC")
    ).all()
    seen = set()
    for pledge_id, business_id, status in rows:
        if business_id not in seen:
            seen.add(business_id)  # the newest stays open
        elif status == "draft":
            connection.execute(sa.text("DELETE FROM pledge_commitments WHERE pledge_id = :id"), {"id": pledge_id})
            connection.execute(sa.text("DELETE FROM quiet_hours WHERE pledge_id = :id"), {"id": pledge_id})
            connection.execute(sa.text("DELETE FROM pledges WHERE id = :id"), {"id": pledge_id})
        else:
            connection.execute(
                sa.text("UPDATE pledges SET status = 'declined', staff_message = :note WHERE id = :id"),
                {"id": pledge_id, "note": "Closed because a newer pledge for this business was started."},
            )


def upgrade():
    quiet_hours = op.create_table('quiet_hours',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pledge_id', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.Time(), nullable=False),
    sa.Column('ends_at', sa.Time(), nullable=False),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_quiet_hours_ends_after_it_starts')),
    sa.CheckConstraint('weekday BETWEEN 0 AND 6', name=op.f('ck_quiet_hours_weekday_is_a_day')),
    sa.ForeignKeyConstraint(['pledge_id'], ['pledges.id'], name=op.f('fk_quiet_hours_pledge_id_pledges'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiet_hours'))
    )
    with op.batch_alter_table('quiet_hours', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiet_hours_pledge_id'), ['pledge_id'], unique=False)

    connection = op.get_bind()
    rows = connection.execute(
        sa.text("SELECT id, quiet_hour_day, quiet_hour_start, quiet_hour_end FROM pledges WHERE quiet_hour_day != ''")
    ).all()
    copied = []
    for pledge_id, day, start, end in rows:
        starts, ends = _time(start), _time(end)
        if day not in DAYS or starts is None or ends is None or ends <= starts:
            print(f"Pledge {pledge_id}: quiet hour not copied, it could not be read: {day!r} {start!r} to {end!r}")
            continue
        copied.append({"pledge_id": pledge_id, "weekday": DAYS.index(day), "starts_at": starts, "ends_at": ends})
    if copied:
        op.bulk_insert(quiet_hours, copied)

    _one_open_pledge_each(connection)
    op.create_index('uq_pledges_one_open_per_business', 'pledges', ['business_id'], unique=True, sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))
    # Not batch mode: on SQLite it copies pledges to a new table and drops the old one, and
    # with foreign keys on, that drop deletes every row that cascades from a pledge (its
    # commitments, and the quiet hours just copied). SQLite 3.35+ drops a column in place.
    for name in COLUMNS:
        op.execute(f"ALTER TABLE pledges DROP COLUMN {name}")


def downgrade():
    # Back to one quiet hour per pledge: each keeps its first (earliest in the week).
    op.add_column('pledges', sa.Column('quiet_hour_day', sa.VARCHAR(length=10), nullable=False, server_default=''))
    op.add_column('pledges', sa.Column('quiet_hour_start', sa.VARCHAR(length=7), nullable=False, server_default=''))
    op.add_column('pledges', sa.Column('quiet_hour_end', sa.VARCHAR(length=7), nullable=False, server_default=''))
    op.drop_index('uq_pledges_one_open_per_business', table_name='pledges')

    connection = op.get_bind()
    hours = connection.execute(
        sa.text("SELECT pledge_id, weekday, starts_at, ends_at FROM quiet_hours ORDER BY pledge_id, weekday, starts_at")
    ).all()
    done = set()
    for pledge_id, weekday, starts, ends in hours:
        if pledge_id in done:
            continue
        done.add(pledge_id)
        if isinstance(starts, str):  # SQLite hands times back as text
            starts, ends = time.fromisoformat(starts), time.fromisoformat(ends)
        connection.execute(
            sa.text("UPDATE pledges SET quiet_hour_day = :day, quiet_hour_start = :start, quiet_hour_end = :end WHERE id = :id"),
            {"id": pledge_id, "day": DAYS[weekday], "start": _label(starts), "end": _label(ends)},
        )

    with op.batch_alter_table('quiet_hours', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiet_hours_pledge_id'))

    op.drop_table('quiet_hours')
