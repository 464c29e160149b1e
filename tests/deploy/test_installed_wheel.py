"""The wheel `pip install .` builds carries the templates, static files and migrations: a host
installs it into a fresh virtual environment, away from any checkout, and it migrates a database
and serves its pages and its fingerprinted files.

The wheel is installed without its dependencies; the fresh environment borrows them from this
one through a .pth line (requirements/production.txt is what a host installs them from). So this
test is about what the wheel itself holds, and needs no network.
"""

import json
import shutil
import site
import subprocess
import sys
import urllib.request
import venv

import pytest

from portal.config import PROJECT_ROOT
from tests.served import free_port, start, wait_until_answering

pytestmark = pytest.mark.slow

SOURCES = ["portal", "templates", "static", "migrations"]
FILES = ["pyproject.toml", "setup.py", "MANIFEST.in", "README.md"]


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh virtual environment holding only the wheel; returns its python."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"  # a copy, so the build leaves nothing in the checkout
    for name in SOURCES:
        shutil.copytree(
            PROJECT_ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__")
        )
    for name in FILES:
        shutil.copy(PROJECT_ROOT / name, source / name)
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", root / "dist", source],
        check=True,
    )
    [wheel] = (root / "dist").glob("*.whl")

    environment = root / "venv"
    venv.create(environment, with_pip=False)
    python = environment / "bin" / "python"
    [packages] = (environment / "lib").glob("python3.*/site-packages")
    (packages / "borrowed-dependencies.pth").write_text(
        "\n".join(p for p in site.getsitepackages() if "site-packages" in p) + "\n"
    )
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", wheel],
        check=True,
    )
    return python


def _environment(tmp_path, port: int) -> dict:
    return {
        "PATH": "/usr/bin:/bin",
        "PORTAL_ENV": "production",
        "SECRET_KEY": "a-test-secret-that-is-long-enough-0123456789",
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.db'}",
        "RATELIMIT_PER_PROCESS": "1",
    }


def test_the_wheel_holds_the_templates_static_files_and_migrations(installed, tmp_path):
    found = subprocess.run(  # noqa: S603
        [
            installed,
            "-c",
            "import portal.config as c; print(c.PACKAGE_DIR, c.TEMPLATES_DIR, c.MIGRATIONS_DIR)",
        ],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    package, templates, migrations = found
    assert package.startswith(str(installed.parent.parent))  # not the checkout
    assert templates == f"{package}/templates"
    assert migrations == f"{package}/migrations"


def test_the_installed_portal_migrates_and_serves_its_pages(installed, tmp_path):
    port = free_port()
    environment = _environment(tmp_path, port)
    subprocess.run(  # noqa: S603
        [installed, "-m", "flask", "--app", "portal", "db", "upgrade"],
        cwd=tmp_path,
        env=environment,
        check=True,
        capture_output=True,
    )
    web = start(
        "web",
        [installed, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "portal:create_app()"],
        env=environment,
        cwd=tmp_path,
        logs=tmp_path,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_answering(web, f"{base}/healthz")
        with urllib.request.urlopen(f"{base}/events") as page:  # noqa: S310 - loopback
            html = page.read().decode()
        assert '<h1 class="govuk-heading-l">Training sessions</h1>' in html  # a template
        manifest = json.loads((PROJECT_ROOT / "static" / "dist" / "manifest.json").read_text())
        assert f"/static/dist/{manifest['portal.css']}" in html
        with urllib.request.urlopen(f"{base}/static/dist/{manifest['portal.css']}") as css:  # noqa: S310
            assert "immutable" in css.headers["Cache-Control"]
            assert len(css.read()) > 10_000
        # The instance folder (uploads, for one) is where an installed package keeps it.
        assert (installed.parent.parent / "var" / "portal-instance").is_dir()
    finally:
        web.stop()
