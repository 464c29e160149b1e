"""Configuration, read from the environment (and a `.env` file when one is present).

`PORTAL_ENV` chooses between `production` (the default, so a forgotten setting fails safe) and
`development`. Production refuses to start without a `SECRET_KEY` and a `PUBLIC_URL`.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
# The wheel carries templates/, static/ and migrations/ inside the package (setup.py copies them
# there); a checkout keeps them beside it, at the top of the project.
INSTALLED = (PACKAGE_DIR / "templates").is_dir()
SHIPPED_ROOT = PACKAGE_DIR if INSTALLED else PROJECT_ROOT
TEMPLATES_DIR = SHIPPED_ROOT / "templates"
STATIC_DIR = SHIPPED_ROOT / "static"
MIGRATIONS_DIR = SHIPPED_ROOT / "migrations"
# Where the portal keeps what it writes (the SQLite file, uploads, the development secret key):
# INSTANCE_PATH when set; in a checkout, instance/ at its top; installed, Flask's own choice for
# an installed package, <prefix>/var/portal-instance.
INSTANCE_PATH = Path(
    os.environ.get("INSTANCE_PATH")
    or (Path(sys.prefix) / "var" / "portal-instance" if INSTALLED else PROJECT_ROOT / "instance")
)
# The .env file beside the checkout, or in the working directory of an installed portal.
DOTENV_PATH = Path.cwd() / ".env" if INSTALLED else PROJECT_ROOT / ".env"


class ConfigError(RuntimeError):
    """The environment does not describe a configuration the portal can safely run with."""


def _flag(environ: Mapping[str, str], name: str, default: bool = False) -> bool:
    value = environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(environ: Mapping[str, str], name: str, default: int) -> int:
    value = environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ConfigError(f"{name} must be a whole number, not {value!r}") from error


def _period(environ: Mapping[str, str], name: str, default: int) -> int:
    """A retention period: a whole number of at least 1. Zero or less would delete things the
    moment they are made (an audit log of nothing) or keep them forever by accident."""
    number = _int(environ, name, default)
    if number < 1:
        raise ConfigError(f"{name} must be 1 or more, not {number}")
    return number


def _limits(environ: Mapping[str, str]) -> dict:
    """What one account may do (the rules that use them say why): whole numbers of at least 1.
    Zero would lock every family out, which is what closing a session or a form is for."""
    limits = {
        # Places one account may hold in one session, booked or waiting. An account has one
        # booking or waiting-list place per session, so this is also the largest party.
        "MAX_PLACES_PER_SESSION": _int(environ, "MAX_PLACES_PER_SESSION", 8),
        # Bookings and waiting-list places one account may hold for sessions still to come
        # (staff booking for someone on the phone are not held to it: they judge).
        "MAX_ACTIVE_BOOKINGS": _int(environ, "MAX_ACTIVE_BOOKINGS", 6),
        # Comments on businesses, and suggestions for the library, per account per day.
        "MAX_COMMENTS_PER_DAY": _int(environ, "MAX_COMMENTS_PER_DAY", 5),
        "MAX_SUGGESTIONS_PER_DAY": _int(environ, "MAX_SUGGESTIONS_PER_DAY", 5),
    }
    for name, number in limits.items():
        if number < 1:
            raise ConfigError(f"{name} must be 1 or more, not {number}")
    return limits


def _retention(environ: Mapping[str, str]) -> dict:
    """How long personal data is kept (portal/retention.py lists what each one deletes)."""
    periods = {
        "ACCESS_NEEDS_RETENTION_DAYS": _period(environ, "ACCESS_NEEDS_RETENTION_DAYS", 30),
        "BOOKING_DRAFT_HOURS": _period(environ, "BOOKING_DRAFT_HOURS", 24),
        "OUTBOX_BODY_RETENTION_DAYS": _period(environ, "OUTBOX_BODY_RETENTION_DAYS", 90),
        "FEEDBACK_TEXT_RETENTION_DAYS": _period(environ, "FEEDBACK_TEXT_RETENTION_DAYS", 2 * 365),
        "AUDIT_LOG_RETENTION_DAYS": _period(environ, "AUDIT_LOG_RETENTION_DAYS", 6 * 365),
        "UNCONFIRMED_ACCOUNT_DAYS": _period(environ, "UNCONFIRMED_ACCOUNT_DAYS", 30),
        "INACTIVE_ACCOUNT_DAYS": _period(environ, "INACTIVE_ACCOUNT_DAYS", 3 * 365),
        "INACTIVE_ACCOUNT_WARNING_DAYS": _period(environ, "INACTIVE_ACCOUNT_WARNING_DAYS", 30),
        "INVITATION_RETENTION_DAYS": _period(environ, "INVITATION_RETENTION_DAYS", 30),
        "CONSULTATION_ADDRESS_RETENTION_DAYS": _period(
            environ, "CONSULTATION_ADDRESS_RETENTION_DAYS", 7
        ),
    }
    if periods["INACTIVE_ACCOUNT_WARNING_DAYS"] >= periods["INACTIVE_ACCOUNT_DAYS"]:
        raise ConfigError(
            "INACTIVE_ACCOUNT_WARNING_DAYS must be fewer than INACTIVE_ACCOUNT_DAYS: the warning "
            "goes that many days before an unused account is deleted"
        )
    return periods


def _schedule(environ: Mapping[str, str], name: str, default: str) -> str:
    """A job's schedule: a cron expression, read in Europe/London time (portal/jobs/schedule.py)."""
    from croniter import croniter

    value = environ.get(name, "").strip() or default
    if not croniter.is_valid(value):
        raise ConfigError(
            f"{name} must be a cron expression such as '0 3 * * *' (3am daily), not {value!r}"
        )
    return value


