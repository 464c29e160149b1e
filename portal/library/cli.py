"""`flask library reindex`: store every item's search words again."""

import click

from portal.extensions import db
from portal.library import bp
from portal.library.search import reindex


@bp.cli.command("reindex")
def reindex_command():
    """Index every library item again (after changing what the search stores)."""
    count = reindex(db.session)
    db.session.commit()
    click.echo(f"Indexed {count} library {'item' if count == 1 else 'items'}.")
