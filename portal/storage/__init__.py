"""Uploaded files behind one small interface (portal/storage/base.py), with two backends: a
folder on this host (LocalStorage, the default) and an S3-compatible object store (S3Storage)
that several hosts share. STORAGE chooses; one store per app, in `app.extensions["storage"]`.
"""

from __future__ import annotations

from flask import Flask, current_app

from portal.storage.base import (
    NOT_SAVED,
    KeyRefused,
    NotSaved,
    NotStored,
    Storage,
    StorageError,
    StoredInfo,
    checked_key,
)
from portal.storage.local import LocalStorage

__all__ = [
    "NOT_SAVED",
    "KeyRefused",
    "LocalStorage",
    "NotSaved",
    "NotStored",
    "Storage",
    "StorageError",
    "StoredInfo",
    "checked_key",
    "make_storage",
    "storage",
]


def make_storage(config) -> Storage:
    """The store the settings name: STORAGE=local (MEDIA_FOLDER) or STORAGE=s3 (S3_*)."""
    if config.get("STORAGE", "local") == "s3":
        from portal.storage.s3 import S3Storage

        return S3Storage(
            config["S3_BUCKET"],
            endpoint_url=config.get("S3_ENDPOINT_URL"),
            region=config.get("S3_REGION"),
            access_key_id=config.get("S3_ACCESS_KEY_ID"),
            secret_access_key=config.get("S3_SECRET_ACCESS_KEY"),
        )
    return LocalStorage(config["MEDIA_FOLDER"])


def init_app(app: Flask) -> None:
    app.extensions["storage"] = make_storage(app.config)


def storage() -> Storage:
    """The current app's store."""
    return current_app.extensions["storage"]