def _jobs(environ: Mapping[str, str]) -> dict:
    """When the worker runs each scheduled job, and how it checks for work."""
    interval = _int(environ, "WORKER_INTERVAL_SECONDS", 30)
    if interval < 1:
        raise ConfigError(f"WORKER_INTERVAL_SECONDS must be 1 or more, not {interval}")
    return {
        "WORKER_INTERVAL_SECONDS": interval,
        "JOB_SCHEDULE_REMINDERS": _schedule(environ, "JOB_SCHEDULE_REMINDERS", "0 * * * *"),
        "JOB_SCHEDULE_RETENTION_PURGE": _schedule(
            environ, "JOB_SCHEDULE_RETENTION_PURGE", "0 3 * * *"
        ),
        "JOB_SCHEDULE_PLEDGE_REMINDERS": _schedule(
            environ, "JOB_SCHEDULE_PLEDGE_REMINDERS", "0 9 * * *"
        ),
        "JOB_SCHEDULE_FILMS": _schedule(environ, "JOB_SCHEDULE_FILMS", "*/5 * * * *"),
        "JOB_OVERDUE_GRACE_MINUTES": _period(environ, "JOB_OVERDUE_GRACE_MINUTES", 60),
    }


# Who to call when it cannot wait, shown in every page's footer and on the home page: entries
# separated by ";", each "who or when|number|what then" (the last part is optional).
DEFAULT_CRISIS_CONTACTS = (
    "In an emergency, or if a life is at risk|999;"
    "Urgent mental health help, any age (NHS 111)|111|choose option 2;"
    "Samaritans, to talk any time, free|116 123"
)


@dataclass(frozen=True)
class CrisisContact:
    """One line of the "Need help now?" block: "{label}: call {number}, {then}"."""

    label: str
    number: str
    then: str = ""

    @property
    def tel(self) -> str:
        """The number as a link: digits only, so "116 123" dials."""
        return "tel:" + "".join(c for c in self.number if c.isdigit() or c == "+")


def _crisis_contacts(environ: Mapping[str, str]) -> tuple[CrisisContact, ...]:
    value = environ.get("CRISIS_CONTACTS", "").strip() or DEFAULT_CRISIS_CONTACTS
    contacts = []
    for entry in (e.strip() for e in value.split(";")):
        if not entry:
            continue
        parts = [p.strip() for p in entry.split("|")]
        if len(parts) not in (2, 3) or not parts[0] or not any(c.isdigit() for c in parts[1]):
            raise ConfigError(
                "CRISIS_CONTACTS must be entries separated by ';', each 'who or when|number' "
                f"or 'who or when|number|what then', such as 'Samaritans|116 123'; not {entry!r}"
            )
        contacts.append(CrisisContact(*parts))
    return tuple(contacts)


