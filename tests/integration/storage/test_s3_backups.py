"""Backups with STORAGE=s3: the archive holds every object in the bucket, and a restore puts
them, byte for byte, into another (empty) bucket, on moto's S3 server over HTTP."""

from __future__ import annotations

import hashlib
import io

import pytest
from flask import Flask
from flask_migrate import upgrade
from PIL import Image
from werkzeug.datastructures import FileStorage

from portal import create_app
from portal.backups.services import TargetNotEmpty, create_backup, restore_backup
from portal.dates import utcnow
from portal.extensions import db
from portal.pledges.photos import add_business_photo
from portal.storage import Storage
from tests.conftest import make_config
from tests.factories import make_business, make_library_item
from tests.integration.backups.test_backups import where

pytestmark = pytest.mark.slow


def _portal(tmp_path, name: str, settings: dict) -> Flask:
    folder = tmp_path / name
    return create_app(make_config(f"sqlite:///{folder}.db", folder / "instance", **settings))


def _contents(store: Storage) -> dict[str, str]:
    stored = store.keys()
    return {key: hashlib.sha256(store.read_bytes(key)).hexdigest() for key in stored}


def _png() -> FileStorage:
    data = io.BytesIO()
    Image.new("RGB", (30, 20), (91, 42, 134)).save(data, format="PNG")
    data.seek(0)
    return FileStorage(stream=data, filename="door.png")


def test_a_bucket_is_backed_up_and_restored_into_another_bucket(tmp_path, new_bucket):
    source = _portal(tmp_path, "source", new_bucket())
    with source.app_context():
        upgrade()
        make_library_item(formats=("Easy read",))
        add_business_photo(make_business(), _png(), alt_text="The way in", caption="")
        db.session.commit()
        db.session.remove()
    original = _contents(source.extensions["storage"])
    assert len(original) == 3
    assert any(key.startswith("library/") for key in original)
    assert any("/" not in key for key in original)

    report = create_backup(
        tmp_path / "backup.tar.gz", portal_version="test", now=utcnow(), **where(source)
    )
    assert {f"media/{key}" for key in original} <= set(report.manifest["files"])

    target = _portal(tmp_path, "target", new_bucket())
    restored = restore_backup(report.path, **where(target))

    assert restored.files == 3
    assert _contents(target.extensions["storage"]) == original
    assert not (tmp_path / "target" / "instance" / "media").exists()


def test_a_restore_refuses_a_bucket_that_holds_files_and_says_which(tmp_path, new_bucket):
    source = _portal(tmp_path, "source", new_bucket())
    with source.app_context():
        upgrade()
        db.session.remove()
    report = create_backup(
        tmp_path / "backup.tar.gz", portal_version="test", now=utcnow(), **where(source)
    )
    target = _portal(tmp_path, "target", new_bucket())
    target.extensions["storage"].save("library/kept.pdf", b"%PDF-1.4 kept", "application/pdf")

    with pytest.raises(TargetNotEmpty, match=r"holds 1 file\(s\), such as library/kept.pdf"):
        restore_backup(report.path, **where(target))

    assert target.extensions["storage"].keys() == ["library/kept.pdf"]
