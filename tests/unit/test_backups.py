"""pg_dump and pg_restore get the connection from DATABASE_URL, the password only through
their environment: a command line is visible to every user of the host (`ps`)."""

from sqlalchemy import make_url

from portal.backups.databases import libpq_arguments


def test_the_password_goes_in_pgpassword_never_on_the_command_line():
    url = make_url(
        "postgresql+psycopg://portal:s3cret-pass@db.internal:6543/portal?sslmode=verify-full"
    )

    arguments, environment = libpq_arguments(url)

    assert arguments == [
        "--dbname=portal",
        "--host=db.internal",
        "--port=6543",
        "--username=portal",
    ]
    assert not any("s3cret-pass" in argument for argument in arguments)
    assert environment["PGPASSWORD"] == "s3cret-pass"
    assert environment["PGSSLMODE"] == "verify-full"


def test_a_unix_socket_in_the_query_string_is_passed_as_pghost():
    arguments, environment = libpq_arguments(
        make_url("postgresql+psycopg://portal@/portal?host=/var/run/postgresql")
    )

    assert arguments == ["--dbname=portal", "--username=portal"]
    assert environment["PGHOST"] == "/var/run/postgresql"
    assert "PGPASSWORD" not in environment