def _log_format(environ: Mapping[str, str], production: bool) -> str:
    chosen = environ.get("LOG_FORMAT", "json" if production else "text").strip().lower()
    if chosen not in {"json", "text"}:
        raise ConfigError("LOG_FORMAT must be 'json' or 'text'")
    return chosen


def _default_mail_port(environ: Mapping[str, str]) -> int:
    if _flag(environ, "MAIL_USE_SSL"):
        return 465
    return 587 if _flag(environ, "MAIL_USE_TLS") else 25


def normalise_database_url(url: str) -> str:
    """Point PostgreSQL URLs at psycopg 3, whatever spelling the host gave us."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _engine_options(environ: Mapping[str, str], database_url: str) -> dict:
    """How each process connects to the database. PostgreSQL: a pool per process of
    DATABASE_POOL_SIZE connections kept open, plus up to DATABASE_MAX_OVERFLOW more at a busy
    moment (README, "Connections", gives the sum for several hosts). With PGBOUNCER on (a
    PgBouncer in transaction pooling mode in front), psycopg prepares no statements on the
    server, since the next transaction may run on another server connection."""
    options: dict = {"pool_pre_ping": True}
    if not database_url.startswith("postgresql"):
        return options  # SQLite: one file, SQLAlchemy's own pool for it
    sizes = {
        "pool_size": _int(environ, "DATABASE_POOL_SIZE", 5),
        "max_overflow": _int(environ, "DATABASE_MAX_OVERFLOW", 10),
        "pool_timeout": _int(environ, "DATABASE_POOL_TIMEOUT", 30),
        "pool_recycle": _int(environ, "DATABASE_POOL_RECYCLE", 1800),
    }
    if sizes["pool_size"] < 1 or min(sizes.values()) < 0:
        raise ConfigError(
            "DATABASE_POOL_SIZE must be 1 or more, and DATABASE_MAX_OVERFLOW, "
            "DATABASE_POOL_TIMEOUT and DATABASE_POOL_RECYCLE 0 or more"
        )
    options.update(sizes)
    if _flag(environ, "PGBOUNCER"):
        options["connect_args"] = {"prepare_threshold": None}
    return options


def _development_secret_key(instance_path: Path) -> str:
    """Generate a secret key once and keep it in instance/, so sessions survive restarts."""
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def _storage(environ: Mapping[str, str]) -> dict:
    """Where uploads live (portal/storage/): MEDIA_FOLDER, or an S3-compatible bucket."""
    kind = environ.get("STORAGE", "local").strip().lower() or "local"
    if kind not in {"local", "s3"}:
        raise ConfigError("STORAGE must be 'local' or 's3'")
    bucket = environ.get("S3_BUCKET", "").strip()
    if kind == "s3" and not bucket:
        raise ConfigError("STORAGE is s3, so S3_BUCKET must name the bucket that holds uploads")
    return {
        "STORAGE": kind,
        "S3_BUCKET": bucket,
        # Empty: AWS itself. Set for any other S3-compatible store (MinIO, a cloud's own).
        "S3_ENDPOINT_URL": environ.get("S3_ENDPOINT_URL", "").strip(),
        "S3_REGION": environ.get("S3_REGION", "").strip(),
        # Empty: boto3 finds credentials itself (its environment variables, an instance role).
        "S3_ACCESS_KEY_ID": environ.get("S3_ACCESS_KEY_ID", "").strip(),
        "S3_SECRET_ACCESS_KEY": environ.get("S3_SECRET_ACCESS_KEY", "").strip(),
        # Films are fetched from the bucket through a link valid for a few minutes, after the
        # portal's own checks, instead of through the portal.
        "S3_PRESIGNED_FILMS": _flag(environ, "S3_PRESIGNED_FILMS"),
    }


def from_environment(
    environ: Mapping[str, str] = os.environ, instance_path: Path = INSTANCE_PATH
) -> dict:
    """Build the Flask configuration mapping from environment variables."""
    environment = environ.get("PORTAL_ENV", "production").strip().lower()
    if environment not in {"production", "development"}:
        raise ConfigError("PORTAL_ENV must be 'production' or 'development'")
    production = environment == "production"

    secret_key = environ.get("SECRET_KEY", "")
    if not secret_key:
        if production:
            raise ConfigError(
                "SECRET_KEY is not set. In production the portal refuses to start without one: "
                'generate one with: python -c "import secrets; print(secrets.token_hex(32))"'
            )
        secret_key = _development_secret_key(instance_path)

    public_url = environ.get("PUBLIC_URL", "").rstrip("/")
    if not public_url:
        if production:
            raise ConfigError(
                "PUBLIC_URL is not set. In production it must be the portal's address, "
                "such as https://portal.example.org: emailed links are built from it."
            )
        public_url = "http://127.0.0.1:5000"

    trusted_hosts = [h.strip() for h in environ.get("TRUSTED_HOSTS", "").split(",") if h.strip()]
    if production and not trusted_hosts:
        trusted_hosts = [urlsplit(public_url).hostname or ""]

    if (
        production
        and environ.get("MAIL_USERNAME")
        and not (_flag(environ, "MAIL_USE_TLS") or _flag(environ, "MAIL_USE_SSL"))
    ):
        raise ConfigError(
            "MAIL_USERNAME is set but neither MAIL_USE_TLS nor MAIL_USE_SSL: the mail password "
            "would cross the network unencrypted. Turn one of them on."
        )

    database_url = environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'portal.db'}"
    redis_url = environ.get("REDIS_URL", "")
    per_process_limits = _flag(environ, "RATELIMIT_PER_PROCESS")
    if production and not redis_url and not per_process_limits:
        raise ConfigError(
            "REDIS_URL is not set. In production rate limits must be shared by every worker, "
            "so the portal refuses to start without Redis. To run one process with its own "
            "limits anyway, set RATELIMIT_PER_PROCESS=1."
        )
    contact_email = environ.get("CONTACT_EMAIL", "autism.training@example.org")

    return {
        "PORTAL_ENV": environment,
        "SECRET_KEY": secret_key,
        "PUBLIC_URL": public_url,
        "TRUSTED_HOSTS": trusted_hosts or None,
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "SQLALCHEMY_ENGINE_OPTIONS": _engine_options(environ, normalise_database_url(database_url)),
        "REDIS_URL": redis_url,
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        # Set when several portals (a staging copy, say) share one Redis: their counts stay apart.
        **(
            {"RATELIMIT_KEY_PREFIX": prefix}
            if (prefix := environ.get("RATELIMIT_KEY_PREFIX"))
            else {}
        ),
        # If Redis stops answering, each process counts on its own (and logs a warning) until
        # it is back, rather than refuse families' requests. Short timeouts: a Redis that hangs
        # must not hold up a sign-in for long.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_STORAGE_OPTIONS": (
            {"socket_connect_timeout": 1, "socket_timeout": 1} if redis_url else {}
        ),
        "PROXY_FIX_X_FOR": _int(environ, "PROXY_FIX_X_FOR", 0),
        # JSON lines in production (for a log platform), plain text for a developer to read.
        "LOG_FORMAT": _log_format(environ, production),
        "SENTRY_DSN": environ.get("SENTRY_DSN", ""),
        "PROXY_FIX_X_PROTO": _int(environ, "PROXY_FIX_X_PROTO", 0),
        "MAIL_SERVER": environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": _int(environ, "MAIL_PORT", _default_mail_port(environ)),
        "MAIL_USERNAME": environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": _flag(environ, "MAIL_USE_TLS"),
        "MAIL_USE_SSL": _flag(environ, "MAIL_USE_SSL"),
        # A file of certificate authorities to trust for the mail server instead of the
        # system's (a council's own authority, say). The certificate is always checked.
        "MAIL_CA_FILE": environ.get("MAIL_CA_FILE", ""),
        "MAIL_DEFAULT_SENDER": environ.get(
            "MAIL_DEFAULT_SENDER", "Bromley Autism Portal <no-reply@localhost>"
        ),
        "CONTACT_EMAIL": contact_email,
        # The team's phone and when it is answered: on the contact page, for a session today.
        "CONTACT_PHONE": environ.get("CONTACT_PHONE", "020 7946 0321").strip(),
        "CONTACT_HOURS": environ.get("CONTACT_HOURS", "Monday to Friday, 9am to 5pm").strip(),
        # Who answers for families' data (the "controller"), named on the privacy notice.
        "PRIVACY_CONTROLLER_NAME": environ.get(
            "PRIVACY_CONTROLLER_NAME", "Bromley Autism Partnership"
        ),
        "PRIVACY_CONTACT_EMAIL": environ.get("PRIVACY_CONTACT_EMAIL") or contact_email,
        "PRIVACY_CONTACT_ADDRESS": environ.get("PRIVACY_CONTACT_ADDRESS", "").strip(),
        "CRISIS_CONTACTS": _crisis_contacts(environ),
        "MEDIA_FOLDER": environ.get("MEDIA_FOLDER") or str(instance_path / "media"),
        **_storage(environ),
        # Where pg_dump and pg_restore are (`backup create`/`restore`); empty: on the PATH.
        "POSTGRES_BIN_DIR": environ.get("POSTGRES_BIN_DIR", "").strip(),
        # ffmpeg, for films' other format and posters (portal/library/films.py); default: the
        # imageio-ffmpeg package's, or ffmpeg on the PATH.
        "FFMPEG_PATH": environ.get("FFMPEG_PATH", "").strip(),
        "REMINDER_DAYS_BEFORE": _int(environ, "REMINDER_DAYS_BEFORE", 2),
        "BUSINESS_INVITATION_DAYS": _int(environ, "BUSINESS_INVITATION_DAYS", 7),
        **_retention(environ),
        **_limits(environ),
        **_jobs(environ),
        "PAGE_CACHE_SECONDS": _int(environ, "PAGE_CACHE_SECONDS", 30),
        # For the benchmark only (bench/run.py): one revision for all public content.
        "PAGE_CACHE_ONE_REVISION": _flag(environ, "PAGE_CACHE_ONE_REVISION"),
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_SECURE": production,
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        "HSTS": production,
    }


class BaseConfig:
    """Settings that do not depend on the environment."""

    SQLALCHEMY_TRACK_MODIFICATIONS = False
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    # Flask-Login's remember-me cookie lasts a year by default; a shared family tablet
    # should not stay signed in that long.
    REMEMBER_COOKIE_DURATION = timedelta(days=14)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_REFRESH_EACH_REQUEST = False
    WTF_CSRF_TIME_LIMIT = 3600 * 8
    MAX_CONTENT_LENGTH = 20 * 1024 * 1024
    # Said explicitly: Flask-Limiter otherwise keeps whatever the last app in the process set.
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_STRATEGY = "moving-window"
    PASSWORD_RESET_MAX_AGE = timedelta(hours=1)
    # The link that confirms a new account's address, and the one that moves an account to a
    # new address.
    EMAIL_CONFIRMATION_MAX_AGE = timedelta(days=7)
    EMAIL_CHANGE_MAX_AGE = timedelta(hours=24)
    # The link in a booking email that lets someone staff booked by phone create their first
    # password: they may not open their email for a while.
    SET_PASSWORD_MAX_AGE = timedelta(days=14)
    # argon2id cost: argon2-cffi's RFC 9106 "low memory" profile.
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 64 * 1024
    ARGON2_PARALLELISM = 4
    OUTBOX_MAX_ATTEMPTS = 8
    # /readyz says the outbox is behind when a message due to be sent has waited longer.
    OUTBOX_BACKLOG_MINUTES = 30
    OUTBOX_RETRY_BASE_SECONDS = 60
    SMTP_TIMEOUT_SECONDS = 20
    # Public pages kept in memory for visitors who are not signed in (portal/page_cache.py).
    PAGE_CACHE_SECONDS = 30
    PAGE_CACHE_MAX_PAGES = 500
    # Search results pages, in a store of their own (see `shared_page`'s `search`).
    PAGE_CACHE_MAX_SEARCHES = 200
    # True maps every table to one area, so any change drops every kept page: the benchmark
    # compares this with revisions by area (docs/benchmarks.md). Never set it in production.
    PAGE_CACHE_ONE_REVISION = False
    # Compress pages only for visitors who are not signed in (see portal/compression.py).
    COMPRESS_REGISTER = False
    COMPRESS_MIMETYPES = ("text/html", "text/calendar", "application/json")
    COMPRESS_ALGORITHM = ("br", "gzip")
