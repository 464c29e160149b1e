"""The files in deploy/ agree with each other and with the portal: systemd accepts the units,
they run the Procfile's commands, and the example environment names only real settings."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from dotenv import dotenv_values

from portal.config import PROJECT_ROOT, from_environment
from tests.served import procfile

DEPLOY = PROJECT_ROOT / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))
INSTALLED_BIN = "/opt/bromley-portal/venv/bin/"


def _exec_start(unit: Path) -> str:
    [line] = re.findall(r"^ExecStart=(.+)$", unit.read_text(), re.MULTILINE)
    return line.removeprefix(INSTALLED_BIN)


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="needs systemd-analyze")
def test_systemd_accepts_the_units(tmp_path):
    for unit in UNITS:
        text = unit.read_text().replace(INSTALLED_BIN, f"{Path(sys.executable).parent}/")
        (tmp_path / unit.name).write_text(text)
    result = subprocess.run(  # noqa: S603
        ["systemd-analyze", "verify", "--man=no", *sorted(tmp_path.glob("*.service"))],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout + result.stderr == ""


def test_the_units_run_the_procfiles_commands():
    commands = procfile(DEPLOY / "Procfile")
    units = {unit.name: _exec_start(unit) for unit in UNITS}
    assert units["bromley-portal-migrate.service"] == commands["release"]
    assert units["bromley-portal-worker.service"] == commands["worker"]
    # The web unit binds where portal.env says; the Procfile defaults to the same place.
    web = units["bromley-portal-web.service"]
    assert web == re.sub(r'"\$\{BIND:-[^"]+"', "${BIND}", commands["web"]).replace("'", "")


def test_the_example_environment_is_a_valid_production_configuration(tmp_path):
    settings = dotenv_values(DEPLOY / "portal.env")
    config = from_environment(settings, instance_path=tmp_path)
    assert config["PORTAL_ENV"] == "production"
    assert config["PROXY_FIX_X_FOR"] == 1
    assert config["PROXY_FIX_X_PROTO"] == 1
    example = (PROJECT_ROOT / ".env.example").read_text()
    deploy_only = {"WEB_CONCURRENCY", "BIND"}  # gunicorn's, not the portal's
    for name in set(settings) - deploy_only:
        assert re.search(rf"^#? ?{name}=", example, re.MULTILINE), name
