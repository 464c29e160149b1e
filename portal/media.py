"""Photos people upload (venue and business visual stories), checked and stored safely."""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import current_app
from PIL import Image, ImageOps, UnidentifiedImageError

# Checked by content (Pillow reads the file's own header), not by the name it was given.
PHOTO_FORMATS = {"JPEG": ".jpg", "PNG": ".png"}
PHOTO_EXTENSIONS = {".jpg", ".jpeg", ".png"}
# Photos are kept at most this many pixels on their longer side: enough for any screen.
DISPLAY_SIZE = 1600
SAVE_OPTIONS = {"JPEG": {"quality": 85, "optimize": True}, "PNG": {"optimize": True}}
# Pillow refuses images bigger than this as possible decompression bombs (its default is ~89 MP).
Image.MAX_IMAGE_PIXELS = 20_000_000


class PhotoRefused(ValueError):
    """The upload is not a JPEG or PNG photo we can keep."""


def media_folder() -> Path:
    """The folder uploads are kept in (MEDIA_FOLDER), outside the static files."""
    return Path(current_app.config["MEDIA_FOLDER"])


def store_photo(upload, folder: Path) -> str:
    """Check an uploaded photo by extension and by content, and store it under a random name.

    What is stored is a fresh copy: turned the way the camera held it, no larger than
    DISPLAY_SIZE on its longer side, and without its metadata (EXIF: where and when it was
    taken, the camera). The original is not kept.

    Raises PhotoRefused. Nothing is written unless the file is a real JPEG or PNG.
    """
    if not upload or not upload.filename:
        raise PhotoRefused("Choose a photo to upload")
    if Path(upload.filename).suffix.lower() not in PHOTO_EXTENSIONS:
        raise PhotoRefused("The photo must be a JPEG or PNG")
    try:
        with Image.open(upload.stream) as image:
            image.verify()
            kind = image.format
    except Image.DecompressionBombError as error:
        raise PhotoRefused("The photo is too big: use one under 20 megapixels") from error
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise PhotoRefused("The photo must be a JPEG or PNG") from error
    if kind not in PHOTO_FORMATS:
        raise PhotoRefused("The photo must be a JPEG or PNG")
    folder.mkdir(parents=True, exist_ok=True)
    filename = secrets.token_hex(16) + PHOTO_FORMATS[kind]
    upload.stream.seek(0)
    try:
        with Image.open(upload.stream) as image:
            copy = ImageOps.exif_transpose(image)
            copy.thumbnail((DISPLAY_SIZE, DISPLAY_SIZE))
            if kind == "JPEG" and copy.mode not in ("RGB", "L"):
                copy = copy.convert("RGB")
            # Saved without exif= or pnginfo=: none of the original's metadata is written.
            copy.save(folder / filename, format=kind, **SAVE_OPTIONS[kind])
    except (OSError, SyntaxError, ValueError) as error:
        (folder / filename).unlink(missing_ok=True)
        raise PhotoRefused("The photo must be a JPEG or PNG") from error
    return filename
