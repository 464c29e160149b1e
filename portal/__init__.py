"""The Bromley autism community portal."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from dotenv import load_dotenv
from flask import Flask
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import joinedload
from werkzeug.middleware.proxy_fix import ProxyFix

from portal.config import (
    DOTENV_PATH,
    INSTANCE_PATH,
    MIGRATIONS_DIR,
    STATIC_DIR,
    TEMPLATES_DIR,
    BaseConfig,
    from_environment,
)

SERVICE_NAME = "Bromley Autism Portal"


def create_app(config: dict | None = None) -> Flask:
    """Build the application. Without `config`, settings come from the environment."""
    app = Flask(
        __name__,
        instance_path=str(INSTANCE_PATH),
        static_folder=str(STATIC_DIR),
        template_folder=None,
    )
    app.config.from_object(BaseConfig)
    if config is None:
        load_dotenv(DOTENV_PATH)
        app.config.update(from_environment())
    else:
        app.config.update(config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    _configure_templates(app)
    _init_extensions(app)
    _register_blueprints(app)

    from portal import assets, cli, compression, errors, input_guard, logs, page_cache, security

    errors.init_app(app)
    logs.init_app(app)  # before the input guard: a refused request has its id too
    input_guard.init_app(app)
    # Compression is registered before the security headers, so it runs after them.
    compression.init_app(app)
    security.init_app(app)
    page_cache.init_app(app)
    assets.init_app(app)
    cli.init_app(app)

    if app.config.get("PROXY_FIX_X_FOR") or app.config.get("PROXY_FIX_X_PROTO"):
        app.wsgi_app = ProxyFix(
            app.wsgi_app,
            x_for=app.config["PROXY_FIX_X_FOR"],
            x_proto=app.config["PROXY_FIX_X_PROTO"],
        )
    return app


def _configure_templates(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(TEMPLATES_DIR)),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    WTFormsHelpers(app)

    from portal import dates

    app.jinja_env.filters["london_datetime"] = dates.london_datetime
    app.jinja_env.filters["london_date"] = dates.london_date
    app.jinja_env.filters["london_day"] = dates.london_day
    app.jinja_env.filters["london_time"] = dates.london_time
    app.jinja_env.filters["london_short"] = dates.london_short
    app.jinja_env.globals["service_name"] = SERVICE_NAME
    app.jinja_env.globals["timedelta"] = timedelta
    from portal.forms import error_summary
    from portal.retention import retention_period

    app.jinja_env.globals["error_summary"] = error_summary
    app.jinja_env.globals["retention_period"] = retention_period


def _init_extensions(app: Flask) -> None:
    from portal import storage
    from portal.extensions import (
        csrf,
        db,
        include_in_migrations,
        limiter,
        login_manager,
        migrate,
        render_migration_item,
    )
    from portal.models import User

    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=str(MIGRATIONS_DIR),
        render_as_batch=True,
        compare_type=True,
        render_item=render_migration_item,
        include_object=include_in_migrations,
    )
    csrf.init_app(app)
    limiter.init_app(app)

    login_manager.init_app(app)
    storage.init_app(app)
    login_manager.login_view = "accounts.sign_in"
    login_manager.login_message = "Sign in to see that page."
    login_manager.login_message_category = "info"
    # Flask-Login's "strong" protection would sign people out when their phone changes network.
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(session_token: str) -> User | None:
        # With the authenticator app, if any, in the same query: every staff page and the
        # account page ask whether the person has one.
        return db.session.scalar(
            db.select(User)
            .where(User.session_token == session_token, User.disabled.is_(False))
            .options(joinedload(User.second_factor))
        )


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    # SQLite leaves foreign keys off unless asked, and WAL lets readers and a writer overlap.
    import sqlite3

    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


def _register_blueprints(app: Flask) -> None:
    from portal import (
        accounts,
        board,
        challenges,
        consultations,
        events,
        groups,
        help,
        library,
        outcomes,
        pages,
        pledges,
        staff,
    )

    domains = (pages, accounts, events, pledges, library, groups, help)
    co_production = (board, consultations, challenges, outcomes)
    for module in (*domains, *co_production, staff):
        app.register_blueprint(module.bp)

    # Not blueprints, but they hold personal data too (accounts/registry.py). After the domains:
    # erasing a domain's data may queue an email, which the outbox's erasure then takes.
    from portal.audit import personal_data as audit_data  # noqa: F401
    from portal.outbox import personal_data as outbox_data  # noqa: F401
