"""A business's visual story: the photos families look at before they visit.

Services take explicit arguments, flush but never commit, and raise the errors they name.
"""

from __future__ import annotations

from portal.photos import add_photo, remove_photo
from portal.pledges.models import Business, BusinessPhoto


def add_business_photo(
    business: Business, upload, *, alt_text: str, caption: str | None
) -> BusinessPhoto:
    """Store an uploaded photo and put it last in the business's visual story.

    Raises PhotoRefused (from portal.media) when the upload is not a JPEG or PNG we can keep;
    then nothing is stored. The file is deleted again if the transaction does not commit.
    """
    return add_photo(business.photos, BusinessPhoto, upload, alt_text=alt_text, caption=caption)


def remove_business_photo(business: Business, photo: BusinessPhoto) -> None:
    """Take a photo out of the business's visual story; its file is deleted once that commits.

    Raises nothing of its own.
    """
    remove_photo(business.photos, photo)


def business_photo(business: Business, photo_id: int) -> BusinessPhoto | None:
    """One photo of the business's visual story, or None if it has no such photo."""
    return next((photo for photo in business.photos if photo.id == photo_id), None)
