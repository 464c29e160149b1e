"""Flask extensions, created here and bound to the app in `create_app`."""

from collections.abc import Callable

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


# Rules `(type_, name) -> bool` naming what a domain's migrations make by hand (a full-text
# search table, a generated column), which autogenerate must neither drop nor add. Each domain
# adds its own with `leave_out_of_migrations`, so this module need not know them.
_made_by_hand: list[Callable[[str, str | None], bool]] = []


def leave_out_of_migrations(rule: Callable[[str, str | None], bool]) -> None:
    """Have autogenerate leave alone every schema object for which `rule(type_, name)` is true."""
    if rule not in _made_by_hand:
        _made_by_hand.append(rule)


def include_in_migrations(obj, name, type_, reflected, compare_to) -> bool:
    """Leave out what migrations make by hand, as the domains' rules name it."""
    return not any(rule(type_, name) for rule in _made_by_hand)


def render_migration_item(type_, obj, autogen_context):
    """Write our column types into migrations as the plain SQLAlchemy types they store.

    Migrations then never import application code, which may move or change later.
    """
    from portal.dates import UTCDateTime

    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False
