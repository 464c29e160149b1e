"""Configuration from the environment: safe defaults, and production refuses to guess."""

import pytest

from portal.config import ConfigError, from_environment, normalise_database_url


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        from_environment({"PUBLIC_URL": "https://portal.example.org"}, instance_path=tmp_path)


def test_production_refuses_to_start_without_a_public_url(tmp_path):
    with pytest.raises(ConfigError, match="PUBLIC_URL"):
        from_environment({"SECRET_KEY": "s"}, instance_path=tmp_path)


def test_production_is_the_default_and_trusts_only_the_public_host(tmp_path):
    config = from_environment(
        {
            "SECRET_KEY": "s",
            "PUBLIC_URL": "https://portal.example.org",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        },
        instance_path=tmp_path,
    )
    assert config["PORTAL_ENV"] == "production"
    assert config["TRUSTED_HOSTS"] == ["portal.example.org"]
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["REMEMBER_COOKIE_SECURE"] is True
    assert config["HSTS"] is True


def test_development_makes_a_secret_key_once_and_keeps_it(tmp_path):
    first = from_environment({"PORTAL_ENV": "development"}, instance_path=tmp_path)
    second = from_environment({"PORTAL_ENV": "development"}, instance_path=tmp_path)
    assert len(first["SECRET_KEY"]) == 64
    assert first["SECRET_KEY"] == second["SECRET_KEY"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_the_default_database_is_a_sqlite_file_in_instance(tmp_path):
    config = from_environment({"PORTAL_ENV": "development"}, instance_path=tmp_path)
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'portal.db'}"


def test_postgres_urls_use_psycopg_3():
    assert normalise_database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_redis_url_moves_rate_limits_to_redis(tmp_path):
    config = from_environment(
        {"PORTAL_ENV": "development", "REDIS_URL": "redis://127.0.0.1:6379/0"},
        instance_path=tmp_path,
    )
    assert config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"


def test_portals_sharing_one_redis_keep_their_counts_apart_with_a_key_prefix(tmp_path):
    environ = {"PORTAL_ENV": "development", "REDIS_URL": "redis://127.0.0.1:6379/0"}
    staging = from_environment({**environ, "RATELIMIT_KEY_PREFIX": "staging"}, tmp_path)

    assert staging["RATELIMIT_KEY_PREFIX"] == "staging"
    assert "RATELIMIT_KEY_PREFIX" not in from_environment(environ, tmp_path)  # Flask-Limiter's


def test_mail_settings_use_flask_mail_names(tmp_path):
    config = from_environment(
        {
            "PORTAL_ENV": "development",
            "MAIL_SERVER": "smtp.example.org",
            "MAIL_USE_TLS": "true",
            "MAIL_USERNAME": "portal",
            "MAIL_PASSWORD": "pw",
            "MAIL_DEFAULT_SENDER": "Portal <portal@example.org>",
        },
        instance_path=tmp_path,
    )
    assert config["MAIL_SERVER"] == "smtp.example.org"
    assert config["MAIL_PORT"] == 587
    assert config["MAIL_USE_TLS"] is True
    assert config["MAIL_DEFAULT_SENDER"] == "Portal <portal@example.org>"


def test_mail_over_ssl_defaults_to_port_465(tmp_path):
    config = from_environment(
        {"PORTAL_ENV": "development", "MAIL_SERVER": "smtp.example.org", "MAIL_USE_SSL": "1"},
        instance_path=tmp_path,
    )
    assert config["MAIL_PORT"] == 465


def test_a_bad_number_is_explained(tmp_path):
    with pytest.raises(ConfigError, match="MAIL_PORT"):
        from_environment(
            {"PORTAL_ENV": "development", "MAIL_PORT": "twenty"}, instance_path=tmp_path
        )


def test_production_refuses_to_start_without_redis_unless_told_per_process_is_enough(tmp_path):
    environ = {"SECRET_KEY": "s", "PUBLIC_URL": "https://portal.example.org"}
    with pytest.raises(ConfigError, match="REDIS_URL"):
        from_environment(environ, instance_path=tmp_path)
    config = from_environment({**environ, "RATELIMIT_PER_PROCESS": "1"}, instance_path=tmp_path)
    assert config["RATELIMIT_STORAGE_URI"] == "memory://"
    assert config["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"] is True


