"""Where the app's local store (STORAGE=local, the tests' default) keeps files, for tests that
look at the folder itself: what is left behind, hard links, partial files."""

from pathlib import Path

from flask import current_app


def media_folder() -> Path:
    return Path(current_app.config["MEDIA_FOLDER"])


def library_folder() -> Path:
    return media_folder() / "library"
