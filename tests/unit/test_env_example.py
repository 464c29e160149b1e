"""`.env.example` lists every setting the portal reads, and the values it shows are the defaults."""

import ast
import io
import re

import pytest
from dotenv import dotenv_values

from portal.config import PROJECT_ROOT, from_environment

EXAMPLE = (PROJECT_ROOT / ".env.example").read_text()
# The helpers in portal/config.py that read one environment variable, named by a string.
READERS = {"_flag", "_int", "_period", "_schedule"}


def _reads_the_environment(call: ast.Call) -> bool:
    function = call.func
    if isinstance(function, ast.Name):
        return function.id in READERS
    # environ.get("X") and os.environ.get("X"), not config.get("X")
    if isinstance(function, ast.Attribute) and function.attr == "get":
        owner = function.value
        return (isinstance(owner, ast.Name) and owner.id == "environ") or (
            isinstance(owner, ast.Attribute) and owner.attr == "environ"
        )
    return False


def _settings_read_by_the_portal() -> set[str]:
    names = set()
    for path in (PROJECT_ROOT / "portal").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call) or not _reads_the_environment(node):
                continue
            names.update(
                argument.value
                for argument in node.args[:2]
                if isinstance(argument, ast.Constant)
                and isinstance(argument.value, str)
                and re.fullmatch(r"[A-Z][A-Z0-9_]+", argument.value)
            )
    return names


def _example(commented: bool) -> dict[str, str]:
    prefix = "# " if commented else ""
    lines = [
        line.removeprefix(prefix)
        for line in EXAMPLE.splitlines()
        if re.match(rf"{re.escape(prefix)}[A-Z][A-Z0-9_]+=", line)
    ]
    return dotenv_values(stream=io.StringIO("\n".join(lines)))


SHOWN = _example(commented=True)
SET = _example(commented=False)


def test_the_reader_finds_the_settings_it_should():
    found = _settings_read_by_the_portal()
    assert {"SECRET_KEY", "MAIL_USE_TLS", "MAX_PLACES_PER_SESSION", "INSTANCE_PATH"} <= found


def test_every_setting_the_portal_reads_is_listed():
    listed = set(SHOWN) | set(SET)
    assert _settings_read_by_the_portal() - listed == set()


def test_nothing_is_listed_that_the_portal_does_not_read():
    assert (set(SHOWN) | set(SET)) - _settings_read_by_the_portal() == set()


@pytest.mark.parametrize("name", sorted(name for name, value in SHOWN.items() if value))
def test_the_value_shown_is_the_default(name, tmp_path):
    development = {"PORTAL_ENV": "development"}
    default = from_environment(development, instance_path=tmp_path)
    assert from_environment({**development, name: SHOWN[name]}, instance_path=tmp_path) == default


def test_only_the_development_switch_is_set():
    assert SET == {"PORTAL_ENV": "development"}