def test_business_invitations_last_seven_days_unless_configured(tmp_path):
    default = from_environment({"PORTAL_ENV": "development"}, instance_path=tmp_path)
    chosen = from_environment(
        {"PORTAL_ENV": "development", "BUSINESS_INVITATION_DAYS": "3"}, instance_path=tmp_path
    )
    assert default["BUSINESS_INVITATION_DAYS"] == 7
    assert chosen["BUSINESS_INVITATION_DAYS"] == 3


def test_retention_periods_have_the_defaults_the_readme_states(tmp_path):
    config = from_environment({"PORTAL_ENV": "development"}, instance_path=tmp_path)
    assert config["ACCESS_NEEDS_RETENTION_DAYS"] == 30
    assert config["BOOKING_DRAFT_HOURS"] == 24
    assert config["OUTBOX_BODY_RETENTION_DAYS"] == 90
    assert config["FEEDBACK_TEXT_RETENTION_DAYS"] == 2 * 365
    assert config["AUDIT_LOG_RETENTION_DAYS"] == 6 * 365
    assert config["UNCONFIRMED_ACCOUNT_DAYS"] == 30
    assert config["INACTIVE_ACCOUNT_DAYS"] == 3 * 365
    assert config["INACTIVE_ACCOUNT_WARNING_DAYS"] == 30


def test_a_retention_period_can_be_changed(tmp_path):
    config = from_environment(
        {"PORTAL_ENV": "development", "AUDIT_LOG_RETENTION_DAYS": "3650"}, instance_path=tmp_path
    )
    assert config["AUDIT_LOG_RETENTION_DAYS"] == 3650


@pytest.mark.parametrize("value", ["0", "-5"])
def test_a_retention_period_under_one_is_refused(tmp_path, value):
    with pytest.raises(ConfigError, match="AUDIT_LOG_RETENTION_DAYS must be 1 or more"):
        from_environment(
            {"PORTAL_ENV": "development", "AUDIT_LOG_RETENTION_DAYS": value}, instance_path=tmp_path
        )


def test_a_retention_period_that_is_not_a_number_is_explained(tmp_path):
    with pytest.raises(ConfigError, match="OUTBOX_BODY_RETENTION_DAYS must be a whole number"):
        from_environment(
            {"PORTAL_ENV": "development", "OUTBOX_BODY_RETENTION_DAYS": "ninety"},
            instance_path=tmp_path,
        )


def test_the_inactive_account_warning_must_come_before_the_deletion(tmp_path):
    with pytest.raises(ConfigError, match="INACTIVE_ACCOUNT_WARNING_DAYS must be fewer"):
        from_environment(
            {
                "PORTAL_ENV": "development",
                "INACTIVE_ACCOUNT_DAYS": "30",
                "INACTIVE_ACCOUNT_WARNING_DAYS": "30",
            },
            instance_path=tmp_path,
        )


def test_the_privacy_contact_defaults_to_the_contact_email(tmp_path):
    config = from_environment(
        {"PORTAL_ENV": "development", "CONTACT_EMAIL": "team@example.org"}, instance_path=tmp_path
    )
    assert config["PRIVACY_CONTACT_EMAIL"] == "team@example.org"
    assert config["PRIVACY_CONTACT_ADDRESS"] == ""
    own = from_environment(
        {"PORTAL_ENV": "development", "PRIVACY_CONTACT_EMAIL": "dpo@example.org"},
        instance_path=tmp_path,
    )
    assert own["PRIVACY_CONTACT_EMAIL"] == "dpo@example.org"


def test_limits_per_account_have_the_defaults_the_readme_states(tmp_path):
    config = from_environment({"PORTAL_ENV": "development"}, instance_path=tmp_path)
    assert config["MAX_PLACES_PER_SESSION"] == 8
    assert config["MAX_ACTIVE_BOOKINGS"] == 6
    assert config["MAX_COMMENTS_PER_DAY"] == 5
    assert config["MAX_SUGGESTIONS_PER_DAY"] == 5


def test_a_limit_per_account_can_be_changed(tmp_path):
    config = from_environment(
        {"PORTAL_ENV": "development", "MAX_ACTIVE_BOOKINGS": "10"}, instance_path=tmp_path
    )
    assert config["MAX_ACTIVE_BOOKINGS"] == 10


