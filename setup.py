"""Build hook (the rest of the build is in pyproject.toml).

The wheel carries the templates, static files and migrations inside the `portal` package, so a
host can run the portal from `pip install` without the checkout: `portal.config` looks for them
there first. An editable install (`pip install -e .`) reads them from the checkout instead.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SHIPPED = ("templates", "static", "migrations")


class BuildWithShippedFiles(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        for name in SHIPPED:
            shutil.copytree(
                Path(name),
                Path(self.build_lib, "portal", name),
                dirs_exist_ok=True,
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
            )


setup(cmdclass={"build_py": BuildWithShippedFiles})
