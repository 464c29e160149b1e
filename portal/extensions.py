"""Flask extensions, created here and bound to the app in `create_app`."""

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    # Named constraints, so migrations read the same on SQLite and PostgreSQL and
    # SQLite's batch mode can find the constraints it must recreate.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
# Storage comes from RATELIMIT_STORAGE_URI: Redis in production, so that limits hold across
# workers and hosts; memory on a laptop.
limiter = Limiter(key_func=get_remote_address)


def include_in_migrations(obj, name, type_, reflected, compare_to) -> bool:
    """Leave out what migrations make by hand: the full-text search tables and index."""
    from portal.library.search import POSTGRES_COLUMN, POSTGRES_INDEX, is_search_table

    if (type_, name) in {("index", POSTGRES_INDEX), ("column", POSTGRES_COLUMN)}:
        return False
    return not (type_ == "table" and name and is_search_table(name))


def render_migration_item(type_, obj, autogen_context):
    """Write our column types into migrations as the plain SQLAlchemy types they store.

    Migrations then never import application code, which may move or change later.
    """
    from portal.dates import UTCDateTime

    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False