@pytest.mark.parametrize("value", ["0", "-1"])
def test_a_limit_per_account_under_one_is_refused(tmp_path, value):
    with pytest.raises(ConfigError, match="MAX_COMMENTS_PER_DAY must be 1 or more"):
        from_environment(
            {"PORTAL_ENV": "development", "MAX_COMMENTS_PER_DAY": value}, instance_path=tmp_path
        )


def test_a_limit_per_account_that_is_not_a_number_is_explained(tmp_path):
    with pytest.raises(ConfigError, match="MAX_PLACES_PER_SESSION must be a whole number"):
        from_environment(
            {"PORTAL_ENV": "development", "MAX_PLACES_PER_SESSION": "eight"},
            instance_path=tmp_path,
        )


def test_postgresql_connections_are_pooled_as_the_settings_say(tmp_path):
    environ = {
        "PORTAL_ENV": "development",
        "DATABASE_URL": "postgresql://portal@db.internal/portal",
        "DATABASE_POOL_SIZE": "3",
        "DATABASE_MAX_OVERFLOW": "2",
    }
    options = from_environment(environ, instance_path=tmp_path)["SQLALCHEMY_ENGINE_OPTIONS"]
    assert options["pool_size"] == 3
    assert options["max_overflow"] == 2
    assert options["pool_timeout"] == 30
    assert options["pool_pre_ping"] is True
    assert "connect_args" not in options


def test_behind_pgbouncer_no_statement_is_prepared_on_the_server(tmp_path):
    environ = {
        "PORTAL_ENV": "development",
        "DATABASE_URL": "postgres://portal@pgbouncer.internal:6432/portal",
        "PGBOUNCER": "true",
    }
    options = from_environment(environ, instance_path=tmp_path)["SQLALCHEMY_ENGINE_OPTIONS"]
    assert options["connect_args"] == {"prepare_threshold": None}


def test_sqlite_gets_no_pool_sizes(tmp_path):
    options = from_environment({"PORTAL_ENV": "development"}, instance_path=tmp_path)[
        "SQLALCHEMY_ENGINE_OPTIONS"
    ]
    assert options == {"pool_pre_ping": True}


@pytest.mark.parametrize(
    ("name", "value"), [("DATABASE_POOL_SIZE", "0"), ("DATABASE_MAX_OVERFLOW", "-1")]
)
def test_impossible_pool_sizes_are_refused(tmp_path, name, value):
    environ = {"PORTAL_ENV": "development", "DATABASE_URL": "postgresql://p@h/p", name: value}
    with pytest.raises(ConfigError, match=name):
        from_environment(environ, instance_path=tmp_path)


def test_uploads_stay_in_the_media_folder_unless_told(tmp_path):
    from portal.storage import LocalStorage, make_storage

    config = from_environment({"PORTAL_ENV": "development"}, instance_path=tmp_path)

    assert (config["STORAGE"], config["S3_PRESIGNED_FILMS"]) == ("local", False)
    store = make_storage(config)
    assert isinstance(store, LocalStorage) and store.folder == tmp_path / "media"


def test_s3_storage_needs_a_bucket(tmp_path):
    with pytest.raises(ConfigError, match="S3_BUCKET"):
        from_environment({"PORTAL_ENV": "development", "STORAGE": "s3"}, instance_path=tmp_path)


def test_an_unknown_kind_of_storage_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="STORAGE must be 'local' or 's3'"):
        from_environment({"PORTAL_ENV": "development", "STORAGE": "ftp"}, instance_path=tmp_path)


def test_s3_settings_name_the_bucket_the_portal_uses(tmp_path):
    from portal.storage import make_storage

    config = from_environment(
        {
            "PORTAL_ENV": "development",
            "STORAGE": "S3",
            "S3_BUCKET": "bromley-portal",
            "S3_ENDPOINT_URL": "https://minio.example.org",
            "S3_REGION": "eu-west-2",
            "S3_PRESIGNED_FILMS": "true",
        },
        instance_path=tmp_path,
    )

    store = make_storage(config)
    assert store.bucket == "bromley-portal"
    assert store.client.meta.endpoint_url == "https://minio.example.org"
    assert store.client.meta.region_name == "eu-west-2"
    assert config["S3_PRESIGNED_FILMS"] is True
    assert store.origin() == "https://minio.example.org"
