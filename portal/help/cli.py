"""`flask help reindex`: store every service's search words again."""

import click

from portal.extensions import db
from portal.help import bp
from portal.help.search import reindex


@bp.cli.command("reindex")
def reindex_command():
    """Index every help service again (after changing what the search stores)."""
    count = reindex(db.session)
    db.session.commit()
    click.echo(f"Indexed {count} help {'service' if count == 1 else 'services'}.")
