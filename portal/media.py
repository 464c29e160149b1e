"""Photos people upload (venue and business visual stories), checked and stored safely."""

from __future__ import annotations

import io
import secrets
import warnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from portal.storage import NotSaved, storage

# Checked by content (Pillow reads the file's own header), not by the name it was given.
PHOTO_FORMATS = {"JPEG": ".jpg", "PNG": ".png"}
PHOTO_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png"}
PHOTO_EXTENSIONS = {".jpg", ".jpeg", ".png"}
# Photos are kept at most this many pixels on their longer side: enough for any screen.
DISPLAY_SIZE = 1600
SAVE_OPTIONS = {"JPEG": {"quality": 85, "optimize": True}, "PNG": {"optimize": True}}
# The most pixels an uploaded image may have (photos and library images): checked explicitly,
# because Pillow's own guard only warns up to twice its limit.
MAX_PIXELS = 20_000_000
# Pillow's own guard stays as a backstop behind the check (read_header turns its warning into a
# refusal too), set high enough that the check answers first with the real size.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS * 4


class PhotoRefused(ValueError):
    """The upload is not a JPEG or PNG photo we can keep (or could not be saved)."""


class TooManyPixels(ValueError):
    """The image has more pixels than the portal takes; the message says so plainly."""


def read_header(stream, *, what: str = "photo") -> tuple[str | None, int, int]:
    """The format, width and height an image says it has, read from its header alone (nothing
    is decoded). Raises TooManyPixels, or Pillow's UnidentifiedImageError/OSError."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(stream) as image:
                kind, (width, height) = image.format, image.size
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
            raise TooManyPixels(
                f"The {what} is far too big. Use one of {MAX_PIXELS // 1_000_000} megapixels "
                "or fewer, like 5000 by 4000"
            ) from error
    problem = too_many_pixels(width, height, what=what)
    if problem:
        raise TooManyPixels(problem)
    return kind, width, height


def too_many_pixels(width: int, height: int, *, what: str = "photo") -> str | None:
    """Say why an image is too big, in plain English, or None if it is fine."""
    if width * height <= MAX_PIXELS:
        return None
    return (
        f"The {what} is {width} by {height} pixels, which is too big. "
        f"Use one of {MAX_PIXELS // 1_000_000} megapixels or fewer, like 5000 by 4000"
    )


def photo_type(filename: str) -> str:
    """The content type of a stored photo, from the extension store_photo gave it."""
    return "image/png" if filename.endswith(".png") else "image/jpeg"


def store_photo(upload) -> str:
    """Check an uploaded photo by extension and by content, and store it under a random name
    (its storage key: photos are kept at the top of the store, outside the static files).

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
        kind, _, _ = read_header(upload.stream)
        upload.stream.seek(0)
        with Image.open(upload.stream) as image:
            image.verify()
    except TooManyPixels as error:
        raise PhotoRefused(str(error)) from error
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise PhotoRefused("The photo must be a JPEG or PNG") from error
    if kind not in PHOTO_FORMATS:
        raise PhotoRefused("The photo must be a JPEG or PNG")
    upload.stream.seek(0)
    try:
        with Image.open(upload.stream) as image:
            copy = ImageOps.exif_transpose(image)
            copy.thumbnail((DISPLAY_SIZE, DISPLAY_SIZE))
            if kind == "JPEG" and copy.mode not in ("RGB", "L"):
                copy = copy.convert("RGB")
    except (OSError, SyntaxError, ValueError) as error:
        raise PhotoRefused("The photo must be a JPEG or PNG") from error
    filename = secrets.token_hex(16) + PHOTO_FORMATS[kind]
    data = io.BytesIO()
    try:
        # Saved without exif= or pnginfo=: none of the original's metadata is written.
        copy.save(data, format=kind, **SAVE_OPTIONS[kind])
        storage().save(filename, data.getvalue(), PHOTO_TYPES[kind])
    except NotSaved as error:
        raise PhotoRefused(str(error)) from error
    except (OSError, ValueError) as error:
        raise PhotoRefused("The photo must be a JPEG or PNG") from error
    return filename
